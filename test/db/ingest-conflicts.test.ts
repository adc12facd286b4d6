import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { countLedgerEvents, loadEventsAfter } from '../../db/repositories/ledger.repository';
import type { NewEvent } from '../../domain/ingest';
import { ingestEvents } from '../../services/ingest-events';
import { aCustomer } from '../fixtures/builders';
import { databaseEngines, useEngine } from '../support/engines';

/** services/ingest-events.ts: an id reused with other content rejects the batch whole. */
describe.each(databaseEngines)('ingestEvents on %s', (_name, open) => {
  const handle = useEngine(open);

  const T = Date.UTC(2026, 10, 24, 10, 0, 0, 123);
  const event = (customerId: string, id: string, fields: Partial<NewEvent> = {}): NewEvent => ({
    customerId,
    id,
    type: 'resource.started',
    timestampMs: T,
    resourceId: 'vm-1',
    meter: 'compute.vm',
    dimensions: { region: 'fra1', flavor: 'g' },
    quantity: '2',
    ...fields,
  });
  const forwarded: string[] = [];
  const deps = () => ({
    db: handle.db,
    forwarder: {
      enqueue: (_customer: unknown, events: { id: string }[]) =>
        forwarded.push(...events.map((e) => e.id)),
    },
  });

  test('same content is a duplicate; other content is event_conflict and keeps nothing', async () => {
    const a = await saveNewCustomer(handle.db, aCustomer());
    const b = await saveNewCustomer(handle.db, aCustomer());
    await ingestEvents(deps(), [event(a.id, 'e-1')]);

    // The ledger's copy, read back: numeric "2", jsonb in its own key order.
    const again = event(a.id, 'e-1', {
      quantity: '2.00',
      dimensions: { flavor: 'g', region: 'fra1' },
    });
    const duplicate = await ingestEvents(deps(), [again]);
    expect(duplicate.map((r) => [r.status, r.event.seq])).toEqual([['duplicate', 1]]);

    // Alone (the fast path finds it on insert and falls back to the general path).
    await expect(ingestEvents(deps(), [event(a.id, 'e-1', { meter: 'x' })])).rejects.toMatchObject({
      code: 'event_conflict',
      details: [{ index: 0, field: 'id' }],
    });

    forwarded.length = 0;
    const batch = [
      event(b.id, 'b-1'),
      event(a.id, 'e-2'),
      event(a.id, 'e-1', { quantity: '3' }),
      event(a.id, 'e-2', { resourceId: 'vm-2' }),
    ];
    await expect(ingestEvents(deps(), batch)).rejects.toMatchObject({
      code: 'event_conflict',
      details: [
        {
          index: 2,
          field: 'id',
          message:
            'event e-1 was recorded before with other content (quantity); a new event needs ' +
            'a new id',
        },
        {
          index: 3,
          field: 'id',
          message:
            'event e-2 was recorded before with other content (resourceId); a new event needs ' +
            'a new id',
        },
      ],
    });
    expect(forwarded).toEqual([]);
    expect(await countLedgerEvents(handle.db, a.id)).toEqual(1);
    expect(await countLedgerEvents(handle.db, b.id)).toEqual(0);

    // No sequence number was consumed by the rejected batch.
    const next = await ingestEvents(deps(), [event(b.id, 'b-1'), event(a.id, 'e-2')]);
    expect(next.map((r) => [r.event.id, r.event.seq, r.status])).toEqual([
      ['b-1', 1, 'accepted'],
      ['e-2', 2, 'accepted'],
    ]);
    expect((await loadEventsAfter(handle.db, a.id, 0, 10)).map((e) => e.id)).toEqual([
      'e-1',
      'e-2',
    ]);
  });
});
