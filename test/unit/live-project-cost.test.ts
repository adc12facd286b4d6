import { liveProjectCosts, usageOfProject } from '../../domain/projects/live-cost';
import type { ResourceUsage } from '../../domain/metering/usage-report';
import type { RatedLine } from '../../domain/rating/rated-line';

const line = (lineId: string, amount: string): RatedLine => ({
  lineId,
  priceId: 'egress',
  meter: 'network.egress',
  dimensions: {},
  quantity: '1',
  unit: 'GB',
  unitPrice: amount,
  preciseAmount: amount,
  amount,
  subLines: [],
});

const resource = (
  resourceId: string,
  meter: string,
  project: string | null,
  quantity: string,
  seconds = '0',
): ResourceUsage => ({
  resourceId,
  meter,
  dimensions: project === null ? {} : { $project: project },
  seconds,
  quantitySeconds: '0',
  quantity,
  runs: 0,
});

const known = [
  { customerId: 'c', id: 'data', name: 'Data', team: null, costCenter: null },
  { customerId: 'c', id: 'web', name: 'Web', team: null, costCenter: null },
].map((p) => ({ ...p, purchaseOrderReference: null }));

describe('liveProjectCosts', () => {
  it.each([
    {
      case: 'the account first, then projects by id; the parts sum to the subtotal 13.00',
      accrued: [
        line('egress:[]#web', '6.86'),
        line('egress:[]#data', '5.14'),
        line('egress:[]', '1.00'),
      ],
      forecast: [
        line('egress:[]#web', '13.72'),
        line('egress:[]#data', '10.28'),
        line('egress:[]', '2.00'),
      ],
      expected: [
        { projectId: null, name: null, accrued: '1.00', forecast: '2.00' },
        { projectId: 'data', name: 'Data', accrued: '5.14', forecast: '10.28' },
        { projectId: 'web', name: 'Web', accrued: '6.86', forecast: '13.72' },
      ],
    },
    {
      case: 'a project only in the forecast has 0.00 so far',
      accrued: [line('egress:[]', '1.00')],
      forecast: [line('egress:[]', '1.50'), line('egress:[]#web', '0.50')],
      expected: [
        { projectId: null, name: null, accrued: '1.00', forecast: '1.50' },
        { projectId: 'web', name: 'Web', accrued: '0.00', forecast: '0.50' },
      ],
    },
  ])('$case', ({ accrued, forecast, expected }) => {
    expect(liveProjectCosts('EUR', accrued, forecast, known)).toEqual(expected);
  });
});

describe('usageOfProject', () => {
  const usage = {
    resources: [
      resource('vm-1', 'vm.cpu', 'web', '0', '3600.5'),
      resource('vm-2', 'vm.cpu', 'data', '0', '60'),
      resource('lb-1', 'network.egress', 'web', '0.1'),
      resource('lb-2', 'network.egress', 'web', '0.2'),
      resource('lb-3', 'network.egress', null, '7'),
    ],
    meters: [],
    openRuns: [
      {
        resourceId: 'vm-1',
        meter: 'vm.cpu',
        dimensions: { $project: 'web' },
        quantity: '1',
        sinceMs: 0,
      },
      {
        resourceId: 'vm-2',
        meter: 'vm.cpu',
        dimensions: { $project: 'data' },
        quantity: '1',
        sinceMs: 0,
      },
    ],
    lateUsage: [],
  };

  it('keeps everything for the whole account (null)', () => {
    expect(usageOfProject(usage, null)).toBe(usage);
  });

  it("narrows to the project's resources and runs, meters summed exactly from them", () => {
    const web = usageOfProject(usage, 'web');
    expect(web.resources.map((r) => r.resourceId)).toEqual(['vm-1', 'lb-1', 'lb-2']);
    expect(web.openRuns.map((r) => r.resourceId)).toEqual(['vm-1']);
    // 0.1 + 0.2 = 0.3 exactly (no float), and the VM's 3600.5 s alone.
    expect(web.meters).toEqual([
      { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '0.3' },
      { meter: 'vm.cpu', seconds: '3600.5', quantitySeconds: '0', quantity: '0' },
    ]);
  });

  it('gives an unknown project nothing', () => {
    const none = usageOfProject(usage, 'ghost');
    expect([none.resources, none.meters, none.openRuns]).toEqual([[], [], []]);
  });
});
