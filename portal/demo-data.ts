/**
 * A customer with realistic usage, made over the public API with an operator key: the
 * portal's end-to-end test, its live benchmark and the screenshot script share it. Runs on
 * Node (fetch), never in the browser bundle.
 */
export interface ApiTarget {
  url: string;
  operatorKey: string;
}

export interface DemoCustomer {
  customerId: string;
  planId: string;
}

const HOUR = 3_600_000;

/** Compute per hour, vCPU per hour (resizable), storage per GB-month and egress per GB. */
export function demoPlanBody(planId: string) {
  return {
    id: planId,
    name: 'Cloud 2026',
    currency: 'EUR',
    prices: [
      {
        id: 'vm',
        meter: 'compute.vm',
        groupBy: ['flavor'],
        model: { type: 'run_time', unit: 'hour', unitPrice: '0.0416', minimumSeconds: 60 },
      },
      {
        id: 'vcpu',
        meter: 'compute.vcpu',
        model: { type: 'quantity_time', unit: 'hour', unitPrice: '0.0125' },
      },
      {
        id: 'storage',
        meter: 'storage.volume',
        unitLabel: 'GB-month',
        model: { type: 'quantity_time', unit: 'month', unitPrice: '0.10' },
      },
      {
        id: 'egress',
        meter: 'network.egress',
        model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1000000000' },
      },
    ],
  };
}

export async function call(
  target: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.operatorKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, body: json ? await response.json() : await response.text() };
}

async function expectStatus(
  target: ApiTarget,
  method: string,
  path: string,
  body: unknown,
  statuses: number[],
): Promise<unknown> {
  const answer = await call(target, method, path, body);
  if (!statuses.includes(answer.status)) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

type DemoEvent = {
  type: 'resource.started' | 'resource.stopped' | 'resource.updated' | 'usage.recorded';
  at: number;
  resourceId: string;
  meter: string;
  dimensions?: Record<string, string>;
  quantity?: string;
};

/** Six days of a small team's cloud: two web VMs, a database resized, a volume, egress. */
function demoEvents(nowMs: number): DemoEvent[] {
  const ago = (hours: number) => nowMs - hours * HOUR;
  const events: DemoEvent[] = [
    {
      type: 'resource.started',
      at: ago(140),
      resourceId: 'vol-data',
      meter: 'storage.volume',
      quantity: '500',
      dimensions: { region: 'fra1' },
    },
    {
      type: 'resource.started',
      at: ago(130),
      resourceId: 'vm-web-1',
      meter: 'compute.vm',
      dimensions: { flavor: 'm1.small', region: 'fra1' },
    },
    {
      type: 'resource.started',
      at: ago(100),
      resourceId: 'vm-web-2',
      meter: 'compute.vm',
      dimensions: { flavor: 'm1.small', region: 'fra1' },
    },
    { type: 'resource.stopped', at: ago(60), resourceId: 'vm-web-2', meter: 'compute.vm' },
    {
      type: 'resource.started',
      at: ago(40),
      resourceId: 'vm-web-2',
      meter: 'compute.vm',
      dimensions: { flavor: 'm1.small', region: 'fra1' },
    },
    {
      type: 'resource.started',
      at: ago(90),
      resourceId: 'db-main',
      meter: 'compute.vcpu',
      quantity: '4',
      dimensions: { engine: 'postgres' },
    },
    {
      type: 'resource.updated',
      at: ago(30),
      resourceId: 'db-main',
      meter: 'compute.vcpu',
      quantity: '8',
      dimensions: { engine: 'postgres' },
    },
    {
      type: 'resource.updated',
      at: ago(6),
      resourceId: 'db-main',
      meter: 'compute.vcpu',
      quantity: '2',
      dimensions: { engine: 'postgres' },
    },
    {
      type: 'resource.started',
      at: ago(20),
      resourceId: 'vm-batch',
      meter: 'compute.vm',
      dimensions: { flavor: 'c2.large', region: 'fra1' },
    },
    { type: 'resource.stopped', at: ago(8), resourceId: 'vm-batch', meter: 'compute.vm' },
  ];
  for (let hours = 120; hours >= 2; hours -= 7) {
    const gigabytes = 3 + ((hours * 37) % 11);
    events.push({
      type: 'usage.recorded',
      at: ago(hours),
      resourceId: 'vm-web-1',
      meter: 'network.egress',
      quantity: String(gigabytes * 1_000_000_000),
    });
  }
  return events;
}

/**
 * Creates the customer, the plan and a subscription from 40 days back (so the whole current
 * period is priced), then posts the events (all within the 7-day backdating window).
 */
export async function seedDemoCustomer(
  target: ApiTarget,
  options: {
    customerId: string;
    name?: string;
    locale?: string;
    timezone?: string;
    nowMs: number;
    withUsage?: boolean;
    /** Monthly periods from this instant (the customer's billingAnchor); absent: calendar months. */
    billingAnchorMs?: number;
  },
): Promise<DemoCustomer> {
  const planId = `${options.customerId}-plan`;
  await expectStatus(target, 'POST', '/v1/plans', demoPlanBody(planId), [201, 200]);
  await expectStatus(
    target,
    'POST',
    '/v1/customers',
    {
      id: options.customerId,
      name: options.name ?? 'Acme Cloud GmbH',
      email: 'billing@acme.example',
      currency: 'EUR',
      timezone: options.timezone ?? 'Europe/Berlin',
      billingSchedule: 'monthly',
      ...(options.billingAnchorMs === undefined
        ? {}
        : { billingAnchor: new Date(options.billingAnchorMs).toISOString() }),
      locale: options.locale ?? 'en-GB',
    },
    [201, 200],
  );
  await expectStatus(
    target,
    'POST',
    `/v1/customers/${options.customerId}/subscriptions`,
    {
      id: `${options.customerId}-sub`,
      planId,
      effectiveFrom: new Date(options.nowMs - 40 * 24 * HOUR).toISOString(),
    },
    [201, 200],
  );
  if (options.withUsage !== false) {
    const events = demoEvents(options.nowMs).map((event, index) => ({
      id: `${options.customerId}-e${index}`,
      customerId: options.customerId,
      type: event.type,
      timestamp: new Date(event.at).toISOString(),
      resourceId: event.resourceId,
      meter: event.meter,
      ...(event.dimensions ? { dimensions: event.dimensions } : {}),
      ...(event.quantity ? { quantity: event.quantity } : {}),
    }));
    await expectStatus(target, 'POST', '/v1/events', { events }, [202]);
  }
  return { customerId: options.customerId, planId };
}

/** A portal link for the customer (POST /v1/customers/{id}/portal-sessions). */
export async function portalLink(
  target: ApiTarget,
  customerId: string,
  body: { ttlSeconds?: number; next?: string } = {},
): Promise<string> {
  const link = await expectStatus(
    target,
    'POST',
    `/v1/customers/${customerId}/portal-sessions`,
    body,
    [201],
  );
  return (link as { url: string }).url;
}
