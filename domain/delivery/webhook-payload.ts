/**
 * The Standard Webhooks payload shape: `{ type, timestamp, data }`. `timestamp` here is when
 * the event happened (ISO 8601), not the attempt time carried in the `webhook-timestamp`
 * header, so the body is the same bytes on every retry of one event.
 */
export interface WebhookPayload<T = unknown> {
  /** Dotted, past tense: "invoice.finalized", "invoice.paid". */
  type: string;
  timestamp: string;
  data: T;
}

export function webhookBody(input: { type: string; occurredAtMs: number; data: unknown }): string {
  const payload: WebhookPayload = {
    type: input.type,
    timestamp: new Date(input.occurredAtMs).toISOString(),
    data: input.data,
  };
  return JSON.stringify(payload);
}
