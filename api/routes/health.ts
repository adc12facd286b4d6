import { checkHealth } from '../../services/check-health';
import { defineRoute, json } from '../contract/route';
import { healthSchema } from '../schemas/health';

/** 200 when the database and Temporal answer; 503 naming the failing part otherwise. */
export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    tag: 'Health',
    summary: 'Whether the database and Temporal answer',
    access: 'public',
    responses: {
      200: { description: 'Healthy', schema: healthSchema },
      503: { description: 'A dependency does not answer; `checks` names it', schema: healthSchema },
    },
    handle: async (_input, deps) => {
      const health = await checkHealth({
        pingDatabase: () => deps.database.ping(),
        pingTemporal: deps.pingTemporal,
      });
      return json(health.healthy ? 200 : 503, { status: health.status, checks: health.checks });
    },
  }),
];
