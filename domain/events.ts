export const EVENT_TYPES = [
  'resource.started',
  'resource.stopped',
  'resource.updated',
  'usage.recorded',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type LifecycleEventType = Exclude<EventType, 'usage.recorded'>;

export type Dimensions = Record<string, string>;

/**
 * An event as the ledger holds it and the billing-cycle workflow receives it: validated,
 * with its dense per-customer sequence number. `dimensions` and `quantity` are null when the
 * client omitted them; what that means depends on the type (see docs/billing-rules.md).
 */
export interface LedgerEvent {
  seq: number;
  id: string;
  type: EventType;
  timestampMs: number;
  resourceId: string;
  meter: string;
  dimensions: Dimensions | null;
  quantity: string | null;
}

/**
 * A ledger event as a signal carries it: a positional tuple, so a signal of 2,000 events is
 * less than half the bytes of the object form. Every signal lands in workflow history, so
 * its size is what the Temporal server spends its time on under load.
 * [seq, id, type index in EVENT_TYPES, timestampMs, resourceId, meter, dimensions, quantity]
 */
export type WireEvent = [
  number,
  string,
  number,
  number,
  string,
  string,
  Dimensions | null,
  string | null,
];

export function toWireEvent(event: LedgerEvent): WireEvent {
  return [
    event.seq,
    event.id,
    EVENT_TYPES.indexOf(event.type),
    event.timestampMs,
    event.resourceId,
    event.meter,
    event.dimensions,
    event.quantity,
  ];
}

export function fromWireEvent(wire: WireEvent): LedgerEvent {
  const [seq, id, typeIndex, timestampMs, resourceId, meter, dimensions, quantity] = wire;
  const type = EVENT_TYPES[typeIndex];
  if (type === undefined)
    throw new TypeError(`unknown event type index ${typeIndex} in event ${seq}`);
  return { seq, id, type, timestampMs, resourceId, meter, dimensions, quantity };
}
