import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../domain/billing-events';
import { toIso } from '../../domain/time';
import { idSchema } from './ids';
import { nextCursorSchema } from '../contract/pagination';

const eventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, {
  error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
});

/**
 * An absolute http(s) URL, stated as a pattern so the document says what is accepted: a
 * host name (its last label starting with a letter, as WHATWG would read a numeric one as
 * an IPv4 address) or a dotted IPv4 address, an optional port up to 65535, then an optional
 * path and query of URL characters.
 */
const HOST = '(?:[A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*';
const IPV4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const PORT = '(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3}|0)';
const URL_CHARS = "[A-Za-z0-9._~!$&'()*+,;=:@%/-]";
const HTTP_URL = new RegExp(
  `^[Hh][Tt][Tt][Pp][Ss]?://(?:${HOST}|(?:${IPV4_PART}\\.){3}${IPV4_PART})(?::${PORT})?` +
    `(?:/${URL_CHARS}*)?(?:\\?(?:${URL_CHARS}|\\?)*)?$`,
);

function parsesAsUrl(value: string): boolean {
  return URL.canParse(value);
}

const urlSchema = z
  .string()
  .max(2048, 'at most 2048 characters')
  .regex(HTTP_URL, 'must be an http(s) URL')
  .refine(parsesAsUrl, 'must be an http(s) URL');

export const webhookEndpointSchema = z.strictObject({
  id: idSchema,
  url: urlSchema,
  secret: z
    .string()
    .regex(
      /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/,
      'must be whsec_ followed by at least 24 bytes in base64',
    )
    .optional()
    .describe(
      "A Standard Webhooks secret of the caller's; omitted: one is generated (and returned once)",
    ),
  eventTypes: z
    .array(eventTypeSchema)
    .max(WEBHOOK_EVENT_TYPES.length)
    .optional()
    .describe('The event types it receives; omitted or empty: every event type'),
});

/** A PATCH: each field given is changed, the others stay (the secret never changes). */
export const webhookEndpointChangesSchema = z
  .strictObject({
    url: urlSchema.optional(),
    eventTypes: z
      .array(eventTypeSchema)
      .max(WEBHOOK_EVENT_TYPES.length)
      .optional()
      .describe('The event types it receives; empty: every event type'),
    enabled: z
      .boolean()
      .optional()
      .describe('false: no new events, and deliveries being retried give up'),
  })
  .meta({ id: 'WebhookEndpointChanges' });

export const webhookEndpointViewSchema = z
  .strictObject({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(eventTypeSchema),
    enabled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });

/** The creating answer: the endpoint with its signing secret, shown this once. */
export const createdWebhookEndpointSchema = webhookEndpointViewSchema
  .extend({ secret: z.string() })
  .meta({ id: 'CreatedWebhookEndpoint' });

export const webhookEndpointListSchema = z.strictObject({
  endpoints: z.array(webhookEndpointViewSchema),
  nextCursor: nextCursorSchema,
});

export const webhookDeliveryLogSchema = z.strictObject({
  deliveries: z.array(
    z
      .strictObject({
        eventId: z.string(),
        eventType: z.string(),
        status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
        attempts: z.int().min(0).describe('0 when cancelled before any attempt'),
        lastStatusCode: z.int().nullable(),
        lastError: z.string().nullable(),
        updatedAt: z.iso.datetime(),
      })
      .meta({ id: 'WebhookDelivery' }),
  ),
  nextCursor: nextCursorSchema,
});

interface EndpointData {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  createdAtMs: number;
}

/** An endpoint as the API shows it: never its secret. */
export function webhookEndpointView({ id, url, eventTypes, enabled, createdAtMs }: EndpointData) {
  return { id, url, eventTypes, enabled, createdAt: toIso(createdAtMs) };
}

export function webhookDeliveryView(delivery: {
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  updatedAtMs: number;
}) {
  const { eventId, eventType, status, attempts, lastStatusCode, lastError, updatedAtMs } = delivery;
  return {
    eventId,
    eventType,
    status,
    attempts,
    lastStatusCode,
    lastError,
    updatedAt: toIso(updatedAtMs),
  };
}
