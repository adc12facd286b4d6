import path from 'node:path';
import { z } from 'zod';

/** The only reader of process.env: parsed once at start, failing fast with the bad variable. */
const schema = z.object({
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().default(path.resolve('.data')),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('billing'),
  /**
   * A workflow bundle built ahead of time (`npm run build` writes dist/app/workflow-bundle.js);
   * without it the worker bundles workflows/ at start, which needs the TypeScript sources.
   */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().positive().default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  USAGE_BILLING_CACHE: z.string().optional(),
  PORT: z.coerce.number().int().min(0).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EVENT_BACKDATING_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  EVENT_FUTURE_TOLERANCE_SECONDS: z.coerce.number().int().min(0).default(300),
  FORWARD_WINDOW_MS: z.coerce.number().int().min(0).default(50),
  /** At most one signal per customer per this many ms (event-forwarder.ts): <= 2 a second. */
  FORWARD_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(500),
  /** The first operator API key, so automation can start a stack and call it at once. */
  // Empty counts as unset (docker-compose.yml passes `${BILLING_API_KEY:-}`).
  BILLING_API_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(16, 'at least 16 characters').optional(),
  ),
  /**
   * Failed authentication, per client address and API process: after this many failures
   * in the window, the address is answered 429 with Retry-After until the window ends.
   */
  AUTH_FAILURE_LIMIT: z.coerce.number().int().positive().default(100),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** POST /v1/events per API key and API process: a token bucket of events. */
  INGEST_RATE_LIMIT_EVENTS_PER_SECOND: z.coerce.number().positive().default(5_000),
  INGEST_RATE_LIMIT_BURST: z.coerce.number().int().positive().default(20_000),
  FORWARD_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(16),
  HOME: z.string().default('/tmp'),
  /** Documents: Chromium for PDFs, and a small pool of browsers (never one per invoice). */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  PDF_BROWSERS: z.coerce.number().int().positive().default(1),
  /** The issuer printed on every document and e-invoice. Address lines are separated by "|". */
  ISSUER_NAME: z.string().default('Usage Billing Engine'),
  ISSUER_ADDRESS: z.string().default(''),
  ISSUER_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2')
    .default('DE'),
  ISSUER_VAT_ID: z.string().optional(),
  ISSUER_EMAIL: z.email().optional(),
  ISSUER_IBAN: z.string().optional(),
  ISSUER_BIC: z.string().optional(),
  PAYMENT_NOTE: z.string().optional(),
  /** Where customers reach the API: links in emails point here. */
  PUBLIC_BASE_URL: z.url().optional(),
  /**
   * The key portal links and session cookies are signed with (HMAC-SHA256), the same in every
   * API and worker process. Unset: derived from BILLING_API_KEY, else generated once in
   * DATA_DIR/portal-secret (runtime/portal-settings.ts). Changing it signs everyone out.
   */
  PORTAL_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  PORTAL_SESSION_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  PORTAL_INVOICE_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  /** The Temporal Web UI, for the operator view's workflow links; `npm start` knows its own. */
  TEMPORAL_UI_URL: z.url().optional(),
  /** Email through Resend; without a key no emails are sent. */
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().default('Billing <billing@example.com>'),
  /** The generic HTTP ERP connector; without a URL nothing is pushed. */
  ERP_BASE_URL: z.url().optional(),
  ERP_TOKEN: z.string().optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Lets webhook and ERP URLs reach loopback, private, link-local and other special-purpose
   * addresses (domain/delivery/url-policy.ts). Off in production; `npm start` turns it on
   * unless set, and says so.
   */
  OUTBOUND_ALLOW_PRIVATE_ADDRESSES: z.stringbool().optional(),
  /** Check every JSON reply against its declared schema; a mismatch is a 500 (tests, fuzzing). */
  API_VALIDATE_RESPONSES: z.stringbool().default(false),
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(2_000),
  /**
   * The worker process's own /metrics (closes, finalizations, deliveries, PDF); unset, none.
   * Unauthenticated: bind it to an internal network only. `npm start` serves the same
   * registry through the API's /metrics.
   */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  /** The Temporal SDK's own Prometheus exporter in the worker process, e.g. 0.0.0.0:9465. */
  TEMPORAL_METRICS_BIND_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d{1,5}$/, 'host:port')
    .optional(),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Where scripts/setup.sh caches the Temporal binaries. */
export function binaryCacheDir(config: Config): string {
  return config.USAGE_BILLING_CACHE ?? path.join(config.HOME, '.cache', 'usage-billing');
}
