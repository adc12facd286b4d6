import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { loadCustomerInvoices } from '../../db/repositories/invoices.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import type { Customer } from '../../domain/customer';
import { toWireEvent } from '../../domain/events';
import type { StoredInvoice } from '../../domain/invoice/stored-records';
import { billingCycleWorkflowId, eventsSignal, usageQuery } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { useWorkflowStack } from '../support/workflow-stack';

/**
 * The calendar through the real billing-cycle workflow on the time-skipping server: weekly
 * periods (calendar-aligned and anchored) and periods containing a DST change close at the
 * instants worked out below by hand, and a VM running the whole period is billed exactly its
 * hours at 0.0416 per hour (one rounding per line, half up).
 *
 * The test server's clock starts at the real time and only moves forward, so each test picks
 * the next period of its kind after the current server time; the hours do not depend on the
 * year (EU rule: summer time from the last Sunday of March to the last Sunday of October,
 * switching at 01:00 UTC; Berlin is UTC+1 in winter, UTC+2 in summer).
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const WEEK = 168 * HOUR;
const HOURLY_PRICE = '0.0416';

const stack = useWorkflowStack();
const { withWorker, sleepUntil, started } = stack;

/** One customer's first period, as worked out by hand, and what its VM costs in it. */
interface Case {
  customer: Customer;
  startMs: number;
  endMs: number;
  hours: number;
  amount: string;
}

function aCase(
  cycle: Pick<Customer, 'timezone' | 'billingSchedule' | 'billingAnchorMs'>,
  expected: Omit<Case, 'customer'>,
): Case {
  // The figures are hand-computed; the instants must agree with them.
  expect((expected.endMs - expected.startMs) / HOUR).toEqual(expected.hours);
  return { customer: aCustomer({ ...cycle, gracePeriodSeconds: 0 }), ...expected };
}

/**
 * Starts each customer's cycle inside its case's period (all periods must overlap), runs a VM
 * from the period's first instant without stopping, and checks that each period closes at its
 * end, not a second earlier, with the VM billed for exactly the period's hours.
 */
async function closeEach(taskQueue: string, cases: Case[]): Promise<void> {
  await withWorker(taskQueue, async () => {
    const startAt = Math.max(...cases.map((c) => c.startMs)) + MINUTE;
    expect(startAt).toBeLessThan(Math.min(...cases.map((c) => c.endMs)));
    await sleepUntil(startAt);

    for (const { customer, startMs } of cases) {
      await saveNewCustomer(stack.database.db, customer);
      const plan = await saveNewPlan(stack.database.db, {
        id: `plan-${customer.id}`,
        name: 'Hourly VM',
        currency: customer.currency,
        minimumCommitment: null,
        prices: [
          {
            id: 'compute',
            meter: 'compute.vm',
            dimensionsFilter: {},
            groupBy: [],
            model: { type: 'run_time', unit: 'hour', unitPrice: HOURLY_PRICE },
          },
        ],
      });
      await saveNewSubscription(stack.database.db, {
        id: `sub-${customer.id}`,
        customerId: customer.id,
        planId: plan.id,
        effectiveFromMs: 0,
      });
      const handle = await stack.env.client.workflow.start('billingCycleWorkflow', {
        taskQueue,
        workflowId: billingCycleWorkflowId(customer.id),
        args: [{ customer }],
      });
      started.push(handle);
      const ledgered = await appendEvents(stack.database.db, [
        toNewEvent(
          customer.id,
          anEvent({ type: 'resource.started', timestampMs: startMs, resourceId: 'vm-1' }),
        ),
      ]);
      await handle.signal(
        eventsSignal,
        ledgered.map((r) => toWireEvent(r.event)),
      );
      const usage = await eventually(
        () => handle.query(usageQuery, startAt),
        (u) => u.lastSequence === 1,
      );
      expect(usage.period).toEqual({ startMs, endMs: expect.any(Number) });
    }

    const invoiceOf = async (c: Case): Promise<StoredInvoice | undefined> =>
      (await loadCustomerInvoices(stack.database.db, c.customer.id)).find(
        (i) => i.periodStartMs === c.startMs,
      );
    const ends = [...new Set(cases.map((c) => c.endMs))].sort((a, b) => a - b);
    for (const endMs of ends) {
      const closing = cases.filter((c) => c.endMs === endMs);
      await sleepUntil(endMs - 1_000);
      for (const c of closing) expect(await invoiceOf(c)).toBeUndefined();
      await sleepUntil(endMs + 1_000);
      for (const c of closing) {
        const invoice = await eventually(
          () => invoiceOf(c),
          (i) => i?.status === 'open',
        );
        expect({
          id: c.customer.id,
          period: [invoice?.periodStartMs, invoice?.periodEndMs].map((ms) =>
            new Date(ms ?? 0).toISOString(),
          ),
          lines: invoice?.lines.map((l) => [l.lineId, l.quantity, l.unit, l.amount]),
          total: invoice?.total,
        }).toEqual({
          id: c.customer.id,
          period: [new Date(c.startMs).toISOString(), new Date(c.endMs).toISOString()],
          lines: [['compute:[]', String(c.hours), 'hour', c.amount]],
          total: c.amount,
        });
        expect(invoice?.finalizedAtMs).toBeGreaterThanOrEqual(endMs);
      }
    }
  });
}

/** The next instant at or after `fromMs` that is a whole number of weeks from `boundaryMs`. */
function nextWeekly(boundaryMs: number, fromMs: number): number {
  return boundaryMs + Math.ceil((fromMs - boundaryMs) / WEEK) * WEEK;
}

/** The first year whose period starting on (month, day) at `offsetHours` local is after `fromMs`. */
function nextYearStarting(month: number, offsetHours: number, fromMs: number): number {
  let year = new Date(fromMs).getUTCFullYear();
  while (Date.UTC(year, month, 1) - offsetHours * HOUR <= fromMs) year += 1;
  return year;
}

/** Day of the month (UTC date) of the last Sunday of a month: the EU's DST switch days. */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

// Thursday 2026-01-08 10:00 in Berlin (CET, 09:00Z): anchored weeks run Thursday 10:00 local.
const BERLIN_THURSDAY_10 = Date.UTC(2026, 0, 8, 9);

test('weekly periods, calendar-aligned and anchored, close on their local boundaries (168 h)', async () => {
  const now = await stack.env.currentTimeMs();
  // Asia/Tokyo (UTC+9, no DST), aligned: Monday 00:00 JST = Sunday 15:00Z; 2026-01-04 was a
  // Sunday. 168 h x 0.0416 = 6.9888 -> 6.99.
  const tokyo = nextWeekly(Date.UTC(2026, 0, 4, 15), now);
  // Asia/Kolkata (UTC+5:30, no DST), anchored on Wednesday 2026-01-07 09:30 IST = 04:00Z.
  const kolkataAnchor = Date.UTC(2026, 0, 7, 4);
  const kolkata = nextWeekly(kolkataAnchor, now);
  await closeEach('weekly', [
    aCase(
      { timezone: 'Asia/Tokyo', billingSchedule: 'weekly', billingAnchorMs: null },
      { startMs: tokyo, endMs: tokyo + WEEK, hours: 168, amount: '6.99' },
    ),
    aCase(
      { timezone: 'Asia/Kolkata', billingSchedule: 'weekly', billingAnchorMs: kolkataAnchor },
      { startMs: kolkata, endMs: kolkata + WEEK, hours: 168, amount: '6.99' },
    ),
  ]);
});

test('spring DST: a 743 h month and 167 h weeks (aligned and anchored) in Europe/Berlin', async () => {
  // March Y: from 03-01 00:00 CET (UTC+1) to 04-01 00:00 CEST (UTC+2): 31 x 24 - 1 = 743 h;
  // 743 x 0.0416 = 30.9088 -> 30.91. For Y = 2027: 2027-02-28T23:00Z to 2027-03-31T22:00Z.
  const y = nextYearStarting(2, 1, await stack.env.currentTimeMs());
  const sunday = lastSunday(y, 2); // 2027: March 28
  await closeEach('dst-spring', [
    aCase(
      { timezone: 'Europe/Berlin', billingSchedule: 'monthly', billingAnchorMs: null },
      {
        startMs: Date.UTC(y, 2, 1) - HOUR,
        endMs: Date.UTC(y, 3, 1) - 2 * HOUR,
        hours: 743,
        amount: '30.91',
      },
    ),
    // Monday 00:00 CET before the switch to Monday 00:00 CEST after it: 7 x 24 - 1 = 167 h;
    // 167 x 0.0416 = 6.9472 -> 6.95. 2027: 03-21T23:00Z to 03-28T22:00Z.
    aCase(
      { timezone: 'Europe/Berlin', billingSchedule: 'weekly', billingAnchorMs: null },
      {
        startMs: Date.UTC(y, 2, sunday - 6) - HOUR,
        endMs: Date.UTC(y, 2, sunday + 1) - 2 * HOUR,
        hours: 167,
        amount: '6.95',
      },
    ),
    // Thursday 10:00 CET (09:00Z) to Thursday 10:00 CEST (08:00Z): 167 h.
    // 2027: 03-25T09:00Z to 04-01T08:00Z.
    aCase(
      { timezone: 'Europe/Berlin', billingSchedule: 'weekly', billingAnchorMs: BERLIN_THURSDAY_10 },
      {
        startMs: Date.UTC(y, 2, sunday - 3, 9),
        endMs: Date.UTC(y, 2, sunday + 4, 8),
        hours: 167,
        amount: '6.95',
      },
    ),
  ]);
});

test('autumn DST: a 745 h month and 169 h weeks (aligned and anchored) in Europe/Berlin', async () => {
  // October Y: from 10-01 00:00 CEST (UTC+2) to 11-01 00:00 CET (UTC+1): 31 x 24 + 1 = 745 h;
  // 745 x 0.0416 = 30.992 -> 30.99. For Y = 2027: 2027-09-30T22:00Z to 2027-10-31T23:00Z.
  const y = nextYearStarting(9, 2, await stack.env.currentTimeMs());
  const sunday = lastSunday(y, 9); // 2027: October 31
  await closeEach('dst-autumn', [
    aCase(
      { timezone: 'Europe/Berlin', billingSchedule: 'monthly', billingAnchorMs: null },
      {
        startMs: Date.UTC(y, 9, 1) - 2 * HOUR,
        endMs: Date.UTC(y, 10, 1) - HOUR,
        hours: 745,
        amount: '30.99',
      },
    ),
    // Monday 00:00 CEST to Monday 00:00 CET: 7 x 24 + 1 = 169 h; 169 x 0.0416 = 7.0304 -> 7.03.
    // 2027: 10-24T22:00Z to 10-31T23:00Z (the week ends with the month).
    aCase(
      { timezone: 'Europe/Berlin', billingSchedule: 'weekly', billingAnchorMs: null },
      {
        startMs: Date.UTC(y, 9, sunday - 6) - 2 * HOUR,
        endMs: Date.UTC(y, 9, sunday + 1) - HOUR,
        hours: 169,
        amount: '7.03',
      },
    ),
    // Thursday 10:00 CEST (08:00Z) to Thursday 10:00 CET (09:00Z): 169 h.
    // 2027: 10-28T08:00Z to 11-04T09:00Z.
    aCase(
      { timezone: 'Europe/Berlin', billingSchedule: 'weekly', billingAnchorMs: BERLIN_THURSDAY_10 },
      {
        startMs: Date.UTC(y, 9, sunday - 3, 8),
        endMs: Date.UTC(y, 9, sunday + 4, 9),
        hours: 169,
        amount: '7.03',
      },
    ),
  ]);
});
