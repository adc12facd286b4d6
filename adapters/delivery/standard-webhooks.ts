import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com, v1 symmetric signatures):
 *
 *   signed content  = `${webhook-id}.${webhook-timestamp}.${raw body}`
 *   signature       = base64(HMAC-SHA256(base64-decoded secret without "whsec_", content))
 *   webhook-signature: "v1,<signature>", several space-separated while a secret rotates
 *
 * `webhook-id` is the event id, the same on every retry, so receivers deduplicate on it;
 * `webhook-timestamp` is the attempt time in seconds, so a replayed old request is refused.
 * Test vector (from the reference implementation): secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,
 * id msg_p5jXN8AQM9LWM0D4loKWxJek, timestamp 1614265330, body {"test": 2432232314} gives
 * v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
 */

const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 random bytes. */
const SECRET_BYTES = 32;
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookBody = string | Uint8Array;

/** A new signing secret for an endpoint: whsec_ followed by 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The `webhook-signature` header value. Pass several secrets while rotating: the receiver
 * accepts the message if any one matches.
 */
export function signWebhook(input: {
  secret: string | readonly string[];
  msgId: string;
  timestampSeconds: number;
  body: WebhookBody;
}): string {
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  if (!Number.isSafeInteger(input.timestampSeconds)) {
    throw new Error(`webhook timestamp must be whole seconds, got ${input.timestampSeconds}`);
  }
  return secrets
    .map(
      (secret) =>
        `v1,${hmac(secret, input.msgId, input.timestampSeconds, input.body).toString('base64')}`,
    )
    .join(' ');
}

/** The three headers of a signed message, ready for fetch. */
export function webhookHeaders(input: Parameters<typeof signWebhook>[0]): Record<string, string> {
  return {
    'webhook-id': input.msgId,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': signWebhook(input),
  };
}

/** Node's IncomingHttpHeaders or a plain object; names are matched case-insensitively. */
export type WebhookRequestHeaders = Record<string, string | readonly string[] | undefined>;

/**
 * True when the headers carry a v1 signature of this body by `secret` and the timestamp is
 * within `toleranceSeconds` of `nowSeconds` either way. The comparison is constant-time.
 */
export function verifyWebhook(input: {
  secret: string;
  headers: WebhookRequestHeaders;
  body: WebhookBody;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const msgId = header(input.headers, 'webhook-id');
  const timestamp = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (msgId === undefined || timestamp === undefined || signatures === undefined) return false;
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  const timestampSeconds = Number(timestamp);
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - timestampSeconds) > tolerance) return false;

  const expected = hmac(input.secret, msgId, timestampSeconds, input.body);
  return signatures.split(' ').some((versioned) => {
    const [version, signature] = versioned.split(',', 2);
    if (version !== 'v1' || signature === undefined) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function hmac(secret: string, msgId: string, timestampSeconds: number, body: WebhookBody): Buffer {
  return createHmac('sha256', secretKey(secret))
    .update(`${msgId}.${timestampSeconds}.`)
    .update(body)
    .digest();
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('webhook secret is empty');
  return key;
}

function header(headers: WebhookRequestHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}
