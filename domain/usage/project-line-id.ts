import type { Dimensions } from '../events';
import { dimensionsKey } from '../metering/dimensions';
import { projectOf, withoutProject } from '../projects/project-dimension';
import { projectLineId } from '../projects/split-line';
import { lineDimensions } from '../rating/match-price';
import type { Price } from '../rating/types';

/**
 * The id of the invoice line a usage group of a project lands on, derived as ratePeriod
 * derives it (domain/rating/rate-period.ts, then split-line.ts): organization-wide pricing
 * rates the line without the project (unless the price groups by it) and then splits it by
 * project, the project's part keeping the line id with `#<project>`.
 *
 * Example: price "vm" without groupBy, group {region: "fsn1", $project: "web"} ->
 * `vm:[["region","fsn1"]]#web`; the same group of the account itself -> `vm:[["region","fsn1"]]`.
 */
export function projectGroupLineId(price: Price, dimensions: Dimensions): string {
  const projectId = projectOf(dimensions);
  const picked = lineDimensions(
    price,
    price.groupBy === undefined ? withoutProject(dimensions) : dimensions,
  );
  const key =
    price.groupBy === undefined && projectId === null
      ? dimensionsKey(dimensions)
      : dimensionsKey(picked);
  return projectLineId(`${price.id}:${key}`, projectId);
}
