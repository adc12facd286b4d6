import { and, eq, gt, lt, or, type Column, type SQL } from 'drizzle-orm';

/**
 * The rows strictly after a key in a keyset order: `(c1, c2) > (v1, v2)` written out as
 * `c1 > v1 OR (c1 = v1 AND c2 > v2)`, so each value is bound through its column (a Date for a
 * timestamp) on PostgreSQL and PGlite alike. `desc` reads the same order backwards (`<`).
 */
export function afterKey(
  columns: readonly Column[],
  values: readonly unknown[],
  direction: 'asc' | 'desc' = 'asc',
): SQL | undefined {
  const beyond = direction === 'asc' ? gt : lt;
  const branches = columns.map((column, index) =>
    and(
      ...columns.slice(0, index).map((earlier, at) => eq(earlier, values[at])),
      beyond(column, values[index]),
    ),
  );
  return or(...branches);
}
