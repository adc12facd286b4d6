import type { Dimensions } from '../events';

/**
 * The dimension that carries an event's project through metering and rating. An event's
 * `projectId` is stored in the ledger under this key of its dimensions (the ledger's
 * `project_id` column is generated from it), so every usage group knows its project without
 * a second key next to the dimensions. `$` keeps it apart from user dimension names: a
 * client may not send it as a dimension (the batch is rejected naming the key).
 *
 * Example: {projectId: "web", dimensions: {region: "fsn1"}} -> {region: "fsn1", $project: "web"}.
 */
export const PROJECT_DIMENSION = '$project';

/** The event's dimensions with its project folded in; unchanged without a project. */
export function withProject(
  dimensions: Dimensions | null,
  projectId: string | null,
): Dimensions | null {
  if (projectId === null) return dimensions;
  return { ...(dimensions ?? {}), [PROJECT_DIMENSION]: projectId };
}

/** The project a usage group belongs to; null: the account itself. */
export function projectOf(dimensions: Dimensions | null): string | null {
  if (dimensions === null || !Object.hasOwn(dimensions, PROJECT_DIMENSION)) return null;
  return dimensions[PROJECT_DIMENSION] ?? null;
}

/** The dimensions without the project: what documents print and what lines group by. */
export function withoutProject(dimensions: Dimensions): Dimensions {
  if (!Object.hasOwn(dimensions, PROJECT_DIMENSION)) return dimensions;
  const { [PROJECT_DIMENSION]: _project, ...rest } = dimensions;
  return rest;
}
