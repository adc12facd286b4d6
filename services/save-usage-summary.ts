import type { Database } from '../db/client';
import {
  saveUsageSummary as writeUsageSummary,
  type UsageSummary,
} from '../db/repositories/usage-summaries.repository';

export type { UsageSummary };

export interface SaveUsageSummaryDeps {
  db: Database;
}

/**
 * Persists a period's usage: provisional at its end (replaced by later writes), final after
 * its grace (written once, so a retried or replayed close is a no-op). `created` is false
 * when nothing was written.
 */
export async function saveUsageSummary(
  deps: SaveUsageSummaryDeps,
  summary: UsageSummary & { final: boolean },
): Promise<{ created: boolean }> {
  return { created: await writeUsageSummary(deps.db, summary) };
}
