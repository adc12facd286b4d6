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
