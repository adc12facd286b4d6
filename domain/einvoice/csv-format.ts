/**
 * RFC 4180 fields and records: CRLF after every record, a field quoted when it holds a comma,
 * a double quote, CR or LF, and inner quotes doubled.
 *
 * Text fields are also guarded against CSV (formula) injection: a spreadsheet runs a cell
 * that starts with = + - @ (or tab / CR, which some strip before parsing) as a formula, so
 * a customer named "=HYPERLINK(...)" could act in the accountant's spreadsheet. Such a
 * text value gets a leading single quote (OWASP's advice). Amounts, quantities and dates
 * are written as `number` fields and never guarded: "-5.00" must stay a number.
 */
export type CsvField = { text: string } | { number: string };

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export const text = (value: string): CsvField => ({ text: value });
export const num = (value: string): CsvField => ({ number: value });

export function csvField(field: CsvField): string {
  const raw =
    'text' in field && FORMULA_START.test(field.text)
      ? `'${field.text}`
      : 'text' in field
        ? field.text
        : field.number;
  return NEEDS_QUOTES.test(raw) ? `"${raw.replace(/"/g, '""')}"` : raw;
}

/** A header row (plain names) and one record per row, each ended by CRLF. */
export function csvTable(
  header: readonly string[],
  rows: readonly (readonly CsvField[])[],
): string {
  return [header.map((name) => csvField(text(name))), ...rows.map((row) => row.map(csvField))]
    .map((record) => `${record.join(',')}\r\n`)
    .join('');
}
