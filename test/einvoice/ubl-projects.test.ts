import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvoiceDocument } from '../../domain/documents/invoice-document';
import { toUblXml } from '../../domain/einvoice';
import type { Project } from '../../domain/projects/project';
import { projectSections } from '../../domain/projects/sections';
import { aDocument } from './documents';
import { VAT_19 } from './scenarios';

/*
 * A central invoice's project references in UBL, validated like test/einvoice/ubl-schema:
 * the UBL 2.1 XSD (xmllint), EN 16931 and Peppol BIS 3 schematron (Saxon-HE).
 * Cost centers are each line's buyer accounting reference (BT-133); one purchase order is
 * the document's (BT-13), several are said per line in its note (BT-127).
 */
const CACHE = process.env.USAGE_BILLING_CACHE ?? join(homedir(), '.cache', 'usage-billing');
const UBL = join(CACHE, 'ubl');

const project = (id: string, costCenter: string | null, po: string | null): Project => ({
  customerId: 'cus-1',
  id,
  name: `Project ${id}`,
  team: null,
  costCenter,
  purchaseOrderReference: po,
});

function centralInvoice(projects: Project[]): { doc: InvoiceDocument; xml: string } {
  const built = aDocument({
    number: 'INV-2026-000100',
    currency: 'EUR',
    taxRates: [VAT_19],
    lines: [
      { lineId: 'egress:[]', amount: '1.00', quantity: '10', unit: 'GB', unitPrice: '0.1' },
      { lineId: 'egress:[]#data', amount: '5.14', quantity: '60', unit: 'GB', unitPrice: '0.1' },
      { lineId: 'egress:[]#web', amount: '6.86', quantity: '80', unit: 'GB', unitPrice: '0.1' },
    ],
  });
  const doc = {
    ...built.doc,
    projects: projectSections(built.doc.lines, projects, 'EUR', built.doc.subtotal),
  };
  return { doc, xml: toUblXml(doc, { lineTaxRateIds: built.lineTaxRateIds }) };
}

const SCENARIOS = {
  oneOrder: () => centralInvoice([project('web', 'CC-1', 'PO-7'), project('data', 'CC-2', 'PO-7')]),
  severalOrders: () =>
    centralInvoice([project('web', 'CC-1', 'PO-7'), project('data', null, 'PO-8')]),
};
const names = Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[];

/** The InvoiceLine whose ID is `id`, whitespace between tags removed. */
const lineOf = (xml: string, id: string): string =>
  xml
    .replace(/>\s+</g, '><')
    .split('<cac:InvoiceLine>')
    .find((part) => part.startsWith(`<cbc:ID>${id}</cbc:ID>`)) ?? '';
const compact = (xml: string): string => xml.replace(/>\s+</g, '><');

describe('project references in the UBL', () => {
  it('one purchase order is the document’s; cost centers are per line', () => {
    const { xml } = SCENARIOS.oneOrder();
    expect(compact(xml)).toContain(
      '<cac:OrderReference><cbc:ID>PO-7</cbc:ID></cac:OrderReference>',
    );
    expect(lineOf(xml, 'egress:[]#web')).toContain('<cbc:AccountingCost>CC-1</cbc:AccountingCost>');
    expect(lineOf(xml, 'egress:[]#data')).toContain(
      '<cbc:AccountingCost>CC-2</cbc:AccountingCost>',
    );
    expect(lineOf(xml, 'egress:[]')).not.toContain('AccountingCost');
    expect(lineOf(xml, 'egress:[]')).not.toEqual('');
  });

  it('several purchase orders are said per line', () => {
    const { xml } = SCENARIOS.severalOrders();
    expect(xml).not.toContain('OrderReference');
    expect(lineOf(xml, 'egress:[]#web')).toContain('<cbc:Note>Purchase order PO-7</cbc:Note>');
    expect(lineOf(xml, 'egress:[]#data')).toContain('<cbc:Note>Purchase order PO-8</cbc:Note>');
    expect(lineOf(xml, 'egress:[]#data')).not.toContain('AccountingCost');
  });

  it('the project sections sum to the subtotal', () => {
    const { doc } = SCENARIOS.oneOrder();
    expect(doc.projects?.map((s) => [s.projectId, s.subtotal])).toEqual([
      [null, '1.00'],
      ['data', '5.14'],
      ['web', '6.86'],
    ]);
    expect(doc.subtotal).toEqual('13.00');
  });
});

describe('UBL of central invoices validates (XSD, EN 16931, Peppol BIS 3)', () => {
  let dir = '';
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.error) throw new Error(`${command}: ${result.error.message}`);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const RULES = ['CEN-EN16931-UBL', 'PEPPOL-EN16931-UBL'];

  beforeAll(() => {
    for (const file of ['xsd/maindoc/UBL-Invoice-2.1.xsd', 'saxon-he.jar']) {
      if (!existsSync(join(UBL, file))) {
        throw new Error(`${join(UBL, file)} is missing: run bash scripts/fetch-ubl-schemas.sh`);
      }
    }
    dir = mkdtempSync(join(tmpdir(), 'ubl-projects-'));
    mkdirSync(join(dir, 'docs'));
    for (const name of names)
      writeFileSync(join(dir, 'docs', `${name}.xml`), SCENARIOS[name]().xml);
    for (const rules of RULES) {
      mkdirSync(join(dir, rules));
      const result = run('java', [
        '-jar',
        join(UBL, 'saxon-he.jar'),
        `-s:${join(dir, 'docs')}`,
        `-xsl:${join(UBL, 'schematron', `${rules}.xslt`)}`,
        `-o:${join(dir, rules)}`,
      ]);
      if (result.status !== 0) throw new Error(`saxon ${rules} failed: ${result.output}`);
    }
  }, 120_000);

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it.each(names)('%s validates against the XSD', (name) => {
    const file = join(dir, 'docs', `${name}.xml`);
    const schema = join(UBL, 'xsd', 'maindoc', 'UBL-Invoice-2.1.xsd');
    expect(run('xmllint', ['--noout', '--schema', schema, file])).toEqual({
      status: 0,
      output: `${file} validates\n`,
    });
  });

  it.each(names)('%s has no failed schematron assertion', (name) => {
    const failed = RULES.flatMap((rules) => {
      const svrl = readFileSync(join(dir, rules, `${name}.xml`), 'utf8');
      return [...svrl.matchAll(/<svrl:failed-assert\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    });
    expect(failed).toEqual([]);
  });
});
