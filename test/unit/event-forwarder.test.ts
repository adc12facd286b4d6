import pino from 'pino';
import type { BillingCycles } from '../../adapters/temporal/billing-cycles';
import { EventForwarder } from '../../adapters/temporal/event-forwarder';
import type { LedgerEvent } from '../../domain/events';
import { aCustomer, anEvent } from '../fixtures/builders';

/** The workflows' side, in memory: when each signal arrived and what it carried. */
function recordingCycles() {
  const signals: { atMs: number; seqs: number[] }[] = [];
  const cycles: BillingCycles = {
    start: () => Promise.resolve(),
    queryUsage: () => Promise.reject(new Error('not used')),
    budgetsChanged: () => Promise.reject(new Error('not used')),
    signalEvents: (_customer, events) => {
      signals.push({ atMs: Date.now(), seqs: events.map((e) => e.seq) });
      return Promise.resolve();
    },
  };
  return { cycles, signals };
}

const event = (seq: number): LedgerEvent =>
  anEvent({ seq, type: 'usage.recorded', timestampMs: Date.UTC(2031, 0, 1) + seq });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const options = {
  windowMs: 20,
  minIntervalMs: 300,
  maxEventsPerSignal: 2000,
  retryDelayMs: 10,
  maxInFlight: 4,
};

test('dense events of one customer: at most one signal per minIntervalMs, every event once, in order', async () => {
  const { cycles, signals } = recordingCycles();
  const forwarder = new EventForwarder(cycles, options, pino({ level: 'silent' }));
  const customer = aCustomer();
  const start = Date.now();
  let seq = 0;
  // An event every 10 ms for 1 s: 100 events.
  while (Date.now() - start < 1_000) {
    seq += 1;
    forwarder.enqueue(customer, [event(seq)]);
    await sleep(10);
  }
  await forwarder.close();
  // 1 s at one signal per 300 ms: the first after 20 ms, then at most every 300 ms (+ close).
  expect(signals.length).toBeLessThanOrEqual(5);
  for (let i = 1; i < signals.length - 1; i += 1) {
    expect(signals[i]!.atMs - signals[i - 1]!.atMs).toBeGreaterThanOrEqual(290);
  }
  expect(signals.flatMap((s) => s.seqs)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
  expect(forwarder.signalsSent).toEqual(signals.length);
});

test('after a quiet spell, the next event goes out after the window, not the interval', async () => {
  const { cycles, signals } = recordingCycles();
  const forwarder = new EventForwarder(cycles, options, pino({ level: 'silent' }));
  const customer = aCustomer();
  forwarder.enqueue(customer, [event(1)]);
  await sleep(400);
  const sentAt = Date.now();
  forwarder.enqueue(customer, [event(2)]);
  await sleep(150);
  expect(signals.map((s) => s.seqs)).toEqual([[1], [2]]);
  expect(signals[1]!.atMs - sentAt).toBeLessThan(150);
  await forwarder.close();
});

test('customers do not wait for each other: each has its own interval', async () => {
  const { cycles, signals } = recordingCycles();
  const forwarder = new EventForwarder(cycles, options, pino({ level: 'silent' }));
  const [a, b] = [aCustomer(), aCustomer()];
  forwarder.enqueue(a, [event(1)]);
  await sleep(60);
  forwarder.enqueue(b, [event(1)]);
  await sleep(60);
  expect(signals).toHaveLength(2);
  await forwarder.close();
});
