/** What a caller asks to register under an endpoint id. */
export interface RequestedWebhookEndpoint {
  url: string;
  /** Omitted or empty: every event type. */
  eventTypes?: readonly string[];
  /** The caller's own signing secret; omitted: the engine generates one. */
  secret?: string;
}

/** An endpoint as stored: its secret is always set. */
export interface RegisteredWebhookEndpoint {
  url: string;
  eventTypes: readonly string[];
  secret: string;
}

/** The event types an endpoint is stored with: each once, in order (empty: all). */
export function normalizeEventTypes(eventTypes: readonly string[] = []): string[] {
  return [...new Set(eventTypes)].sort();
}

/**
 * Registering an id that exists: the same url and event types (and the same secret, when
 * the caller gives one) is a retry, answered like the first call; anything else conflicts.
 */
export function decideEndpointReplay(
  stored: RegisteredWebhookEndpoint,
  requested: RequestedWebhookEndpoint,
): 'replay' | 'conflict' {
  const same =
    stored.url === requested.url &&
    normalizeEventTypes(stored.eventTypes).join() ===
      normalizeEventTypes(requested.eventTypes).join() &&
    (requested.secret === undefined || requested.secret === stored.secret);
  return same ? 'replay' : 'conflict';
}

/** Whether an endpoint subscribed to these event types receives an event of this type. */
export function endpointReceives(eventTypes: readonly string[], eventType: string): boolean {
  return eventTypes.length === 0 || eventTypes.includes(eventType);
}

/**
 * Whether a delivery to an endpoint may go ahead: only to an enabled endpoint that is not
 * deleted. Read on every attempt, so a retry stops once the endpoint is turned off.
 */
export function deliveryTargetState(endpoint: {
  enabled: boolean;
  deleted: boolean;
}): 'active' | 'disabled' | 'deleted' {
  if (endpoint.deleted) return 'deleted';
  return endpoint.enabled ? 'active' : 'disabled';
}
