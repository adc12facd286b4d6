import { toInvoiceViewModel } from '../../domain/documents/view-model';
import { renderInvoiceEmail, renderInvoiceHtml } from '../../emails/render';
import {
  buildLargeInvoice,
  sampleCreditNote,
  sampleEurInvoice,
  sampleJpyInvoice,
} from '../../emails/samples';

const URL = 'https://billing.example/invoices/inv-cus_acme-1793487600000';

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('invoice document HTML', () => {
  it('prints the number, every line, every resource and every total', async () => {
    const html = await renderInvoiceHtml(toInvoiceViewModel(sampleEurInvoice));
    const expected = [
      '<title>Invoice INV-2026-000042</title>',
      'INV-2026-000042',
      '1 Nov 2026 – 30 Nov 2026',
      '30 Dec 2026',
      'vm.cpu · size=s-2vcpu',
      'volume.storage · class=ssd',
      'Adjustment (late usage): vm.cpu · size=s-1vcpu',
      '<td class="num">€0.0000115</td>',
      '<td class="resource">vm-web-1</td>',
      '<td class="resource">vol-scratch</td>',
      '<td class="resource">vm-late-3</td>',
      '<td>Subtotal</td><td class="amount">€60.55</td>',
      '<td>Discount (WELCOME10)</td><td class="amount">-€6.06</td>',
      '<td>Total excl. tax</td><td class="amount">€54.49</td>',
      '<td>VAT 19% on €54.49</td><td class="amount">€10.35</td>',
      '<td>Total</td><td class="amount">€64.84</td>',
      '<td>Credits applied</td><td class="amount">-€20.00</td>',
      '<td>Amount due</td><td class="amount">€44.84</td>',
      'DE89 3704 0044 0532 0130 00',
      // Print rules: header repeated on each page, rows kept whole, A4, the embedded font.
      '<thead>',
      '.lines thead { display: table-header-group; }',
      '.lines tr { page-break-inside: avoid; break-inside: avoid; }',
      '@page { size: A4; margin: 18mm 14mm 20mm 14mm; }',
      'font-family: "DejaVu Sans", sans-serif;',
    ];
    expect(expected.filter((text) => !html.includes(text))).toEqual([]);
    expect([count(html, 'class="line-row"'), count(html, 'class="sub-row"')]).toEqual([3, 6]);
  });

  it('prints a credit note with the credited invoice and reason, and no due date', async () => {
    const html = await renderInvoiceHtml(toInvoiceViewModel(sampleCreditNote));
    expect(
      [
        '<h1 class="title">Credit note</h1>',
        'CN-2026-000003',
        '<td>Credits invoice</td><td>INV-2026-000042</td>',
        'Service outage on 12 Nov 2026 in fra1',
        '<td>Total credited</td><td class="amount">€4.95</td>',
      ].filter((text) => !html.includes(text)),
    ).toEqual([]);
    expect([html.includes('Due date'), html.includes('Amount due'), html.includes('IBAN')]).toEqual(
      [false, false, false],
    );
  });

  it('renders 5,000 resource rows in well under a second', async () => {
    // React's development build (NODE_ENV=test) captures a stack trace per element, and jest
    // raises Error.stackTraceLimit from node's 10 to 100, which makes each capture several
    // times dearer than in a worker. Measure with node's default.
    const jestLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
    try {
      const vm = toInvoiceViewModel(buildLargeInvoice(5000));
      await renderInvoiceHtml(toInvoiceViewModel(sampleEurInvoice)); // loads react-dom/server
      const timings: number[] = [];
      let html = '';
      for (let run = 0; run < 3; run += 1) {
        const started = performance.now();
        html = await renderInvoiceHtml(vm);
        timings.push(performance.now() - started);
      }
      expect(count(html, 'class="sub-row"')).toEqual(5000);
      // ~50 ms with NODE_ENV=production, ~150-300 ms in development on the 2-core machine.
      expect(Math.min(...timings)).toBeLessThan(1000);
    } finally {
      Error.stackTraceLimit = jestLimit;
    }
  });
});

describe('invoice email', () => {
  it('summarizes the invoice, links to it and mentions the PDF', async () => {
    const email = await renderInvoiceEmail(
      toInvoiceViewModel(sampleEurInvoice, { invoiceUrl: URL }),
    );
    expect(email.subject).toEqual(
      'Invoice INV-2026-000042 for November 2026: €44.84 due 30 Dec 2026',
    );
    const inText = [
      'Your invoice INV-2026-000042 for November 2026 is ready.',
      '1 Nov 2026 – 30 Nov 2026',
      '30 Dec 2026',
      'Amount due\n€44.84',
      `View invoice ${URL}`,
      'The invoice is attached as a PDF.',
    ];
    expect(inText.filter((text) => !email.text.includes(text))).toEqual([]);
    expect(email.text.includes('<')).toBe(false);
    expect([email.html.includes(`href="${URL}"`), email.html.includes('€44.84')]).toEqual([
      true,
      true,
    ]);
  });

  it('uses the currency of the invoice', async () => {
    const email = await renderInvoiceEmail(
      toInvoiceViewModel(sampleJpyInvoice, { invoiceUrl: URL }),
    );
    expect(email.subject).toEqual(
      'Invoice INV-2026-000043 for November 2026: ¥5,781 due Dec 30, 2026',
    );
  });

  it('announces a credit note and leaves the button out without a link', async () => {
    const email = await renderInvoiceEmail(toInvoiceViewModel(sampleCreditNote));
    expect(email.subject).toEqual(
      'Credit note CN-2026-000003 for invoice INV-2026-000042: €4.95 credited',
    );
    expect(email.text).toContain(
      'We have issued credit note CN-2026-000003 for invoice INV-2026-000042.',
    );
    expect([email.text.includes('Due date'), email.html.includes('href=')]).toEqual([false, false]);
  });
});
