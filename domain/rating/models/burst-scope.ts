import { projectOf } from '../../projects/project-dimension';
import type { LineResource } from '../line';
import type { BurstScope } from '../types';

/**
 * The resources of a line grouped by a burst scope, as indexes into `resources` (sorted by
 * resource id, so groups come out in a stable order): 'resource' one group per resource,
 * 'account' one group of all, 'project' one group per project (the `$project` dimension of
 * domain/projects; usage of the account itself forms its own group). A resource whose groups name several projects goes with the
 * project of its first group (its dimensions sorted), so each resource is counted once.
 */
export function scopeGroups(resources: readonly LineResource[], scope: BurstScope): number[][] {
  if (scope === 'resource') return resources.map((_, i) => [i]);
  if (scope === 'account') return resources.length === 0 ? [] : [resources.map((_, i) => i)];
  const byProject = new Map<string, number[]>();
  resources.forEach((resource, i) => {
    const first = resource.groups[0];
    const project = first === undefined ? null : projectOf(first.dimensions);
    const key = project === null ? '' : `p:${project}`;
    const members = byProject.get(key);
    if (members === undefined) byProject.set(key, [i]);
    else members.push(i);
  });
  return [...byProject.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, members]) => members);
}
