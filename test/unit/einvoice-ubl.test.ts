import { BillingError } from '../../domain/errors';
import { toUblXml } from '../../domain/einvoice';
import { escapeXml } from '../../domain/einvoice/xml';
import { aDocument } from '../einvoice/documents';
import {
  creditNote,
  eurCouponCredits,
  exempt,
  inclusiveVat,
  jpy,
  twoRates,
  untaxedEscaping,
  VAT_19,
  zeroRated,
} from '../einvoice/scenarios';
import { attributes, values } from '../einvoice/xml-values';

/** What the tests read back from a UBL document: the money, dates and codes. */
function summary(xml: string): Record<string, string[]> {
  return {
    dates: [
      ...values(xml, 'cbc:IssueDate'),
      ...values(xml, 'cbc:DueDate'),
      ...values(xml, 'cbc:StartDate'),
      ...values(xml, 'cbc:EndDate'),
    ],
    currencyIds: [...new Set(attributes(xml, 'cbc:PayableAmount', 'currencyID'))],
    paymentMeans: values(xml, 'cbc:PaymentMeansCode'),
    allowances: values(xml, 'cbc:Amount'),
    taxable: values(xml, 'cbc:TaxableAmount'),
    // the TaxTotal's amount first, then one per subtotal
    tax: values(xml, 'cbc:TaxAmount'),
    categories: values(xml, 'cbc:ID').filter((id) => ['S', 'Z', 'E', 'O'].includes(id)),
    percents: values(xml, 'cbc:Percent'),
    // LegalMonetaryTotal's BT-106 first, then each line's net amount
    lineExtension: values(xml, 'cbc:LineExtensionAmount'),
    totals: [
      ...values(xml, 'cbc:TaxExclusiveAmount'),
      ...values(xml, 'cbc:TaxInclusiveAmount'),
      ...values(xml, 'cbc:AllowanceTotalAmount'),
      ...values(xml, 'cbc:PrepaidAmount'),
      ...values(xml, 'cbc:PayableAmount'),
    ],
    quantities: [...values(xml, 'cbc:InvoicedQuantity'), ...values(xml, 'cbc:CreditedQuantity')],
    unitCodes: [
      ...attributes(xml, 'cbc:InvoicedQuantity', 'unitCode'),
      ...attributes(xml, 'cbc:CreditedQuantity', 'unitCode'),
    ],
    prices: values(xml, 'cbc:PriceAmount'),
    baseQuantities: values(xml, 'cbc:BaseQuantity'),
  };
}

describe('toUblXml: amounts, dates and codes (hand-computed, see test/einvoice/scenarios.ts)', () => {
  const cases: [string, () => string, Record<string, string[]>][] = [
    [
      'EUR, 19% exclusive, coupon 10%, credits 5.00',
      () => toUblXml(eurCouponCredits().doc),
      {
        // issued 2026-03-31T22:30Z = April 1 in Berlin; due 30 days later; March in Berlin
        dates: ['2026-04-01', '2026-05-02', '2026-03-01', '2026-03-31'],
        currencyIds: ['EUR'],
        paymentMeans: ['58'],
        allowances: ['1.68'],
        taxable: ['15.16'],
        tax: ['2.88', '2.88'],
        // allowance, subtotal, 3 lines
        categories: ['S', 'S', 'S', 'S', 'S'],
        percents: ['19', '19', '19', '19', '19'],
        lineExtension: ['16.84', '12.31', '4.40', '0.13'],
        // BT-109 16.84 - 1.68, BT-112 + 2.88, BT-107, BT-113, BT-115 = 18.04 - 5.00
        totals: ['15.16', '18.04', '1.68', '5.00', '13.04'],
        quantities: ['720', '100', '12.5'],
        unitCodes: ['HUR', 'C62', 'E34'],
        prices: ['12.31', '4.40', '0.13'],
        baseQuantities: ['720', '100', '12.5'],
      },
    ],
    [
      'JPY, 10%: no decimals anywhere',
      () => toUblXml(jpy().doc),
      {
        dates: ['2026-04-01', '2026-05-02', '2026-03-01', '2026-03-31'],
        currencyIds: ['JPY'],
        paymentMeans: ['1'],
        allowances: [],
        taxable: ['1234'],
        tax: ['123', '123'],
        categories: ['S', 'S'],
        percents: ['10', '10'],
        lineExtension: ['1234', '1234'],
        totals: ['1234', '1357', '1357'],
        quantities: ['3600'],
        unitCodes: ['SEC'],
        prices: ['1234'],
        baseQuantities: ['3600'],
      },
    ],
    [
      'EUR, 20% inclusive: net lines by largest remainder, net allowance',
      () => toUblXml(inclusiveVat().doc),
      {
        dates: ['2026-04-01', '2026-05-02', '2026-03-01', '2026-03-31'],
        currencyIds: ['EUR'],
        paymentMeans: ['58'],
        allowances: ['1.13'],
        taxable: ['10.08'],
        tax: ['2.02', '2.02'],
        categories: ['S', 'S', 'S', 'S', 'S'],
        percents: ['20', '20', '20', '20', '20'],
        // 11.21 = 8.34 + 2.79 + 0.08; 11.21 - 1.13 = 10.08
        lineExtension: ['11.21', '8.34', '2.79', '0.08'],
        totals: ['10.08', '12.10', '1.13', '12.10'],
        // line c has quantity 0: invoiced as 1 C62 without a base quantity
        quantities: ['1000', '335', '1'],
        unitCodes: ['MIN', 'C62', 'C62'],
        prices: ['8.34', '2.79', '0.08'],
        baseQuantities: ['1000', '335'],
      },
    ],
    [
      'two rates, one fixed coupon: one allowance per coupon and category',
      () => {
        const { doc, lineTaxRateIds } = twoRates();
        return toUblXml(doc, { lineTaxRateIds });
      },
      {
        dates: ['2026-04-01', '2026-05-02', '2026-03-01', '2026-03-31'],
        currencyIds: ['EUR'],
        paymentMeans: ['58'],
        // 5.00 split over 40.00 / 10.00
        allowances: ['4.00', '1.00'],
        taxable: ['36.00', '9.00'],
        // 36.00 x 19% = 6.84, 9.00 x 7% = 0.63
        tax: ['7.47', '6.84', '0.63'],
        categories: ['S', 'S', 'S', 'S', 'S', 'S'],
        percents: ['19', '7', '19', '7', '19', '7'],
        lineExtension: ['50.00', '40.00', '10.00'],
        totals: ['45.00', '52.47', '5.00', '52.47'],
        quantities: ['2400', '1'],
        unitCodes: ['HUR', 'C62'],
        prices: ['40.00', '10.00'],
        baseQuantities: ['2400', '1'],
      },
    ],
    [
      'USD without tax, issuer without VAT id: category O',
      () => toUblXml(untaxedEscaping().doc),
      {
        dates: ['2026-03-31', '2026-05-01', '2026-03-01', '2026-03-31'],
        currencyIds: ['USD'],
        paymentMeans: ['1'],
        allowances: [],
        taxable: ['7.25'],
        tax: ['0.00', '0.00'],
        categories: ['O', 'O'],
        percents: [],
        lineExtension: ['7.25', '7.25'],
        totals: ['7.25', '7.25', '7.25'],
        quantities: ['725'],
        unitCodes: ['SEC'],
        prices: ['7.25'],
        baseQuantities: ['725'],
      },
    ],
  ];

  it.each(cases)('%s', (_name, render, expected) => {
    expect(summary(render())).toEqual(expected);
  });
});

describe('toUblXml: a credit note, whole document', () => {
  it('is a CreditNote 381 referencing the invoice, without payment means', () => {
    expect(toUblXml(creditNote().doc)).toBe(EXPECTED_CREDIT_NOTE);
  });
});

describe('toUblXml: tax categories', () => {
  it('states an untaxed line of a VAT-registered issuer as exempt (E, 0%, with a reason)', () => {
    const xml = toUblXml(exempt().doc);
    expect(values(xml, 'cbc:Percent')).toEqual(['0', '0']);
    expect(values(xml, 'cbc:TaxExemptionReason')).toEqual(['Exempt from VAT']);
    expect(values(xml, 'cbc:CompanyID')).toEqual(['DE123456789', 'FR12345678901']);
    expect(values(xml, 'cbc:ID').filter((id) => id.length === 1)).toEqual(['E', 'E']);
  });

  it('states a 0% rate as zero rated (Z)', () => {
    const xml = toUblXml(zeroRated().doc);
    expect(values(xml, 'cbc:ID').filter((id) => id.length === 1)).toEqual(['Z', 'Z']);
    expect(values(xml, 'cbc:TaxAmount')).toEqual(['0.00', '0.00']);
  });

  it('leaves both VAT ids out when category O is used (BR-O-02..04)', () => {
    expect(values(toUblXml(untaxedEscaping().doc), 'cbc:CompanyID')).toEqual([]);
  });

  const refusals: [string, () => string, string][] = [
    [
      'several rates without the line -> rate map',
      () => toUblXml(twoRates().doc),
      'einvoice_unsupported_taxes',
    ],
    [
      'stacked rates on one line',
      () => {
        const { doc } = twoRates();
        const stacked = new Map([
          ['vm', ['vat-19', 'vat-7']],
          ['books', ['vat-7']],
        ]);
        return toUblXml(doc, { lineTaxRateIds: stacked });
      },
      'einvoice_unsupported_taxes',
    ],
    [
      'a map that omits a line',
      () => toUblXml(twoRates().doc, { lineTaxRateIds: new Map([['vm', ['vat-19']]]) }),
      'einvoice_unsupported_taxes',
    ],
    [
      'one rate that does not in fact tax every line',
      () => {
        const { doc } = aDocument({
          number: 'INV-MIXED',
          currency: 'EUR',
          taxRates: [VAT_19],
          lines: [
            { lineId: 'taxed', amount: '10.00' },
            { lineId: 'exempt', amount: '5.00', taxRateIds: [] },
          ],
        });
        return toUblXml(doc);
      },
      'einvoice_totals_mismatch',
    ],
  ];
  it.each(refusals)('refuses %s', (_name, render, code) => {
    expect(thrownCode(render)).toBe(code);
  });
});

describe('toUblXml: totals are checked, not trusted', () => {
  const tampered: [string, (doc: ReturnType<typeof eurCouponCredits>['doc']) => void, string][] = [
    ['amount due', (doc) => (doc.amountDue = '13.05'), 'einvoice_totals_mismatch'],
    ['total', (doc) => (doc.total = '18.05'), 'einvoice_totals_mismatch'],
    ['total tax', (doc) => (doc.totalTax = '2.89'), 'einvoice_totals_mismatch'],
    ['subtotal', (doc) => (doc.subtotal = '16.85'), 'einvoice_totals_mismatch'],
    [
      'a tax breakdown',
      (doc) => (doc.taxes[0] = { ...VAT_BREAKDOWN, taxableAmount: '15.17' }),
      'einvoice_totals_mismatch',
    ],
    [
      'a line amount with 1 decimal',
      (doc) => (doc.lines[1] = { ...line(doc, 1), amount: '4.4' }),
      'invalid_amount',
    ],
    [
      'an allocation',
      (doc) => (doc.discounts[0] = { ...discount(doc), amount: '1.69' }),
      'einvoice_totals_mismatch',
    ],
  ];
  it.each(tampered)('throws when the %s does not follow', (_name, tamper, code) => {
    const { doc } = eurCouponCredits();
    tamper(doc);
    expect(thrownCode(() => toUblXml(doc))).toBe(code);
  });
});

describe('escapeXml', () => {
  it.each([
    ['Smith & Sons <GmbH>', 'Smith &amp; Sons &lt;GmbH&gt;'],
    [`"quoted" and 'single'`, '&quot;quoted&quot; and &apos;single&apos;'],
    ['bell\u0007 and tab\t kept, NUL\u0000 dropped', 'bell and tab\t kept, NUL dropped'],
    ['emoji \u{1F600} stays, lone \uD800 goes', 'emoji \u{1F600} stays, lone  goes'],
  ])('%j -> %j', (input, output) => {
    expect(escapeXml(input)).toBe(output);
  });

  it('escapes names, notes and dimension values in the document', () => {
    const xml = toUblXml(untaxedEscaping().doc);
    expect(values(xml, 'cbc:RegistrationName')).toEqual([
      'Smith &amp; Wesson &lt;Cloud&gt; &quot;LLC&quot;',
      'O&apos;Brien &amp; Co',
    ]);
    expect(values(xml, 'cbc:Value')).toEqual(['a&amp;b&lt;c&gt;']);
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });
});

const VAT_BREAKDOWN = eurCouponCredits().doc.taxes[0] ?? fail('no tax');
function line(doc: ReturnType<typeof eurCouponCredits>['doc'], index: number) {
  return doc.lines[index] ?? fail('no line');
}
function discount(doc: ReturnType<typeof eurCouponCredits>['doc']) {
  return doc.discounts[0] ?? fail('no discount');
}
/** The code of the BillingError `render` throws. */
function thrownCode(render: () => unknown): string {
  try {
    render();
  } catch (error) {
    if (error instanceof BillingError) return error.code;
    throw error;
  }
  return 'nothing thrown';
}
function fail(message: string): never {
  throw new Error(message);
}

const EXPECTED_CREDIT_NOTE = `<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>CN-2026-000003</cbc:ID>
  <cbc:IssueDate>2026-04-01</cbc:IssueDate>
  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
  <cbc:Note>Outage credit &lt;SLA&gt; &amp; goodwill</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>cus-42</cbc:BuyerReference>
  <cac:InvoicePeriod>
    <cbc:StartDate>2026-03-01</cbc:StartDate>
    <cbc:EndDate>2026-03-31</cbc:EndDate>
  </cac:InvoicePeriod>
  <cac:BillingReference>
    <cac:InvoiceDocumentReference>
      <cbc:ID>INV-2026-000042</cbc:ID>
    </cac:InvoiceDocumentReference>
  </cac:BillingReference>
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="9930">DE123456789</cbc:EndpointID>
      <cac:PostalAddress>
        <cbc:StreetName>Friedrichstr. 1</cbc:StreetName>
        <cbc:CityName>Berlin</cbc:CityName>
        <cbc:PostalZone>10117</cbc:PostalZone>
        <cac:Country>
          <cbc:IdentificationCode>DE</cbc:IdentificationCode>
        </cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>DE123456789</cbc:CompanyID>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>Cloudy Infra GmbH</cbc:RegistrationName>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cbc:EndpointID schemeID="9957">FR12345678901</cbc:EndpointID>
      <cac:PartyIdentification>
        <cbc:ID>cus-42</cbc:ID>
      </cac:PartyIdentification>
      <cac:PostalAddress>
        <cbc:StreetName>12 rue de la Paix</cbc:StreetName>
        <cbc:AdditionalStreetName>Bâtiment B</cbc:AdditionalStreetName>
        <cbc:CityName>Paris</cbc:CityName>
        <cbc:PostalZone>75002</cbc:PostalZone>
        <cac:Country>
          <cbc:IdentificationCode>FR</cbc:IdentificationCode>
        </cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>FR12345678901</cbc:CompanyID>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>Acme Analytics SAS</cbc:RegistrationName>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">0.95</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">5.00</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">0.95</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>19</cbc:Percent>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">5.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">5.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">5.95</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">5.95</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:CreditNoteLine>
    <cbc:ID>vm</cbc:ID>
    <cbc:CreditedQuantity unitCode="HUR">300</cbc:CreditedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">5.00</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Description>300 hour at 0.0166666667 EUR per hour</cbc:Description>
      <cbc:Name>compute.vm</cbc:Name>
      <cac:SellersItemIdentification>
        <cbc:ID>price-vm</cbc:ID>
      </cac:SellersItemIdentification>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>19</cbc:Percent>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price>
      <cbc:PriceAmount currencyID="EUR">5.00</cbc:PriceAmount>
      <cbc:BaseQuantity unitCode="HUR">300</cbc:BaseQuantity>
    </cac:Price>
  </cac:CreditNoteLine>
</CreditNote>
`;
