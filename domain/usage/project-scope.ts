import { PROJECT_DIMENSION } from '../projects/project-dimension';
import type { CostPart, PricedPeriod } from './price-usage';
import { costKey } from './price-usage';
import type { UsageSeries } from './series';

/**
 * The group key of usage that belongs to no project (the account's own): project ids are
 * letters, digits, ".", "_", ":" and "-" only, so it never names a project.
 */
export const NO_PROJECT_KEY = '(no project)';

/**
 * The project of a dimension set given by its key (dimensionsKey: sorted [name, value]
 * pairs as JSON); null: the account itself. Example: `[["$project","web"],["region","fsn1"]]`
 * -> "web"; `[]` -> null.
 */
export function projectOfDimensionsKey(key: string): string | null {
  const pairs = JSON.parse(key) as [string, string][];
  return pairs.find(([name]) => name === PROJECT_DIMENSION)?.[1] ?? null;
}

/**
 * The project key of a series that holds one project's usage (splitByProject): its project id,
 * or NO_PROJECT_KEY for the account's own usage.
 */
export function projectKeyOf(series: Pick<UsageSeries, 'segments' | 'counters' | 'runStarts'>) {
  const key =
    series.segments[0]?.dimensionsKey ??
    series.counters[0]?.dimensionsKey ??
    series.runStarts[0]?.dimensionsKey;
  return (key === undefined ? null : projectOfDimensionsKey(key)) ?? NO_PROJECT_KEY;
}

/**
 * The periods cut by project: each period becomes one period per project with usage in it
 * (the account's own first, then projects by id), holding only that project's series and
 * their cost parts; `keep` drops the other projects. A resource that moved between projects
 * (a resize with another projectId) is one series per project: its segments, counters and
 * run starts by their dimensions, the run still open with the project of its last segment.
 * Each cost part is one project's (ratePeriod splits every line by project), so the parts
 * go with their project and nothing is counted twice: the projects' figures add up exactly to
 * the period's.
 *
 * Example: vm-1 runs for project web 10:00-11:00, then is resized into project data until
 * 12:00 -> web holds vm-1's first hour and the cost part of line `vm:[]#web`, data the second
 * and `vm:[]#data`.
 */
export function splitByProject(
  periods: readonly PricedPeriod[],
  keep: (projectId: string | null) => boolean = () => true,
): PricedPeriod[] {
  const keys = new Map<string, string | null>();
  const projectOfKey = (key: string): string | null => {
    if (!keys.has(key)) keys.set(key, projectOfDimensionsKey(key));
    return keys.get(key) ?? null;
  };
  const out: PricedPeriod[] = [];
  for (const period of periods) {
    const byProject = new Map<string | null, UsageSeries[]>();
    for (const series of period.series) {
      for (const [projectId, part] of seriesByProject(series, projectOfKey)) {
        if (!keep(projectId)) continue;
        byProject.set(projectId, [...(byProject.get(projectId) ?? []), part]);
      }
    }
    const projects = [...byProject.keys()].sort((a, b) =>
      a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0,
    );
    for (const projectId of projects) {
      const series = byProject.get(projectId) ?? [];
      const costs = new Map<string, CostPart[]>();
      for (const s of series) {
        const key = costKey(s.resourceId, s.meter);
        const parts = (period.costs.get(key) ?? []).filter((part) =>
          [...part.dimensionsKeys].some((k) => projectOfKey(k) === projectId),
        );
        if (parts.length > 0) costs.set(key, parts);
      }
      out.push({ ...period, series, costs });
    }
  }
  return out;
}

/** A series cut by project (one entry, the series itself, when it has a single project). */
function seriesByProject(
  series: UsageSeries,
  projectOfKey: (key: string) => string | null,
): [string | null, UsageSeries][] {
  const projects = new Set<string | null>();
  for (const s of series.segments) projects.add(projectOfKey(s.dimensionsKey));
  for (const c of series.counters) projects.add(projectOfKey(c.dimensionsKey));
  for (const r of series.runStarts) projects.add(projectOfKey(r.dimensionsKey));
  if (projects.size <= 1) return [[projects.values().next().value ?? null, series]];
  const last = series.segments[series.segments.length - 1];
  const openProject = last === undefined ? null : projectOfKey(last.dimensionsKey);
  return [...projects].map((projectId) => [
    projectId,
    {
      resourceId: series.resourceId,
      meter: series.meter,
      segments: series.segments.filter((s) => projectOfKey(s.dimensionsKey) === projectId),
      counters: series.counters.filter((c) => projectOfKey(c.dimensionsKey) === projectId),
      runStarts: series.runStarts.filter((r) => projectOfKey(r.dimensionsKey) === projectId),
      openRunStartMs: projectId === openProject ? series.openRunStartMs : null,
    },
  ]);
}

/**
 * The usage a read shows: one project's (`projectId`), or the whole account's; cut by project
 * when the read groups by project (`byProject`), so each series has one project's key.
 */
export function scopeToProject(
  periods: readonly PricedPeriod[],
  projectId: string | null,
  byProject: boolean,
): readonly PricedPeriod[] {
  if (projectId !== null) return splitByProject(periods, (p) => p === projectId);
  return byProject ? splitByProject(periods) : periods;
}
