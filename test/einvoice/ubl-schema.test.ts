import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { toUblXml } from '../../domain/einvoice';
import { ALL_SCENARIOS } from './scenarios';

/*
 * Real validation of the generated UBL: the OASIS UBL 2.1 XSDs (xmllint) and the rules a
 * Peppol Access Point runs, EN 16931 (CEN-EN16931-UBL) and Peppol BIS Billing 3.0
 * (PEPPOL-EN16931-UBL), as XSLT 2.0 on Saxon-HE. scripts/fetch-ubl-schemas.sh provides
 * them; a missing schema fails this test rather than skipping it.
 */
const CACHE = process.env.USAGE_BILLING_CACHE ?? join(homedir(), '.cache', 'usage-billing');
const UBL = join(CACHE, 'ubl');
const SETUP_HINT = 'run `bash scripts/fetch-ubl-schemas.sh` (and apt-get install libxml2-utils)';

/**
 * Known findings, each a gap in our data rather than in the generator:
 *   CL008  the party has no VAT id of a country with a Peppol EAS VAT scheme, so its
 *          EndpointID falls back to e-mail ("EM"), which Peppol's EAS list no longer has;
 *   BR-CO-26  a seller without VAT id needs a seller or legal registration identifier,
 *          which DocumentParty does not carry.
 */
const KNOWN_FINDINGS: Partial<Record<keyof typeof ALL_SCENARIOS, string[]>> = {
  jpy: ['PEPPOL-EN16931-CL008', 'PEPPOL-EN16931-CL008'],
  untaxedEscaping: ['BR-CO-26', 'PEPPOL-EN16931-CL008', 'PEPPOL-EN16931-CL008'],
};

const names = Object.keys(ALL_SCENARIOS) as (keyof typeof ALL_SCENARIOS)[];
let dir = '';

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${command}: ${result.error.message}; ${SETUP_HINT}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  for (const file of ['xsd/maindoc/UBL-Invoice-2.1.xsd', 'saxon-he.jar']) {
    if (!existsSync(join(UBL, file)))
      throw new Error(`${join(UBL, file)} is missing: ${SETUP_HINT}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'ubl-'));
  mkdirSync(join(dir, 'docs'));
  for (const name of names) {
    const { doc, lineTaxRateIds } = ALL_SCENARIOS[name]();
    writeFileSync(join(dir, 'docs', `${name}.xml`), toUblXml(doc, { lineTaxRateIds }));
  }
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('UBL 2.1 XSD (xmllint)', () => {
  it.each(names)('%s validates', (name) => {
    const file = join(dir, 'docs', `${name}.xml`);
    const kind = ALL_SCENARIOS[name]().doc.kind === 'invoice' ? 'Invoice' : 'CreditNote';
    const schema = join(UBL, 'xsd', 'maindoc', `UBL-${kind}-2.1.xsd`);
    expect(run('xmllint', ['--noout', '--schema', schema, file])).toEqual({
      status: 0,
      output: `${file} validates\n`,
    });
  });
});

describe('EN 16931 and Peppol BIS 3 schematron (Saxon-HE)', () => {
  const RULES = ['CEN-EN16931-UBL', 'PEPPOL-EN16931-UBL'];

  beforeAll(() => {
    // One JVM per rule set, transforming the whole directory.
    for (const rules of RULES) {
      const out = join(dir, rules);
      mkdirSync(out);
      const result = run('java', [
        '-jar',
        join(UBL, 'saxon-he.jar'),
        `-s:${join(dir, 'docs')}`,
        `-xsl:${join(UBL, 'schematron', `${rules}.xslt`)}`,
        `-o:${out}`,
      ]);
      if (result.status !== 0) throw new Error(`saxon ${rules} failed: ${result.output}`);
    }
  });

  it.each(names)('%s has no failed assertion beyond the known ones', (name) => {
    const failed = RULES.flatMap((rules) => {
      const svrl = readFileSync(join(dir, rules, `${name}.xml`), 'utf8');
      return [...svrl.matchAll(/<svrl:failed-assert\b[^>]*\bid="([^"]+)"/g)].map(
        (match) => match[1],
      );
    });
    expect(failed.sort()).toEqual(KNOWN_FINDINGS[name] ?? []);
  });
});
