import {
  ActivityFailure,
  type ActivityInterfaceFor,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { nextPeriod, periodContaining } from '../domain/calendar';
import type { Period } from '../domain/calendar/types';
import { billingCycleOf } from '../domain/customer';
import { fromWireEvent, type LedgerEvent } from '../domain/events';
import {
  admitEvents,
  advanceHorizon,
  applyEvent,
  computeUsageReport,
  createMeteringState,
  hasGap,
  type SequencerState,
} from '../domain/metering';
import {
  budgetsChangedSignal,
  eventsSignal,
  usageQuery,
  type BillingCycleInput,
  type CarriedState,
  type LiveUsage,
} from './definitions';
import { BILLING_PERIOD_START } from './search-attributes';

const closeStepOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
/** Budget checks are best effort within seconds: a broken plan must not block the cycle. */
const budgetCheckOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 3 },
} as const;

/**
 * The cycle's short database steps (read the ledger, save the summary, draft, hand events to
 * delivery, check budgets) run as local activities: on this worker, inside the workflow task,
 * one marker each in the history instead of a round trip through the server's task queue and
 * three events. Each is idempotent, so one run again after a worker crash changes nothing.
 * Finalizing stays an activity: it numbers the invoice, the step an operator looks for in the
 * history, and events that arrive while it runs must reach the workflow (held, see below),
 * which they cannot while a local activity keeps the workflow task open. Histories recorded
 * before ran every step as an activity (versioned in `billingCycleWorkflow`).
 */
const activitySteps = cycleSteps(
  proxyActivities<Activities>(closeStepOptions),
  proxyActivities<Activities>(budgetCheckOptions),
);
const localSteps = {
  ...cycleSteps(
    proxyLocalActivities<Activities>(closeStepOptions),
    proxyLocalActivities<Activities>(budgetCheckOptions),
  ),
  finalizePeriodInvoice: activitySteps.finalizePeriodInvoice,
};
/** The steps by name (an activity proxy has no keys of its own to spread). */
function cycleSteps(
  steps: ActivityInterfaceFor<Activities>,
  budgets: ActivityInterfaceFor<Activities>,
) {
  return {
    loadLedgerEvents: steps.loadLedgerEvents,
    persistUsageSummary: steps.persistUsageSummary,
    draftPeriodInvoice: steps.draftPeriodInvoice,
    finalizePeriodInvoice: steps.finalizePeriodInvoice,
    dispatchCustomerEvents: steps.dispatchCustomerEvents,
    loadBurstMeters: steps.loadBurstMeters,
    checkBudgets: budgets.checkBudgets,
  };
}

/** After usage, budgets are checked at most this often. */
const BUDGET_CHECK_MS = 5_000;
/** A customer without budgets: how often usage asks again, and after a failed check. */
const NO_BUDGETS_CHECK_MS = 60_000;
/**
 * A customer known to have none, once budgets are signalled: the API tells the workflow of
 * every budget it creates, so asking again is only the fallback for a signal that was lost.
 */
const NO_BUDGETS_RECHECK_MS = 60 * 60_000;

const LEDGER_PAGE = 5_000;

/**
 * Runs an invoicing step until it succeeds. Activities retry transient failures themselves;
 * a failure that retrying cannot fix (a plan that breaks a rating rule, a broken invariant)
 * must neither fail the customer's cycle nor spin: it is logged for the operator and tried
 * again hourly, so fixing the data lets the period close without any manual replay.
 */
async function untilDone<T>(step: string, run: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.error(`${step} failed; trying again in 1 hour`, {
        error: error.cause?.message ?? error.message,
      });
      await sleep('1 hour');
    }
  }
}

/**
 * One per customer (`billing-cycle:<customerId>`): applies ledgered events in sequence order,
 * keeps the current period's exact usage, and closes periods on durable timers. A closed
 * period stays open to late events for the customer's grace period, then its summary is
 * persisted and the workflow continues as new with the carried state.
 */
export async function billingCycleWorkflow(input: BillingCycleInput): Promise<never> {
  const { customer } = input;
  const cycle = billingCycleOf(customer);
  const graceMs = customer.gracePeriodSeconds * 1000;
  const periodStartOf = (instantMs: number): number => periodContaining(cycle, instantMs).startMs;

  const initialPeriod = input.carried?.current ?? periodContaining(cycle, Date.now());
  const state: CarriedState = input.carried ?? {
    current: initialPeriod,
    closing: null,
    metering: createMeteringState(initialPeriod.startMs),
    lastSequence: 0,
    pending: [],
  };
  const sequencer: SequencerState = { lastSequence: state.lastSequence, pending: state.pending };
  const {
    loadLedgerEvents,
    persistUsageSummary,
    draftPeriodInvoice,
    finalizePeriodInvoice,
    dispatchCustomerEvents,
    loadBurstMeters,
    checkBudgets,
  } = patched('steps-as-local-activities') ? localSteps : activitySteps;
  // Budget alerts (versioned: histories recorded before them replay without the checks).
  // Usage applied since the last check makes the loop check within BUDGET_CHECK_MS.
  const budgetChecks = patched('budget-checks');
  // Whether the customer has budgets is known without asking (versioned: before, every run
  // asked at its first usage and a customer without budgets asked each minute): a new customer
  // has none, a run carries what the last check answered, and the API signals each budget it
  // creates. Unknown asks at the first usage, as before.
  const budgetsSignalled = budgetChecks && patched('budgets-signalled');
  let usageSinceBudgetCheck = false;
  /**
   * What the last check said; undefined: not known. The first check of a customer not known
   * to have budgets asks for the count only.
   */
  let hasBudgets: boolean | undefined = budgetsSignalled
    ? (input.carried?.hasBudgets ?? (input.withoutBudgets === true ? false : undefined))
    : undefined;
  let nextBudgetCheckMs = hasBudgets === false ? Date.now() + NO_BUDGETS_RECHECK_MS : 0;
  /** Budget changes signalled, and how many of them a check has answered. */
  let budgetChanges = 0;
  let budgetChangesChecked = 0;
  const budgetChangePending = (): boolean => budgetChanges > budgetChangesChecked;
  if (budgetsSignalled) {
    setHandler(budgetsChangedSignal, () => {
      budgetChanges += 1;
      nextBudgetCheckMs = Math.min(nextBudgetCheckMs, Date.now());
    });
  }
  const apply = (event: LedgerEvent): void => {
    applyEvent(state.metering, event, periodStartOf);
    usageSinceBudgetCheck = true;
  };
  /** Meters priced by peak or percentile (opt-in, domain/metering/metering-state.ts). */
  const burstMeters = (): readonly string[] => state.metering.burstMeters ?? [];
  const admit = (events: LedgerEvent[]): void => admitEvents(sequencer, events, apply);

  // Events received while a final close runs its activities wait in `held`: the closing
  // period's summary is already persisted by then and the close ends by dropping the period's
  // counters, so an event applied in between (a counter stamped in the closing period, still
  // within the backdating window) would be acknowledged yet never reported. Released once
  // the horizon has moved, such a counter is late usage of the closed period, reported by the
  // next summary and billed as an adjustment (docs/billing-rules.md, late usage). A
  // provisional close holds nothing: it keeps the horizon, and the final close reports it all.
  let holding = false;
  let held: LedgerEvent[] = [];
  const receive = (events: LedgerEvent[]): void => {
    if (holding) held.push(...events);
    else admit(events);
  };
  const release = (): void => {
    holding = false;
    const events = held;
    held = [];
    admit(events);
  };
  /** Received but not applied yet: behind a sequence gap, or held by a final close. */
  const waitingEvents = (): number =>
    new Set(
      [...sequencer.pending, ...held]
        .filter((event) => event.seq > sequencer.lastSequence)
        .map((event) => event.seq),
    ).size;

  // Burst detail (segments, counter intervals: domain/metering/burst-usage.ts) is what the
  // peak and percentile models rate: with the runs for the meters that opted in
  // (`burstMeters`), or for every meter with `includeBurst` (a third argument the definition
  // does not name yet). A query is not recorded in history: this changes no replay.
  const usageHandler = (
    asOfMs?: number,
    includeRuns?: boolean,
    includeBurst?: boolean,
  ): LiveUsage => {
    const report = computeUsageReport(state.metering, state.current, asOfMs ?? Date.now(), {
      includeRuns: includeRuns ?? false,
      includeBurst: includeBurst ?? (includeRuns === true && burstMeters()),
    });
    return {
      ...report,
      customerId: customer.id,
      lastSequence: sequencer.lastSequence,
      pendingEvents: waitingEvents(),
      closingPeriod: state.closing,
    };
  };
  setHandler(usageQuery, usageHandler);
  // The plan's peak and percentile meters, before any event is applied (signals wait for
  // their handler), so their counters of this run keep per-interval tables from the first
  // one. Versioned: histories recorded before burst pricing replay without this activity.
  if (patched('load-burst-meters')) {
    const meters = await loadBurstMeters({
      customerId: customer.id,
      atMs: state.current.endMs - 1,
    });
    if (meters.length > 0) state.metering.burstMeters = meters;
    else Reflect.deleteProperty(state.metering, 'burstMeters');
  }
  setHandler(eventsSignal, (events) => receive(events.map(fromWireEvent)));
  upsertSearchAttributes([{ key: BILLING_PERIOD_START, value: new Date(state.current.startMs) }]);

  /** Reads the ledger past the last applied sequence: fills gaps, catches up before a close. */
  const catchUpFromLedger = async (): Promise<void> => {
    for (;;) {
      const events = await loadLedgerEvents({
        customerId: customer.id,
        afterSequence: sequencer.lastSequence,
        limit: LEDGER_PAGE,
      });
      admit(events);
      if (events.length < LEDGER_PAGE) return;
    }
  };

  /**
   * Summarizes and drafts the invoice of a period: provisionally when it ends (the draft is
   * visible during its grace period), finally when the grace period is over (the draft is
   * refreshed with the late usage and finalized, and the state moves past the period).
   */
  const closePeriod = async (period: Period, final: boolean): Promise<void> => {
    await catchUpFromLedger();
    // An activity input, not a command: adding the burst detail changes no replay.
    const report = computeUsageReport(state.metering, period, period.endMs, {
      includeRuns: true,
      includeBurst: burstMeters(),
    });
    // No await since the catch-up ended, so the report has every event admitted until now;
    // later ones wait for the horizon (versioned: older histories applied them at once).
    if (final && patched('hold-events-during-final-close')) holding = true;
    await persistUsageSummary({
      customerId: customer.id,
      lastSequence: sequencer.lastSequence,
      report,
      final,
    });
    const { invoiceId } = await untilDone('draft invoice', () =>
      draftPeriodInvoice({ customerId: customer.id, period }),
    );
    if (!final) return;
    if (invoiceId !== null) {
      const finalizedAtMs = Date.now();
      await untilDone('finalize invoice', () =>
        finalizePeriodInvoice({ invoiceId, finalizedAtMs }),
      );
      // Versioned: histories recorded before delivery existed replay without this command.
      if (patched('dispatch-after-finalize')) {
        await dispatchCustomerEvents({ customerId: customer.id });
      }
    }
    advanceHorizon(state.metering, state.current.startMs);
    // Before anything else can run (continue-as-new carries only applied and gap-held events).
    if (holding) release();
  };

  /**
   * Checks the budgets against the live usage (services/check-budgets.ts) and hands new
   * alerts to delivery. A failed check never blocks the cycle: the next usage tries again.
   */
  const checkBudgetsNow = async (): Promise<void> => {
    usageSinceBudgetCheck = false;
    const changesAsked = budgetChanges;
    const report = () =>
      computeUsageReport(state.metering, state.current, Date.now(), {
        includeRuns: true,
        includeBurst: burstMeters(),
      });
    try {
      // The usage report goes only to a customer known to have budgets: for the others (most)
      // the check asks for the count alone, so their history does not carry a report a minute.
      let result = await checkBudgets({
        customerId: customer.id,
        report: hasBudgets === true ? report() : null,
      });
      if (hasBudgets !== true && result.budgets > 0) {
        result = await checkBudgets({ customerId: customer.id, report: report() });
      }
      hasBudgets = result.budgets > 0;
      budgetChangesChecked = changesAsked;
      const noBudgetsMs = budgetsSignalled ? NO_BUDGETS_RECHECK_MS : NO_BUDGETS_CHECK_MS;
      // A budget signalled while this check ran is checked again at once.
      nextBudgetCheckMs =
        Date.now() +
        (budgetChangePending() ? 0 : result.budgets > 0 ? BUDGET_CHECK_MS : noBudgetsMs);
      if (result.recorded.length > 0) await dispatchCustomerEvents({ customerId: customer.id });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // Tried again with the next usage, a minute on at the earliest: never on a schedule of
      // its own, so a check that keeps failing cannot fill the history while nothing happens
      // (a signalled budget change counts as asked: it does not keep the retries going).
      log.warn('budget check failed; trying again with the next usage', {
        error: error.cause?.message ?? error.message,
      });
      budgetChangesChecked = changesAsked;
      nextBudgetCheckMs = Date.now() + NO_BUDGETS_CHECK_MS;
    }
  };
  const budgetCheckDue = (): boolean =>
    budgetChecks &&
    (usageSinceBudgetCheck || budgetChangePending()) &&
    Date.now() >= nextBudgetCheckMs;

  const carry = async (): Promise<never> => {
    await condition(allHandlersFinished);
    state.lastSequence = sequencer.lastSequence;
    state.pending = sequencer.pending;
    // A budget signalled but not checked yet leaves the next run asking.
    if (budgetsSignalled) state.hasBudgets = budgetChangePending() ? undefined : hasBudgets;
    return continueAsNew<typeof billingCycleWorkflow>({ customer, carried: state });
  };

  for (;;) {
    const now = Date.now();
    const nextDeadline = Math.min(
      state.current.endMs,
      state.closing ? state.closing.endMs + graceMs : Infinity,
    );
    // A budget check waiting for its time wakes the loop then; usage arriving while none
    // waits wakes it at once to schedule one.
    const budgetWaiting = budgetChecks && (usageSinceBudgetCheck || budgetChangePending());
    const wakeAt = budgetWaiting ? Math.min(nextDeadline, nextBudgetCheckMs) : nextDeadline;
    const changesBefore = budgetChanges;
    if (now < wakeAt) {
      await condition(
        () =>
          hasGap(sequencer) ||
          workflowInfo().continueAsNewSuggested ||
          (budgetChecks && !budgetWaiting && usageSinceBudgetCheck) ||
          budgetChanges !== changesBefore,
        wakeAt - now,
      );
    }
    if (hasGap(sequencer)) {
      await catchUpFromLedger();
      // Numbers are signalled only after their commit, so the ledger always fills a gap; if it
      // ever cannot, retry later instead of spinning activities into the history.
      if (hasGap(sequencer)) await sleep('5 seconds');
    }

    if (budgetCheckDue() && Date.now() < state.current.endMs) await checkBudgetsNow();

    if (Date.now() >= state.current.endMs) {
      // A new period starts; the one before is still open to late events until its grace ends.
      if (state.closing) await closePeriod(state.closing, true);
      state.closing = state.current;
      state.current = nextPeriod(cycle, state.current);
      // The provisional draft is for the grace period; without one the final close follows
      // at once and would redo the same work (versioned: older histories did both).
      if (graceMs > 0 || !patched('no-provisional-close-without-grace')) {
        await closePeriod(state.closing, false);
      }
      upsertSearchAttributes([
        { key: BILLING_PERIOD_START, value: new Date(state.current.startMs) },
      ]);
    }
    if (state.closing && Date.now() >= state.closing.endMs + graceMs) {
      await closePeriod(state.closing, true);
      state.closing = null;
      return carry();
    }
    if (workflowInfo().continueAsNewSuggested) return carry();
  }
}
