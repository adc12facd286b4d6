import { saveNewCustomer } from '../../db/repositories/customers.repository';
import {
  appendEvents,
  appendNewEvents,
  countLedgerEvents,
  loadEventsAfter,
  loadLedgerHighWater,
  type NewEvent,
} from '../../db/repositories/ledger.repository';
import { aCustomer } from '../fixtures/builders';
import { databaseEngines, useEngine } from '../support/engines';

describe.each(databaseEngines)('ledger on %s', (_name, open) => {
  const handle = useEngine(open);

  const T = Date.UTC(2026, 10, 24, 10, 0, 0, 123);
  const event = (customerId: string, id: string, fields: Partial<NewEvent> = {}): NewEvent => ({
    customerId,
    id,
    type: 'usage.recorded',
    timestampMs: T,
    resourceId: 'vm-1',
    meter: 'network.egress',
    dimensions: null,
    quantity: null,
    ...fields,
  });

  test('numbers events densely per customer and keeps every field exactly', async () => {
    const a = await saveNewCustomer(handle.db, aCustomer());
    const b = await saveNewCustomer(handle.db, aCustomer());
    const results = await appendEvents(handle.db, [
      event(a.id, 'a1', {
        type: 'resource.started',
        dimensions: { region: 'fra1', flavor: 'g' },
        quantity: '0.000000000001',
      }),
      event(b.id, 'b1'),
      event(a.id, 'a2', { quantity: '12345678901234567890.123456789', timestampMs: T + 1 }),
    ]);
    expect(results.map((r) => [r.customerId, r.event.id, r.event.seq, r.status])).toEqual([
      [a.id, 'a1', 1, 'accepted'],
      [b.id, 'b1', 1, 'accepted'],
      [a.id, 'a2', 2, 'accepted'],
    ]);
    expect(await loadEventsAfter(handle.db, a.id, 0, 10)).toEqual([
      {
        seq: 1,
        id: 'a1',
        type: 'resource.started',
        timestampMs: T,
        resourceId: 'vm-1',
        meter: 'network.egress',
        dimensions: { region: 'fra1', flavor: 'g' },
        quantity: '0.000000000001',
      },
      {
        seq: 2,
        id: 'a2',
        type: 'usage.recorded',
        timestampMs: T + 1,
        resourceId: 'vm-1',
        meter: 'network.egress',
        dimensions: null,
        quantity: '12345678901234567890.123456789',
      },
    ]);
  });

  test('a duplicate (earlier or in the same batch) keeps its first copy and consumes no number', async () => {
    const c = await saveNewCustomer(handle.db, aCustomer());
    await appendEvents(handle.db, [event(c.id, 'x', { quantity: '1' })]);
    const results = await appendEvents(handle.db, [
      event(c.id, 'y'),
      event(c.id, 'x', { quantity: '999' }),
      event(c.id, 'y'),
      event(c.id, 'z'),
    ]);
    expect(results.map((r) => [r.event.id, r.event.seq, r.status, r.event.quantity])).toEqual([
      ['y', 2, 'accepted', null],
      ['x', 1, 'duplicate', '1'],
      ['y', 2, 'duplicate', null],
      ['z', 3, 'accepted', null],
    ]);
    // No repeat inside the batch, but the ledger has one: the fast path rolls back whole.
    const again = await appendEvents(handle.db, [event(c.id, 'w'), event(c.id, 'x')]);
    expect(again.map((r) => [r.event.id, r.event.seq, r.status])).toEqual([
      ['w', 4, 'accepted'],
      ['x', 1, 'duplicate'],
    ]);
    expect((await loadEventsAfter(handle.db, c.id, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  test('concurrent batches of overlapping customers get dense, unique numbers', async () => {
    const customers = await Promise.all(
      [1, 2, 3].map(() => saveNewCustomer(handle.db, aCustomer())),
    );
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 30 }, (_, k) =>
        event((customers[(b + k) % 3] as { id: string }).id, `b${b}-${k}`),
      ),
    );
    await Promise.all(batches.map((batch) => appendEvents(handle.db, batch)));
    for (const customer of customers) {
      const seqs = (await loadEventsAfter(handle.db, customer.id, 0, 1000)).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    }
  });

  // The repository refuses to number an event without a customer row, on both paths, and
  // writes nothing of the batch.
  test('an unknown customer gets no event ledgered, on the fast path and the general one', async () => {
    const known = await saveNewCustomer(handle.db, aCustomer());
    await expect(
      appendEvents(handle.db, [event(known.id, 'k1'), event('cus-nobody', 'n1')]),
    ).rejects.toThrow('no customer cus-nobody');
    await expect(
      appendEvents(handle.db, [event('cus-nobody', 'n1')], undefined, { tryNewFirst: false }),
    ).rejects.toThrow('no customer cus-nobody');
    expect(await appendNewEvents(handle.db, [event('cus-nobody', 'n2')])).toBeNull();
    expect(await loadEventsAfter(handle.db, known.id, 0, 10)).toEqual([]);
    expect(await loadEventsAfter(handle.db, 'cus-nobody', 0, 10)).toEqual([]);
  });

  test('the high-water mark is the number of events ledgered, duplicates taking none', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    expect(await loadLedgerHighWater(handle.db, customer.id)).toEqual(0);
    await appendEvents(handle.db, [event(customer.id, 'h1'), event(customer.id, 'h2')]);
    // A retried h2 and a new h3, through the general path (the batch holds a duplicate).
    await appendEvents(handle.db, [event(customer.id, 'h2'), event(customer.id, 'h3')]);
    expect(await loadLedgerHighWater(handle.db, customer.id)).toEqual(3);
    expect(await countLedgerEvents(handle.db, customer.id)).toEqual(3);
    expect(await loadLedgerHighWater(handle.db, 'cus-nobody')).toEqual(0);
  });
});
