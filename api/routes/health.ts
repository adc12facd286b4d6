import { Router } from 'express';
import type { ApiDeps } from '../deps';

const TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/** 200 when the database and Temporal answer; 503 naming the failing part otherwise. */
export function healthRouter({ database, pingTemporal }: ApiDeps): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [databaseStatus, temporalStatus] = await Promise.all([
      check(() => database.ping()),
      check(pingTemporal),
    ]);
    const healthy = databaseStatus === 'ok' && temporalStatus === 'ok';
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'unavailable',
      checks: { database: databaseStatus, temporal: temporalStatus },
    });
  });
  return router;
}
