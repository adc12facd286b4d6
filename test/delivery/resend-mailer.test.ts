import {
  createResendMailer,
  isRetryableResendError,
  type InvoiceEmail,
} from '../../adapters/delivery/resend-mailer';
import { freePort } from '../support/ports';
import { startFakeResend, type FakeResend } from '../support/fakes/fake-resend';
import { failureOf } from './failure-of';

// Every byte value, so any text or base64 mangling on the way shows up.
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);

function invoiceEmail(overrides: Partial<InvoiceEmail> = {}): InvoiceEmail {
  return {
    to: 'ap@customer.example',
    subject: 'Invoice INV-2026-000042',
    html: '<p>Your invoice</p>',
    text: 'Your invoice',
    pdf,
    pdfFilename: 'INV-2026-000042.pdf',
    idempotencyKey: 'invoice-email/INV-2026-000042',
    ...overrides,
  };
}

let resend: FakeResend;
beforeEach(async () => {
  resend = await startFakeResend();
});
afterEach(async () => {
  await resend.close();
});

const mailer = (timeoutMs = 5_000) =>
  createResendMailer({
    apiKey: 're_test_key',
    baseUrl: resend.url,
    from: 'Acme Billing <billing@acme.example>',
    timeoutMs,
  });

describe('Resend mailer', () => {
  it('sends the email with the PDF attached byte for byte', async () => {
    const { messageId } = await mailer().sendInvoiceEmail(invoiceEmail());
    expect(resend.emails).toEqual([
      {
        id: messageId,
        apiKey: 're_test_key',
        from: 'Acme Billing <billing@acme.example>',
        to: ['ap@customer.example'],
        subject: 'Invoice INV-2026-000042',
        html: '<p>Your invoice</p>',
        text: 'Your invoice',
        attachments: [
          { filename: 'INV-2026-000042.pdf', contentType: 'application/pdf', content: pdf },
        ],
        idempotencyKey: 'invoice-email/INV-2026-000042',
      },
    ]);
  });

  it('sends one email for two sends with the same idempotency key', async () => {
    const first = await mailer().sendInvoiceEmail(invoiceEmail());
    const second = await mailer().sendInvoiceEmail(invoiceEmail());
    expect(second).toEqual(first);
    expect(resend.emails.map((email) => email.id)).toEqual([first.messageId]);
    expect(resend.requests).toBe(2);
  });

  it('sends one email when the first answer came too late and the send is retried', async () => {
    resend.delayNext(1, 1_000);
    const timedOut = await failureOf(mailer(200).sendInvoiceEmail(invoiceEmail()));
    expect([timedOut.retryable, timedOut.details]).toEqual([
      true,
      {
        target: resend.url,
        reason: 'timeout',
        status: null,
        response: 'Unable to fetch data. The request could not be resolved.',
        resendError: 'application_error',
      },
    ]);
    const { messageId } = await mailer().sendInvoiceEmail(invoiceEmail());
    expect(resend.emails.map((email) => email.id)).toEqual([messageId]);
  });

  it('reports a 500 as retryable, and the retry sends the email once', async () => {
    resend.failNext(1, 500);
    const failure = await failureOf(mailer().sendInvoiceEmail(invoiceEmail()));
    expect([failure.code, failure.retryable, failure.message]).toEqual([
      'email_send_failed',
      true,
      'Resend did not send the email (500 internal_server_error): Injected 500',
    ]);
    const { messageId } = await mailer().sendInvoiceEmail(invoiceEmail());
    expect(resend.emails.map((email) => email.id)).toEqual([messageId]);
  });

  it('reports a 422 as not retryable, with Resend message', async () => {
    const failure = await failureOf(mailer().sendInvoiceEmail(invoiceEmail({ subject: '' })));
    expect([failure.code, failure.retryable, failure.message, failure.details]).toEqual([
      'email_send_failed',
      false,
      'Resend did not send the email (422 validation_error): The `subject` field is missing.',
      {
        target: resend.url,
        reason: 'http_status',
        status: 422,
        response: 'The `subject` field is missing.',
        resendError: 'validation_error',
      },
    ]);
    expect(resend.emails).toEqual([]);
  });

  it('refuses the same idempotency key for a different email, not retryable', async () => {
    await mailer().sendInvoiceEmail(invoiceEmail());
    const failure = await failureOf(mailer().sendInvoiceEmail(invoiceEmail({ text: 'changed' })));
    expect([failure.retryable, failure.details]).toEqual([
      false,
      expect.objectContaining({ status: 409, resendError: 'invalid_idempotent_request' }),
    ]);
    expect(resend.emails).toHaveLength(1);
  });

  it.each([
    ['an HTML 502 from a proxy', 502, '<html>Bad Gateway</html>', true, 'application_error'],
    ['a rate limit', 429, undefined, true, 'rate_limit_exceeded'],
    [
      'an exhausted monthly quota',
      429,
      { statusCode: 429, name: 'monthly_quota_exceeded', message: 'Monthly quota reached' },
      false,
      'monthly_quota_exceeded',
    ],
    [
      'an unverified domain',
      403,
      {
        statusCode: 403,
        name: 'validation_error',
        message: 'The acme.example domain is not verified',
      },
      false,
      'validation_error',
    ],
  ])('classifies %s', async (_case, status, body, retryable, resendError) => {
    resend.failNext(1, status, body);
    const failure = await failureOf(mailer().sendInvoiceEmail(invoiceEmail()));
    expect([failure.retryable, failure.details]).toEqual([
      retryable,
      expect.objectContaining({ status, resendError }),
    ]);
  });

  it('reports a refused connection as retryable', async () => {
    const closed = createResendMailer({
      apiKey: 're_test_key',
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      from: 'billing@acme.example',
    });
    const failure = await failureOf(closed.sendInvoiceEmail(invoiceEmail()));
    expect([failure.retryable, failure.details]).toEqual([
      true,
      expect.objectContaining({
        reason: 'network',
        status: null,
        resendError: 'application_error',
      }),
    ]);
  });
});

describe('isRetryableResendError', () => {
  it.each([
    ['application_error', null, true],
    ['application_error', 503, true],
    ['application_error', 400, false],
    ['internal_server_error', 500, true],
    ['rate_limit_exceeded', 429, true],
    ['daily_quota_exceeded', 429, true],
    ['monthly_quota_exceeded', 429, false],
    ['concurrent_idempotent_requests', 409, true],
    ['invalid_idempotent_request', 409, false],
    ['invalid_idempotency_key', 400, false],
    ['validation_error', 422, false],
    ['validation_error', 403, false],
    ['missing_api_key', 401, false],
    ['invalid_api_key', 403, false],
    ['invalid_attachment', 422, false],
    ['security_error', 451, false],
    ['invalid_parameter', null, false],
  ] as const)('%s (%s) -> %s', (name, statusCode, retryable) => {
    expect(isRetryableResendError({ name, statusCode })).toBe(retryable);
  });
});
