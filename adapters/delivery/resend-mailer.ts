import { Resend, type ErrorResponse } from 'resend';
import { BillingError } from '../../domain/errors';
import { isRetryableHttpStatus, type DeliveryFailureDetails } from './delivery-failure';

export const EMAIL_SEND_FAILED = 'email_send_failed';
const RESEND_API = 'https://api.resend.com';

export interface ResendMailerOptions {
  apiKey: string;
  /** Defaults to https://api.resend.com; tests point it at the fake. */
  baseUrl?: string;
  /** "Acme Billing <billing@acme.example>", on a domain verified in Resend. */
  from: string;
  /** Per request, headers and body; default 30 s. */
  timeoutMs?: number;
}

export interface InvoiceEmail {
  to: string | string[];
  subject: string;
  html: string;
  text: string;
  /** The attached PDF; absent for a notice without a document (a budget alert). */
  pdf?: Buffer;
  pdfFilename?: string;
  /**
   * Derived from the invoice (e.g. "invoice-email/INV-2026-000042"), at most 256 characters.
   * Resend keeps keys for 24 hours: a retry within that window returns the first email's
   * id instead of sending again; beyond it, only the caller's delivery record prevents a
   * second email.
   */
  idempotencyKey: string;
}

export interface ResendMailer {
  sendInvoiceEmail(email: InvoiceEmail): Promise<{ messageId: string }>;
}

/**
 * Sends invoice emails through Resend's SDK. The SDK never throws: it returns
 * `{ data, error }`, and reports a network failure or timeout as `application_error` with
 * `statusCode: null`. Failures become BillingError `email_send_failed`, retryable as
 * isRetryableResendError decides.
 */
export function createResendMailer(options: ResendMailerOptions): ResendMailer {
  if (options.apiKey === '') {
    // The SDK would fall back to process.env.RESEND_API_KEY; configuration is read once, elsewhere.
    throw new BillingError('email_config_invalid', 'Resend API key is empty');
  }
  const baseUrl = (options.baseUrl ?? RESEND_API).replace(/\/+$/, '');
  // Always explicit, so the SDK does not read RESEND_BASE_URL from the environment.
  const resend = new Resend(options.apiKey, { baseUrl });
  const timeoutMs = options.timeoutMs ?? 30_000;

  return {
    async sendInvoiceEmail(email) {
      const signal = AbortSignal.timeout(timeoutMs);
      const { data, error } = await resend.emails.send(
        {
          from: options.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          // A Buffer is sent base64-encoded by the SDK.
          ...(email.pdf === undefined
            ? {}
            : {
                attachments: [
                  {
                    filename: email.pdfFilename ?? 'document.pdf',
                    content: email.pdf,
                    contentType: 'application/pdf',
                  },
                ],
              }),
        },
        { idempotencyKey: email.idempotencyKey, signal },
      );
      if (error !== null) throw resendFailure(error, baseUrl, signal.aborted, timeoutMs);
      if (typeof data.id !== 'string' || data.id === '') {
        // Accepted but unreadable; a retry with the same key returns the same email's id.
        throw new BillingError(EMAIL_SEND_FAILED, 'Resend answered without an email id', {
          retryable: true,
        });
      }
      return { messageId: data.id };
    },
  };
}

/**
 * | Resend error (status)                        | retryable | why                             |
 * | -------------------------------------------- | --------- | ------------------------------- |
 * | application_error, no status                 | yes       | network error or timeout        |
 * | rate_limit_exceeded, daily_quota_exceeded    | yes       | passes with time (429)          |
 * | concurrent_idempotent_requests (409)         | yes       | the first request still running |
 * | internal_server_error, application_error 5xx | yes       | Resend is failing               |
 * | monthly_quota_exceeded (429)                 | no        | needs a plan change             |
 * | invalid_idempotent_request (409)             | no        | same key, different email: a bug|
 * | validation_error, invalid_* , missing_*,     | no        | the request or the account is   |
 * | not_found, security_error (4xx)              |           | wrong; the same bytes fail again|
 * | anything else                                | by status | isRetryableHttpStatus; unknown  |
 * |                                              |           | shape without status: yes       |
 */
export function isRetryableResendError(error: Pick<ErrorResponse, 'name' | 'statusCode'>): boolean {
  switch (error.name) {
    case 'rate_limit_exceeded':
    case 'daily_quota_exceeded':
    case 'concurrent_idempotent_requests':
      return true;
    case 'monthly_quota_exceeded':
    case 'invalid_idempotent_request':
      return false;
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : null;
  if (status !== null) return isRetryableHttpStatus(status);
  // No status: the SDK's own network/timeout report, or an error body we cannot read. Only
  // the SDK's local argument checks (e.g. invalid_parameter) cannot pass on a retry.
  return error.name === 'application_error' || typeof error.name !== 'string';
}

/** The SDK passes any JSON error body through as is, so fields are checked, not trusted. */
function resendFailure(
  error: ErrorResponse,
  baseUrl: string,
  timedOut: boolean,
  timeoutMs: number,
): BillingError {
  const reported = error as { name?: unknown; message?: unknown; statusCode?: unknown };
  const status = typeof reported.statusCode === 'number' ? reported.statusCode : null;
  const name = textOf(reported.name);
  const message = textOf(reported.message);
  const reason = status !== null ? 'http_status' : timedOut ? 'timeout' : 'network';
  const why = timedOut ? `no answer within ${timeoutMs} ms` : message;
  const details: DeliveryFailureDetails & { resendError: string } = {
    target: baseUrl,
    reason,
    status,
    response: message,
    resendError: name,
  };
  return new BillingError(
    EMAIL_SEND_FAILED,
    `Resend did not send the email (${status ?? 'no answer'} ${name}): ${why}`,
    { retryable: isRetryableResendError(error), details },
  );
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}
