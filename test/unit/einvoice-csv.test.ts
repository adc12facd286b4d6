import { toInvoiceLinesCsv, toInvoicesCsv } from '../../domain/einvoice';
import { csvField, num, text } from '../../domain/einvoice/csv-format';
import { aDocument } from '../einvoice/documents';
import { creditNote, eurCouponCredits, VAT_19 } from '../einvoice/scenarios';

const CRLF = '\r\n';

describe('toInvoicesCsv', () => {
  it('writes a header and one row per invoice or credit note, dates in the customer zone', () => {
    expect(toInvoicesCsv([eurCouponCredits().doc, creditNote().doc])).toBe(
      [
        'number,kind,customer_id,customer_name,issue_date,due_date,period_start,period_end,currency,subtotal,total_discount,total_excluding_tax,total_tax,total,credits_applied,amount_due',
        // issued 2026-03-31T22:30Z = April 1 in Berlin; period end = last day of March
        'INV-2026-000042,invoice,cus-42,Acme Analytics SAS,2026-04-01,2026-05-02,2026-03-01,2026-03-31,EUR,16.84,1.68,15.16,2.88,18.04,5.00,13.04',
        // a credit note has no due date: an empty field
        'CN-2026-000003,credit_note,cus-42,Acme Analytics SAS,2026-04-01,,2026-03-01,2026-03-31,EUR,5.00,0.00,5.00,0.95,5.95,0.00,5.95',
        '',
      ].join(CRLF),
    );
  });

  it('is the header alone for no documents', () => {
    expect(toInvoicesCsv([])).toBe(
      `number,kind,customer_id,customer_name,issue_date,due_date,period_start,period_end,currency,subtotal,total_discount,total_excluding_tax,total_tax,total,credits_applied,amount_due${CRLF}`,
    );
  });
});

describe('toInvoiceLinesCsv', () => {
  it('writes one row per line with sorted dimensions', () => {
    expect(toInvoiceLinesCsv([eurCouponCredits().doc])).toBe(
      [
        'number,line_id,description,meter,dimensions,quantity,unit,unit_price,amount',
        'INV-2026-000042,price-vm:size=large,"compute.vm (region=eu-central, size=large)",compute.vm,region=eu-central;size=large,720,hour,0.0171,12.31',
        'INV-2026-000042,price-storage,storage.volume,storage.volume,,100,GB-month,0.044,4.40',
        'INV-2026-000042,price-egress,network.egress,network.egress,,12.5,GB,0.01,0.13',
        '',
      ].join(CRLF),
    );
  });
});

describe('RFC 4180 quoting and the formula guard', () => {
  it.each([
    ['plain text', text('Acme'), 'Acme'],
    ['a comma', text('Acme, Inc'), '"Acme, Inc"'],
    ['quotes, doubled', text('say "hi"'), '"say ""hi"""'],
    ['a newline', text('two\nlines'), '"two\nlines"'],
    ['a CR', text('two\rlines'), '"two\rlines"'],
    ['= in text', text('=1+1'), "'=1+1"],
    ['+ in text', text('+49 30 1234'), "'+49 30 1234"],
    ['- in text', text('-5.00'), "'-5.00"],
    ['@ in text', text('@SUM(A1)'), "'@SUM(A1)"],
    ['a tab first', text('\tx'), "'\tx"],
    [
      'a guarded formula with a comma and quotes',
      text('=HYPERLINK("u","y")'),
      `"'=HYPERLINK(""u"",""y"")"`,
    ],
    ['a negative amount (numeric, unguarded)', num('-5.00'), '-5.00'],
    ['a plain amount', num('12.30'), '12.30'],
  ])('%s', (_name, field, expected) => {
    expect(csvField(field)).toBe(expected);
  });

  it('guards text fields of documents but not their amounts', () => {
    const { doc } = aDocument({
      number: 'INV-2026-000050',
      currency: 'EUR',
      taxRates: [VAT_19],
      customer: { id: '-cus', name: '=HYPERLINK("http://evil","click")' },
      lines: [
        {
          lineId: 'l1',
          amount: '1.00',
          meter: '+meter',
          dimensions: { note: 'a,b\nc' },
          quantity: '2',
          unit: '@unit',
          unitPrice: '0.5',
        },
      ],
    });
    expect(toInvoicesCsv([doc]).split(CRLF)[1]).toBe(
      `INV-2026-000050,invoice,'-cus,"'=HYPERLINK(""http://evil"",""click"")",2026-04-01,2026-05-02,2026-03-01,2026-03-31,EUR,1.00,0.00,1.00,0.19,1.19,0.00,1.19`,
    );
    expect(toInvoiceLinesCsv([doc]).split(CRLF).slice(1).join(CRLF)).toBe(
      `INV-2026-000050,l1,"'+meter (note=a,b\nc)",'+meter,"note=a,b\nc",2,'@unit,0.5,1.00${CRLF}`,
    );
  });
});
