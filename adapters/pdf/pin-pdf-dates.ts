import { BillingError } from '../../domain/errors';

/**
 * Chromium (Skia) writes the only wall-clock dependent bytes of its PDFs in the document
 * information dictionary: `/CreationDate (D:20260101120000+00'00')` and the same /ModDate.
 * Everything else (object order, font subset tags AAAAAA+, BAAAAA+..., streams) follows
 * from the HTML, the fonts and the Chromium build, and Skia writes no /ID. Pinning both
 * dates to the invoice's own instant makes a retried render byte-for-byte identical.
 *
 * The new date has the same length as the old one, so the cross-reference table's byte
 * offsets stay valid and the file needs no rewriting. The dictionary is found the way a
 * PDF reader finds it (startxref -> xref table -> trailer /Info -> object offset) rather
 * than by searching the whole file, where compressed stream bytes could match by chance.
 */
export function pinPdfDates(pdf: Buffer, atMs: number): Buffer {
  const info = locateInfoDictionary(pdf);
  const text = pdf.toString('latin1', info.start, info.end);
  const out = Buffer.from(pdf);
  let pinned = 0;
  for (const match of text.matchAll(/\/(?:CreationDate|ModDate) \((D:[^)]*)\)/g)) {
    const old = match[1] ?? '';
    const replacement = pdfDate(atMs, old.length);
    if (replacement === undefined) throw unrecognized(`date "${old}" has an unknown form`);
    const at = info.start + (match.index ?? 0) + match[0].indexOf('(') + 1;
    out.write(replacement, at, 'latin1');
    pinned += 1;
  }
  if (pinned !== 2) throw unrecognized(`found ${pinned} of CreationDate/ModDate`);
  return out;
}

/**
 * A PDF date (ISO 32000 7.9.4) in UTC, in the form Skia uses: `D:YYYYMMDDHHmmSS+00'00'`
 * (23 characters); the shorter `...Z` and zone-less forms are matched by length.
 */
export function pdfDate(atMs: number, length = 23): string | undefined {
  const iso = new Date(atMs).toISOString(); // 2026-01-01T12:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const forms = [`D:${digits}+00'00'`, `D:${digits}Z`, `D:${digits}`];
  return forms.find((form) => form.length === length);
}

function locateInfoDictionary(pdf: Buffer): { start: number; end: number } {
  const tail = pdf.toString('latin1', Math.max(0, pdf.length - 2048));
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const infoRef = /trailer\s*<<[\s\S]*?\/Info (\d+) 0 R/.exec(tail);
  if (!startxref || !infoRef) throw unrecognized('no classic trailer with /Info');
  const xrefAt = Number(startxref[1]);
  const infoObject = Number(infoRef[1]);
  const xref = /^xref\s+(\d+) (\d+)\s+/.exec(pdf.toString('latin1', xrefAt, xrefAt + 64));
  const first = Number(xref?.[1]);
  const count = Number(xref?.[2]);
  if (!xref || infoObject < first || infoObject >= first + count) {
    throw unrecognized('the xref table does not list the /Info object');
  }
  // Each xref entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, ...
  const entryAt = xrefAt + xref[0].length + 20 * (infoObject - first);
  const start = Number(pdf.toString('latin1', entryAt, entryAt + 10));
  const header = `${infoObject} 0 obj`;
  const end = pdf.indexOf('endobj', start, 'latin1');
  if (pdf.toString('latin1', start, start + header.length) !== header || end < 0) {
    throw unrecognized('the /Info offset does not point at its object');
  }
  return { start, end };
}

function unrecognized(reason: string): BillingError {
  // Not retryable: the same Chromium writes the same layout again; this needs a code change.
  return new BillingError('pdf_metadata_unrecognized', `cannot pin the PDF dates: ${reason}`, {
    details: { reason },
  });
}
