/** How a rated line is named in e-invoices and exports. */

/** Dimension entries by key, so the same line always gives the same text. */
export const sortedDimensions = (dimensions: Record<string, string>): [string, string][] =>
  Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** "region=eu-1;size=large": keys sorted so the same line always gives the same text. */
export function dimensionsField(dimensions: Record<string, string>): string {
  return sortedDimensions(dimensions)
    .map(([key, value]) => `${key}=${value}`)
    .join(';');
}

/** The meter and its dimensions: "compute.vm (region=eu-1, size=large)", as on the UBL line. */
export function lineDescription(meter: string, dimensions: Record<string, string>): string {
  const entries = sortedDimensions(dimensions).map(([key, value]) => `${key}=${value}`);
  return entries.length === 0 ? meter : `${meter} (${entries.join(', ')})`;
}
