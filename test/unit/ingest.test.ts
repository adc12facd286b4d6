import { toOpenApiSchema } from '../../api/contract/json-schema';
import { eventBatchSchema, parseEventBatch } from '../../api/schemas/event-batch';
import type { LedgerEvent } from '../../domain/events';
import {
  invalidEvents,
  ledgeredEventsByCustomer,
  unknownCustomerIssues,
  type NewEvent,
} from '../../domain/ingest';

const NOW = Date.UTC(2026, 10, 24, 10);
const RULES = { nowMs: NOW, backdatingWindowMs: 604_800_000, futureToleranceMs: 300_000 };

const newEvent = (customerId: string, id: string): NewEvent => ({
  customerId,
  id,
  type: 'usage.recorded',
  timestampMs: NOW,
  resourceId: 'r',
  meter: 'm',
  dimensions: null,
  quantity: '1',
});
const ledgered = (id: string, seq: number): LedgerEvent => {
  const { customerId: _customerId, ...event } = newEvent('x', id);
  return { ...event, seq };
};

describe('unknownCustomerIssues', () => {
  it.each<[string, NewEvent[], string[], { index: number; field: string; message: string }[]]>([
    ['all known', [newEvent('a', '1'), newEvent('b', '2')], ['a', 'b'], []],
    [
      'each event of an unknown customer, by index',
      [newEvent('a', '1'), newEvent('nobody', '2'), newEvent('ghost', '3')],
      ['a'],
      [
        { index: 1, field: 'customerId', message: 'unknown customer nobody' },
        { index: 2, field: 'customerId', message: 'unknown customer ghost' },
      ],
    ],
  ])('%s', (_name, events, known, issues) => {
    expect(unknownCustomerIssues(events, new Set(known))).toEqual(issues);
  });

  it('rejects the whole batch as invalid_events', () => {
    expect(invalidEvents([{ index: 0, field: 'id', message: 'x' }])).toMatchObject({
      code: 'invalid_events',
      message: 'the batch was rejected; no event of it was recorded',
      details: [{ index: 0, field: 'id', message: 'x' }],
    });
  });
});

describe('ledgeredEventsByCustomer: one forward per customer, in batch order', () => {
  it.each([
    ['empty', [], []],
    [
      'interleaved customers',
      [
        { customerId: 'b', event: ledgered('1', 1) },
        { customerId: 'a', event: ledgered('2', 1) },
        { customerId: 'b', event: ledgered('3', 2) },
      ],
      [
        { customerId: 'b', events: [ledgered('1', 1), ledgered('3', 2)] },
        { customerId: 'a', events: [ledgered('2', 1)] },
      ],
    ],
  ])('%s', (_name, results, expected) => {
    expect(ledgeredEventsByCustomer(results)).toEqual(expected);
  });
});

describe('parseEventBatch', () => {
  const ok = (overrides: Record<string, unknown> = {}) => ({
    id: 'e',
    customerId: 'c',
    type: 'usage.recorded',
    timestamp: '2026-11-24T11:00:00+01:00',
    resourceId: 'r',
    meter: 'm',
    quantity: '1.50',
    ...overrides,
  });

  it('reads a valid event as the ledger stores it', () => {
    expect(parseEventBatch({ events: [ok()] }, RULES)).toEqual({
      ok: true,
      events: [{ ...newEvent('c', 'e'), quantity: '1.5' }],
    });
  });

  it.each<[string, unknown, { index?: number; field: string; message: string }[]]>([
    [
      'shape and clock issues together, in index order',
      {
        events: [
          ok({ timestamp: '2026-11-24T10:10:00Z' }),
          ok({ quantity: '1e3' }),
          ok({ timestamp: '2026-11-14T10:00:00z' }),
        ],
      },
      [
        { index: 0, field: 'timestamp', message: 'is more than 300 s in the future' },
        {
          index: 1,
          field: 'quantity',
          message:
            'must be a non-negative decimal string of at most 40 characters such as "1" or "0.25"',
        },
        {
          index: 2,
          field: 'timestamp',
          message: 'is older than the backdating window of 604800 s',
        },
      ],
    ],
    [
      'an over-long quantity is one issue',
      { events: [ok({ quantity: '1'.repeat(41) })] },
      [
        {
          index: 0,
          field: 'quantity',
          message:
            'must be a non-negative decimal string of at most 40 characters such as "1" or "0.25"',
        },
      ],
    ],
    [
      'a leap second',
      { events: [ok({ timestamp: '2026-11-24T09:59:60Z' })] },
      [{ index: 0, field: 'timestamp', message: 'must be an RFC 3339 timestamp with offset' }],
    ],
    ['no events', { events: [] }, [{ field: 'events', message: 'must hold at least one event' }]],
  ])('%s', (_name, body, issues) => {
    expect(parseEventBatch(body, RULES)).toEqual({ ok: false, issues });
  });
});

describe('the batch schema states its rules in JSON Schema', () => {
  const components: Record<string, any> = {};
  toOpenApiSchema(eventBatchSchema, 'input', components);
  const document = components.EventBatch;
  const event = components.UsageEvent;
  it.each([
    ['events', document.properties.events, { minItems: 1, maxItems: 1000 }],
    [
      'type',
      event.properties.type,
      { enum: ['resource.started', 'resource.stopped', 'resource.updated', 'usage.recorded'] },
    ],
    ['timestamp', event.properties.timestamp, { type: 'string', format: 'date-time' }],
    [
      'quantity',
      event.properties.quantity,
      { maxLength: 40, pattern: '^(0|[1-9]\\d*)(\\.\\d+)?$' },
    ],
    ['id', event.properties.id, { minLength: 1, maxLength: 128 }],
  ])('%s', (_name, schema, expected) => {
    expect(schema).toMatchObject(expected);
  });
  it('refuses unknown fields', () => {
    expect([document.additionalProperties, event.additionalProperties]).toEqual([false, false]);
  });
});
