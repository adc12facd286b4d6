import type { Database } from '../db/client';
import { saveUsageSummary, type UsageSummary } from '../db/repositories/usage-summaries.repository';

export interface UsageSummaryActivityDeps {
  db: Database;
}

export function createUsageSummaryActivities({ db }: UsageSummaryActivityDeps) {
  return {
    /** Persists a closed period's usage; idempotent per customer and period. */
    async persistUsageSummary(summary: UsageSummary): Promise<{ created: boolean }> {
      return { created: await saveUsageSummary(db, summary) };
    },
  };
}

export type UsageSummaryActivities = ReturnType<typeof createUsageSummaryActivities>;
