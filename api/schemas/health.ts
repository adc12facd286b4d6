import { z } from 'zod';

/** What /healthz answers: "ok" per dependency, or why it failed. */
export const healthSchema = z
  .strictObject({
    status: z.enum(['ok', 'unavailable']),
    checks: z.strictObject({ database: z.string(), temporal: z.string() }),
  })
  .meta({ id: 'Health' });
