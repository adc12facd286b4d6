import { performance } from 'node:perf_hooks';
import { BillingError, type ErrorCode } from '../../domain/errors';
import { vetOutboundUrl, type OutboundUrlPolicy, type ResolveHost } from '../net/outbound-url';
import { httpStatusFailure, noAnswerFailure } from './delivery-failure';

export interface HttpCall {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** BillingError code for failures, e.g. "webhook_delivery_failed". */
  errorCode: ErrorCode;
  /** Who is called, for messages: "webhook endpoint" (the URL's origin is appended). */
  what: string;
  /**
   * The outbound URL policy, checked before the request (DNS can change between
   * registration and sending): a denied address fails for good, without a connection.
   */
  policy?: OutboundUrlPolicy;
  /** The resolver of the policy check (tests); default node:dns lookup. */
  resolve?: ResolveHost;
}

export interface HttpCallResult {
  status: number;
  durationMs: number;
}

/** Enough of an error body for the operator to see what the other side complained about. */
const RESPONSE_EXCERPT_CHARS = 500;

/**
 * One HTTP request with a hard timeout covering headers and body; any 2xx is success,
 * anything else throws a BillingError classified by `isRetryableHttpStatus`. Redirects are
 * not followed: a webhook or ERP URL that redirects is misconfigured, and following it
 * could turn a signed POST into something else or leak it to another host.
 */
export async function callHttp(call: HttpCall): Promise<HttpCallResult> {
  const target = originOf(call);
  const what = `${call.what} ${target}`;
  if (call.policy) await checkPolicy(call, call.policy, what, target);
  const startedAt = performance.now();
  let status: number;
  let responseText: string | null = null;
  const signal = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      redirect: 'manual',
      signal,
    });
    status = response.status;
    if (response.ok) await response.body?.cancel();
    else responseText = (await response.text()).slice(0, RESPONSE_EXCERPT_CHARS);
  } catch (error) {
    throw noAnswerFailure(call.errorCode, what, {
      target,
      cause: error,
      timedOut: signal.aborted,
      timeoutMs: call.timeoutMs,
    });
  }
  if (status < 200 || status > 299) {
    throw httpStatusFailure(call.errorCode, what, { target, status, response: responseText });
  }
  return { status, durationMs: Math.round(performance.now() - startedAt) };
}

/**
 * A denied address is not retryable (the same URL is refused again); a name that does not
 * resolve may resolve later, so it retries like any network error.
 */
async function checkPolicy(
  call: HttpCall,
  policy: OutboundUrlPolicy,
  what: string,
  target: string,
): Promise<void> {
  const verdict = await vetOutboundUrl(call.url, policy, call.resolve);
  if (verdict.kind === 'denied') {
    throw new BillingError(
      call.errorCode,
      `${what} refused by the outbound URL policy: ${verdict.reason}`,
      {
        retryable: false,
        details: { target, reason: 'denied_address', status: null, response: null },
      },
    );
  }
  if (verdict.kind === 'unresolvable') {
    throw new BillingError(call.errorCode, `${what} unreachable (${verdict.reason})`, {
      retryable: true,
      details: { target, reason: 'network', status: null, response: null },
    });
  }
}

/** Only the origin goes into errors and logs: a webhook URL's path or query may hold a token. */
function originOf(call: HttpCall): string {
  try {
    return new URL(call.url).origin;
  } catch (error) {
    throw new BillingError(call.errorCode, `${call.what}: invalid URL`, { cause: error });
  }
}
