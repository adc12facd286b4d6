import { authHeaders } from '../test/support/http';
import { runPool } from './stats';

type Json = Record<string, unknown>;

export const BENCH_PLAN_ID = 'bench-plan';

/** A VM price with the public clouds' 60 s minimum, block storage by GB-hour, egress by GB. */
const BENCH_PLAN = {
  id: BENCH_PLAN_ID,
  name: 'Invoice run',
  currency: 'EUR',
  prices: [
    {
      id: 'vm',
      meter: 'compute.vm',
      groupBy: [],
      model: { type: 'run_time', unit: 'second', unitPrice: '0.0004', minimumSeconds: 60 },
    },
    {
      id: 'volume',
      meter: 'storage.volume',
      groupBy: [],
      unitLabel: 'GB-hour',
      model: { type: 'quantity_time', unit: 'hour', unitPrice: '0.00015' },
    },
    {
      id: 'egress',
      meter: 'network.egress',
      groupBy: [],
      unitLabel: 'GB',
      model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1000000000' },
    },
  ],
};

export async function sendJson(url: string, method: 'POST' | 'PUT', body: unknown): Promise<Json> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Json;
  if (response.status >= 300) {
    throw new Error(`${method} ${url} -> ${response.status}: ${JSON.stringify(answer)}`);
  }
  return answer;
}

export async function createBenchPlan(apiUrl: string): Promise<void> {
  await sendJson(`${apiUrl}/v1/plans`, 'POST', BENCH_PLAN);
}

/** Registers the receiver for every event type; returns the signing secret. */
export async function registerWebhookEndpoint(apiUrl: string, url: string): Promise<string> {
  const created = await sendJson(`${apiUrl}/v1/webhook-endpoints`, 'POST', {
    id: 'bench-hook',
    url,
  });
  return String(created['secret']);
}

export const benchEmail = (customerId: string) => `${customerId}@bench.example`;

/**
 * A customer as an operator creates one: daily periods anchored at `periodEndMs` (so the
 * current period ends then), no grace period, German VAT, subscribed to the bench plan.
 */
export async function createBenchCustomer(
  apiUrl: string,
  customerId: string,
  periodEndMs: number,
): Promise<void> {
  await sendJson(`${apiUrl}/v1/customers`, 'POST', {
    id: customerId,
    name: `Bench ${customerId} GmbH`,
    email: benchEmail(customerId),
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    billingSchedule: 'daily',
    billingAnchor: new Date(periodEndMs).toISOString(),
    gracePeriodSeconds: 0,
    paymentTermsDays: 14,
  });
  await sendJson(`${apiUrl}/v1/customers/${customerId}/tax-rates`, 'PUT', {
    taxRates: [{ id: 'de-vat-19', name: 'VAT 19%', percentage: '19', inclusive: false }],
  });
  await sendJson(`${apiUrl}/v1/customers/${customerId}/subscriptions`, 'POST', {
    id: `${customerId}-sub`,
    planId: BENCH_PLAN_ID,
    effectiveFrom: '2020-01-01T00:00:00Z',
  });
}

/**
 * Customer number `n`'s usage, all in the ten minutes before `nowMs`: 2 to 5 VMs that ran
 * 7 s to a few minutes (the short ones billed the 60 s minimum), a 50 GB volume still
 * attached when the period ends (split at the boundary and carried), and two egress
 * counters: 8 to 11 events.
 */
export function benchUsageEvents(customerId: string, n: number, nowMs: number): Json[] {
  const base = nowMs - 10 * 60_000;
  const at = (ms: number) => new Date(base + ms).toISOString();
  const event = (id: string, type: string, ms: number, resourceId: string, meter: string) => ({
    id,
    customerId,
    type,
    timestamp: at(ms),
    resourceId,
    meter,
  });
  const vms = 2 + (n % 4);
  const events: Json[] = [];
  for (let vm = 0; vm < vms; vm += 1) {
    const start = vm * 20_000;
    const seconds = 7 + ((n * 37 + vm * 53) % 240);
    events.push(event(`vm${vm}-start`, 'resource.started', start, `vm-${vm}`, 'compute.vm'));
    events.push(
      event(`vm${vm}-stop`, 'resource.stopped', start + seconds * 1000, `vm-${vm}`, 'compute.vm'),
    );
  }
  events.push({
    ...event('vol-start', 'resource.started', 5_000, 'vol-1', 'storage.volume'),
    quantity: '50',
  });
  for (const k of [0, 1]) {
    events.push({
      ...event(`egress-${k}`, 'usage.recorded', 60_000 * (k + 1), 'lb-1', 'network.egress'),
      quantity: String(1_000_000_000 + n * 7_000_000 + k * 250_000_000),
    });
  }
  return events;
}

/** Every customer's events, in batches of up to 500 over 4 connections. */
export async function postBenchUsage(
  apiUrl: string,
  customerIds: string[],
  nowMs: number,
): Promise<number> {
  const events = customerIds.flatMap((id, n) => benchUsageEvents(id, n, nowMs));
  const batches: Json[][] = [];
  for (let i = 0; i < events.length; i += 500) batches.push(events.slice(i, i + 500));
  await runPool(batches, 4, async (batch) => {
    await sendJson(`${apiUrl}/v1/events`, 'POST', { events: batch });
  });
  return events.length;
}
