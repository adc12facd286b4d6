import type { InvoiceDocument } from '../../domain/documents/invoice-document';
import { toInvoiceViewModel } from '../../domain/documents/view-model';
import type { Project } from '../../domain/projects/project';
import { projectOfLine, projectSections } from '../../domain/projects/sections';
import { renderInvoiceHtml } from '../../emails/render';
import { aDocument } from '../einvoice/documents';
import { VAT_19 } from '../einvoice/scenarios';

const web: Project = {
  customerId: 'cus-1',
  id: 'web',
  name: 'Web shop',
  team: 'Storefront',
  costCenter: 'CC-4711',
  purchaseOrderReference: 'PO-7',
};

function centralInvoice(): InvoiceDocument {
  const { doc } = aDocument({
    number: 'INV-2026-000100',
    currency: 'EUR',
    taxRates: [VAT_19],
    lines: [
      { lineId: 'egress:[]', amount: '1.00', quantity: '10', unit: 'GB', unitPrice: '0.1' },
      { lineId: 'vm:[]#web', amount: '2.50', quantity: '25', unit: 'hour', unitPrice: '0.1' },
      { lineId: 'egress:[]#web', amount: '6.86', quantity: '80', unit: 'GB', unitPrice: '0.1' },
      { lineId: 'egress:[]#data', amount: '5.14', quantity: '60', unit: 'GB', unitPrice: '0.1' },
    ],
  });
  return {
    ...doc,
    locale: 'en-US',
    projects: projectSections(doc.lines, [web], 'EUR', doc.subtotal),
  };
}

describe('project sections of a central invoice', () => {
  it.each<[string, { lineId: string; projectId?: string }, string | null]>([
    ["the account's own line", { lineId: 'egress:[]' }, null],
    ['a project suffix', { lineId: 'egress:[["region","fra1"]]#web' }, 'web'],
    ['an adjustment keeps it', { lineId: 'adj-1700000000000-egress:[]#web' }, 'web'],
    ['the top-up of a project', { lineId: 'minimum-commitment#data' }, 'data'],
    ['a drafted line says it', { lineId: 'x', projectId: 'p1' }, 'p1'],
  ])('%s', (_name, line, projectId) => {
    expect(projectOfLine(line)).toEqual(projectId);
  });

  it('the account first, then projects by id; subtotals sum to the subtotal', () => {
    const doc = centralInvoice();
    expect(doc.projects).toEqual([
      {
        projectId: null,
        name: null,
        team: null,
        costCenter: null,
        purchaseOrderReference: null,
        subtotal: '1.00',
        lineIds: ['egress:[]'],
      },
      {
        projectId: 'data',
        name: 'data',
        team: null,
        costCenter: null,
        purchaseOrderReference: null,
        subtotal: '5.14',
        lineIds: ['egress:[]#data'],
      },
      {
        projectId: 'web',
        name: 'Web shop',
        team: 'Storefront',
        costCenter: 'CC-4711',
        purchaseOrderReference: 'PO-7',
        subtotal: '9.36',
        lineIds: ['vm:[]#web', 'egress:[]#web'],
      },
    ]);
    expect(doc.subtotal).toEqual('15.50');
  });

  it('a subtotal the sections do not add up to is refused', () => {
    const doc = centralInvoice();
    expect(() => projectSections(doc.lines, [], 'EUR', '15.51')).toThrow(
      'project subtotals do not add up',
    );
  });

  it('the view model and the HTML group the lines by project with subtotals', async () => {
    const vm = toInvoiceViewModel(centralInvoice());
    expect(
      vm.sections?.map((s) => [s.title, s.details, s.subtotalLabel, s.subtotal, s.lines.length]),
    ).toEqual([
      ['Account', null, 'Subtotal Account', '€1.00', 1],
      ['Project data (data)', null, 'Subtotal data', '€5.14', 1],
      [
        'Project Web shop (web)',
        'Team Storefront · Cost center CC-4711 · PO PO-7',
        'Subtotal Web shop',
        '€9.36',
        2,
      ],
    ]);
    expect(vm.lines.map((line) => line.lineId)).toEqual([
      'egress:[]',
      'egress:[]#data',
      'vm:[]#web',
      'egress:[]#web',
    ]);
    const html = await renderInvoiceHtml(vm);
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(
      'Project Web shop (web) · Team Storefront · Cost center CC-4711 · PO PO-7',
    );
    expect(text).toContain('Subtotal Web shop €9.36');
    expect(text.indexOf('Subtotal Account')).toBeLessThan(text.indexOf('Project data (data)'));
  });

  it('an invoice without projects has no sections', () => {
    const { doc } = aDocument({
      number: 'INV-1',
      currency: 'EUR',
      lines: [{ lineId: 'egress:[]', amount: '1.00' }],
    });
    expect(Object.hasOwn(toInvoiceViewModel(doc), 'sections')).toEqual(false);
  });
});
