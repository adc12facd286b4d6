import {
  saveUsageSummary,
  type SaveUsageSummaryDeps,
  type UsageSummary,
} from '../services/save-usage-summary';
import { noMetrics, type Metrics } from '../services/metrics';

export type UsageSummaryActivityDeps = SaveUsageSummaryDeps & { metrics?: Metrics };

export function createUsageSummaryActivities(deps: UsageSummaryActivityDeps) {
  return {
    /** Persists a period's usage: provisional at its end, final after its grace; idempotent. */
    async persistUsageSummary(
      summary: UsageSummary & { final: boolean },
    ): Promise<{ created: boolean }> {
      const saved = await saveUsageSummary(deps, summary);
      // Stored for the first time: a retry or a replay finds it and is not counted again.
      if (saved.created) {
        (deps.metrics ?? noMetrics).periodClosed(summary.final ? 'final' : 'provisional');
      }
      return saved;
    },
  };
}

export type UsageSummaryActivities = ReturnType<typeof createUsageSummaryActivities>;
