import type { Database } from '../db/client';
import { saveUsageSummary, type UsageSummary } from '../db/repositories/usage-summaries.repository';

export interface UsageSummaryActivityDeps {
  db: Database;
}

export function createUsageSummaryActivities({ db }: UsageSummaryActivityDeps) {
  return {
    /** Persists a period's usage: provisional at its end, final after its grace; idempotent. */
    async persistUsageSummary(
      summary: UsageSummary & { final: boolean },
    ): Promise<{ created: boolean }> {
      return { created: await saveUsageSummary(db, summary) };
    },
  };
}

export type UsageSummaryActivities = ReturnType<typeof createUsageSummaryActivities>;
