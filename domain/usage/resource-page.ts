import { Decimal } from '../decimal';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from '../pagination';
import type { ResourceTotal } from './resource-totals';

/** A cursor's cost for an unpriced resource (they sort after every priced one). */
const UNPRICED = 'none';

const keyOf = (r: ResourceTotal): [string, string, string] => [
  r.cost ?? UNPRICED,
  r.resourceId,
  r.meter,
];

/** The order of totalsPerResource: cost descending (unpriced last), resource id, meter. */
function compareKeys(a: readonly [string, string, string], b: readonly [string, string, string]) {
  const [costA, costB] = [a[0], b[0]];
  if (costA !== costB) {
    if (costA === UNPRICED) return 1;
    if (costB === UNPRICED) return -1;
    const diff = new Decimal(costB).comparedTo(new Decimal(costA));
    if (diff !== 0) return diff;
  }
  for (const i of [1, 2] as const) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/**
 * A page of resources in the order of totalsPerResource. The cursor is the key (cost,
 * resource id, meter) of the last item seen, so a page never repeats or skips an item whose
 * figures did not change; one that grew meanwhile (usage goes on) may move past the cursor.
 * Worked example: costs 3, 2, 1 with limit 2 -> [3, 2] and a cursor of ["2", id, meter];
 * then [1] and null.
 */
export function pageOfResources(
  sorted: readonly ResourceTotal[],
  request: PageRequest,
): Page<ResourceTotal> {
  let start = 0;
  if (request.cursor !== undefined) {
    const key = decodeCursor(request.cursor, ['string', 'string', 'string'] as const);
    if (key[0] !== UNPRICED && !/^\d+(\.\d+)?$/.test(key[0])) {
      // Not a cost this list writes: the same 400 as any other foreign cursor.
      decodeCursor('!', ['string']);
    }
    start = sorted.findIndex((item) => compareKeys(keyOf(item), key) > 0);
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + request.limit);
  const last = items[items.length - 1];
  const more = start + request.limit < sorted.length;
  return { items, nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}
