import { pdfDate, pinPdfDates } from '../../adapters/pdf/pin-pdf-dates';
import { BillingError } from '../../domain/errors';

const JAN_15_0930_UTC = Date.UTC(2026, 0, 15, 9, 30, 0);

/**
 * A classic PDF laid out like Skia's: the info dictionary first, an xref table with
 * 20-byte entries, a trailer naming /Info. `decoy` goes into an unrelated object.
 */
function skiaLikePdf(info: string, decoy = '(no dates here)'): Buffer {
  const bodies = [
    info,
    '<</Type /Catalog /Pages 3 0 R>>',
    `<</Type /Pages /Kids [] /Count 0 /Note ${decoy}>>`,
  ];
  let text = '%PDF-1.4\n';
  const offsets = bodies.map((body, index) => {
    const at = text.length;
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xrefAt = text.length;
  text += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<</Size ${bodies.length + 1}\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF`;
  return Buffer.from(text, 'latin1');
}

const info = (created: string, modified: string) =>
  `<</Title (Invoice)\n/Producer (Skia/PDF m156)\n/CreationDate (${created})\n/ModDate (${modified})>>`;

describe('pdfDate', () => {
  it.each([
    [0, 23, "D:19700101000000+00'00'"],
    [JAN_15_0930_UTC, 23, "D:20260115093000+00'00'"],
    [JAN_15_0930_UTC + 999, 23, "D:20260115093000+00'00'"],
    [JAN_15_0930_UTC, 17, 'D:20260115093000Z'],
    [JAN_15_0930_UTC, 16, 'D:20260115093000'],
    [JAN_15_0930_UTC, 10, undefined],
  ])('%p with length %p is %p', (atMs, length, expected) => {
    expect(pdfDate(atMs, length)).toBe(expected);
  });
});

describe('pinPdfDates', () => {
  it('rewrites both dates in place, leaving every other byte and offset as it was', () => {
    const decoy = "(/CreationDate (D:20991231235959+00'00'))";
    const original = skiaLikePdf(info("D:20261124070609+00'00'", "D:20261124070610+00'00'"), decoy);
    const pinned = pinPdfDates(original, JAN_15_0930_UTC);
    const expected = skiaLikePdf(info("D:20260115093000+00'00'", "D:20260115093000+00'00'"), decoy);
    expect(pinned.toString('latin1')).toBe(expected.toString('latin1'));
    expect(original.toString('latin1')).toContain('D:20261124070609'); // input untouched
  });

  it('keeps the shorter UTC form when the writer used it', () => {
    const pinned = pinPdfDates(skiaLikePdf(info('D:20261124070609Z', 'D:20261124070609Z')), 0);
    expect(pinned.toString('latin1')).toBe(
      skiaLikePdf(info('D:19700101000000Z', 'D:19700101000000Z')).toString('latin1'),
    );
  });

  const ok = "D:20261124070609+00'00'";
  it.each([
    ['no trailer', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n', 'latin1')],
    ['no dates', skiaLikePdf('<</Title (Invoice)>>')],
    ['one date', skiaLikePdf(`<</CreationDate (${ok})>>`)],
    ['a date of unknown form', skiaLikePdf(info(ok, 'D:2026'))],
    [
      'a bad xref offset',
      Buffer.from(
        skiaLikePdf(info(ok, ok))
          .toString('latin1')
          .replace('0000000009 00000 n', '0000000010 00000 n'),
        'latin1',
      ),
    ],
  ])('refuses a PDF with %s (a silent miss would break byte-identical retries)', (_, pdf) => {
    let thrown: unknown;
    try {
      pinPdfDates(pdf, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BillingError);
    expect(thrown).toMatchObject({ code: 'pdf_metadata_unrecognized', retryable: false });
  });
});
