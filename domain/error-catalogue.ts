/**
 * Every BillingError code the engine raises, with the HTTP status the API answers it with,
 * whether Temporal should retry it when the thrower does not say (a `retryable` option on the
 * error wins), and what it means. One table, so a new code is a compile error until it is
 * classified here, and the OpenAPI document can list the codes each status may carry.
 *
 * How a code is classified:
 * - 4xx: the client can fix the request (400 invalid input, 401/403 credentials, 404 missing,
 *   405/413/415 the request's form, 409 already exists or the resource's state forbids it).
 *   Never retryable: the same request fails the same way.
 * - 429: too many requests for now (a rate limit); retryable after the answer's Retry-After.
 * - 500: a broken invariant or a misconfigured worker, something that "cannot happen" with
 *   validated input. The API answers "internal error" and logs the real message.
 * - 502: a third party (Resend, a webhook endpoint, the ERP) refused or did not answer; not
 *   HTTP-facing. The failure constructors set `retryable` from the answer's status; the
 *   default (false) covers what no retry fixes, e.g. an endpoint URL that does not parse.
 * - 503: something we depend on is down for now; retryable.
 */

/** The statuses a code may map to; the API and the OpenAPI document know no others. */
export const ERROR_STATUSES = [400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 502, 503] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

export interface ErrorCodeSpec {
  status: ErrorStatus;
  /** The default for errors of this code; a thrower may still pass `retryable`. */
  retryable: boolean;
  meaning: string;
}

const invalid = (meaning: string) => ({ status: 400, retryable: false, meaning }) as const;
const missing = (meaning: string) => ({ status: 404, retryable: false, meaning }) as const;
const conflict = (meaning: string) => ({ status: 409, retryable: false, meaning }) as const;
const internal = (meaning: string) => ({ status: 500, retryable: false, meaning }) as const;
const upstream = (meaning: string) => ({ status: 502, retryable: false, meaning }) as const;
const unavailable = (meaning: string) => ({ status: 503, retryable: true, meaning }) as const;

export const ERROR_CATALOGUE = {
  // 400: the request (or the data it carries) is invalid.
  invalid_request: invalid('the request body, path or query fails validation'),
  invalid_json: invalid('the request body is not valid JSON'),
  invalid_events: invalid('a batch of usage events fails validation'),
  currency_mismatch: invalid('the resources combined are in different currencies'),
  coupon_currency_mismatch: invalid("a fixed-amount coupon is not in the invoice's currency"),
  invalid_amount: invalid('an amount is not a decimal with at most the currency exponent'),
  invalid_percentage: invalid('a percentage is not between 0 and 100 with few enough decimals'),
  invalid_currency: invalid('a currency code is not supported'),
  invalid_time_zone: invalid('a time zone is not a known IANA zone'),
  invalid_price: invalid('a price of a plan is malformed'),
  duplicate_price_id: invalid('two prices of a plan share an id'),
  invalid_commitment: invalid("a minimum commitment is not an amount in the plan's currency"),
  invalid_coupon: invalid('a coupon is malformed (e.g. repeating without a duration)'),
  invalid_usage: invalid('a usage group to rate is malformed'),
  duplicate_usage: invalid('the same resource, meter and dimensions are listed twice'),
  duplicate_line: invalid('two invoice lines share an id'),
  duplicate_coupon: invalid('a coupon is applied twice to one invoice'),
  invalid_tax_rates: invalid('a line repeats a tax rate or mixes an inclusive one with others'),
  unknown_tax_rate: invalid('a line names a tax rate that is not defined'),
  conflicting_tax_rate: invalid('one tax rate id is defined with two different rates'),
  einvoice_unsupported_taxes: invalid('EN 16931 cannot express the taxes of a line'),
  // 401, 403: credentials.
  unauthenticated: { status: 401, retryable: false, meaning: 'no API key, or not a valid one' },
  session_expired: {
    status: 401,
    retryable: false,
    meaning: 'the portal session or link has expired: sign in again',
  },
  forbidden: { status: 403, retryable: false, meaning: 'the API key may not use this endpoint' },
  csrf_failed: {
    status: 403,
    retryable: false,
    meaning: 'a cookie-authenticated change without the X-CSRF-Token of its session',
  },
  // 404: not there (yet).
  not_found: missing('no such route'),
  customer_not_found: missing('no such customer'),
  invoice_not_found: missing('no such invoice'),
  plan_not_found: missing('no such plan'),
  coupon_not_found: missing('no such coupon'),
  credit_note_not_found: missing('no such credit note'),
  webhook_endpoint_not_found: missing('no such webhook endpoint'),
  event_not_found: missing('no such billing event'),
  api_key_not_found: missing('no such API key'),
  project_not_found: missing('no such project of the customer'),
  budget_not_found: missing('no such budget of the customer'),
  no_subscription: missing('the customer has no subscription in force'),
  document_not_ready: missing('the document is rendered after finalization, not yet'),
  // 405, 413, 415: the request's form.
  method_not_allowed: { status: 405, retryable: false, meaning: 'the route has no such method' },
  payload_too_large: { status: 413, retryable: false, meaning: 'the body is larger than 1 MiB' },
  unsupported_media_type: {
    status: 415,
    retryable: false,
    meaning: 'the body is not UTF-8 JSON',
  },
  // 409: exists already, or the resource's state forbids the change.
  missing_tax_rate: conflict("the customer has tax rates, but none of a line's tax category"),
  customer_exists: conflict('a customer with this id exists with other fields'),
  plan_exists: conflict('a plan with this id exists with other fields (plans are immutable)'),
  subscription_exists: conflict('a subscription with this id exists with other fields'),
  subscription_conflict: conflict('the customer has a subscription starting at that instant'),
  coupon_exists: conflict('a coupon with this id exists with other fields'),
  credit_exists: conflict('a credit with this reference exists with another amount'),
  conflicting_credit_entry: conflict('one credit reference is given two amounts'),
  credit_note_exists: conflict('a credit note with this id exists with other fields'),
  payment_exists: conflict('a payment with this reference was recorded with another amount'),
  event_conflict: conflict('an event id was recorded before with other content'),
  webhook_endpoint_exists: conflict('a webhook endpoint with this id exists with other fields'),
  project_exists: conflict(
    'a project with this id exists with other fields (projects are immutable)',
  ),
  budget_exists: conflict('a budget with this id exists with other fields'),
  invalid_invoice_state: conflict("the invoice's status does not allow this change"),
  // 429: a rate limit; the answer says when to retry (Retry-After).
  rate_limited: {
    status: 429,
    retryable: true,
    meaning: 'too many events for this key, or too many failed authentications; see Retry-After',
  },
  // 500: cannot happen with validated input; a bug or a misconfigured worker.
  internal: internal('an unexpected failure'),
  invoice_invariant_violated: internal("an invoice's amounts break an invariant"),
  einvoice_totals_mismatch: internal("an e-invoice's totals do not add up (EN 16931 rules)"),
  invalid_invoice_id: internal('an invoice is assembled without an id'),
  allocation_without_units: internal('an amount is split over no units'),
  invalid_allocation: internal('an amount is allocated over non-positive weights'),
  coupon_mismatch: internal('a redemption is checked against another coupon'),
  invalid_coupon_redemption: internal("a redemption's periodsApplied is not an integer >= 0"),
  invalid_billing_schedule: internal('a billing cycle has an unknown schedule'),
  invalid_instant: internal('an instant is not a finite number'),
  usage_too_large: internal("a resource's run time overflows a safe integer of ms"),
  document_not_final: internal('an ERP payment refers to an invoice without a number'),
  not_an_erp_event: internal('an event type that has no ERP record was sent to the ERP'),
  pdf_metadata_unrecognized: internal("Chromium's PDF dates are not in the expected layout"),
  delivery_not_configured: internal('a delivery activity ran on a worker without delivery'),
  email_not_configured: internal('an email is to be sent but no mail provider is configured'),
  email_config_invalid: internal('the mail provider configuration is invalid'),
  erp_not_configured: internal('an ERP sync ran but no ERP connector is configured'),
  // 502: a third party refused or did not answer (not HTTP-facing).
  email_send_failed: upstream('Resend did not send an email'),
  webhook_delivery_failed: upstream('a webhook endpoint did not accept an event'),
  erp_sync_failed: upstream('the ERP did not accept a record'),
  // 503: a dependency is down for now.
  temporal_unavailable: unavailable('Temporal did not answer (live usage, workflow start)'),
  database_unavailable: unavailable('PostgreSQL did not answer; nothing of the request was kept'),
  browser_pool_closed: unavailable('the PDF browser pool is shutting down'),
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export function errorSpec(code: ErrorCode): ErrorCodeSpec {
  return ERROR_CATALOGUE[code];
}

/** The codes the API may answer with `status`, for the OpenAPI document. */
export function errorCodesWithStatus(status: number): ErrorCode[] {
  return ERROR_CODES.filter((code) => ERROR_CATALOGUE[code].status === status);
}
