import {
  saveUsageSummary,
  type SaveUsageSummaryDeps,
  type UsageSummary,
} from '../services/save-usage-summary';

export type UsageSummaryActivityDeps = SaveUsageSummaryDeps;

export function createUsageSummaryActivities(deps: UsageSummaryActivityDeps) {
  return {
    /** Persists a period's usage: provisional at its end, final after its grace; idempotent. */
    async persistUsageSummary(
      summary: UsageSummary & { final: boolean },
    ): Promise<{ created: boolean }> {
      return saveUsageSummary(deps, summary);
    },
  };
}

export type UsageSummaryActivities = ReturnType<typeof createUsageSummaryActivities>;
