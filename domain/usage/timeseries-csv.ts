import { csvTable, num, text } from '../einvoice/csv-format';
import { toIso } from '../time';
import type { UsageBucket } from './bucketize';

/**
 * The timeseries table as RFC 4180 CSV (csv-format.ts: quoting and formula guarding): one
 * row per bucket and group, `start,end,key,quantity,unit,cost`, instants in RFC 3339 UTC, the
 * exact decimal strings of the JSON answer, an empty cost where no price rated the group.
 */
export function timeseriesCsv(buckets: readonly UsageBucket[]): string {
  const rows = buckets.flatMap((bucket) =>
    bucket.groups.map((group) => [
      num(toIso(bucket.startMs)),
      num(toIso(bucket.endMs)),
      text(group.key),
      num(group.quantity),
      text(group.unit),
      num(group.cost ?? ''),
    ]),
  );
  return csvTable(['start', 'end', 'key', 'quantity', 'unit', 'cost'], rows);
}
