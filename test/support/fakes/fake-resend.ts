import { randomUUID } from 'node:crypto';
import { createFaultPlan, pause, type FaultPlan } from './fault-plan';
import { sendJson, startLocalHttpServer } from './local-http-server';

export interface FakeEmail {
  id: string;
  apiKey: string;
  from: string;
  to: string[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  attachments: { filename: string; contentType: string | undefined; content: Buffer }[];
  idempotencyKey: string | undefined;
}

export interface FakeResend extends Pick<FaultPlan, 'failNext' | 'delayNext'> {
  url: string;
  /** Accepted emails, each once (an idempotent replay does not add one). */
  emails: FakeEmail[];
  /** Every POST /emails received, failed and replayed ones included. */
  readonly requests: number;
  close: () => Promise<void>;
}

interface ApiEmail {
  from?: string;
  to?: string | string[];
  subject?: string;
  html?: string;
  text?: string;
  attachments?: { filename?: string; content?: string; content_type?: string }[];
}

/** The error bodies Resend sends for injected statuses (name and shape as its API docs). */
function defaultErrorBody(status: number): unknown {
  const name =
    status === 429
      ? 'rate_limit_exceeded'
      : status >= 500
        ? 'internal_server_error'
        : 'validation_error';
  return { statusCode: status, name, message: `Injected ${status}` };
}

/**
 * Resend's POST /emails as it behaves for us: 200 `{ id }`; 401 without a bearer key; 422
 * `validation_error` when from, to or subject is missing; an Idempotency-Key seen before
 * with the same body returns the first id and stores nothing, with another body 409
 * `invalid_idempotent_request` (Resend keeps keys 24 hours; the fake, forever).
 */
export async function startFakeResend(): Promise<FakeResend> {
  const faults = createFaultPlan();
  const emails: FakeEmail[] = [];
  const byKey = new Map<string, { body: string; id: string }>();
  let requests = 0;

  const server = await startLocalHttpServer(async (request, raw, response) => {
    if (request.method !== 'POST' || request.url !== '/emails') {
      sendJson(response, 404, { statusCode: 404, name: 'not_found', message: 'Not found' });
      return;
    }
    requests += 1;
    const fault = faults.take();
    if (fault?.kind === 'status') {
      sendJson(response, fault.status, fault.body ?? defaultErrorBody(fault.status));
      return;
    }
    const apiKey = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (apiKey === undefined) {
      sendJson(response, 401, {
        statusCode: 401,
        name: 'missing_api_key',
        message: 'Missing API key',
      });
      return;
    }
    const body = raw.toString('utf8');
    const email = JSON.parse(body) as ApiEmail;
    const missing = (['from', 'to', 'subject'] as const).find((field) => !email[field]);
    if (missing !== undefined) {
      const message = `The \`${missing}\` field is missing.`;
      sendJson(response, 422, { statusCode: 422, name: 'validation_error', message });
      return;
    }
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    const earlier = idempotencyKey === undefined ? undefined : byKey.get(idempotencyKey);
    if (earlier !== undefined && earlier.body !== body) {
      const message = 'Same idempotency key used with a different request payload.';
      sendJson(response, 409, { statusCode: 409, name: 'invalid_idempotent_request', message });
      return;
    }
    const id = earlier?.id ?? randomUUID();
    if (earlier === undefined) {
      if (idempotencyKey !== undefined) byKey.set(idempotencyKey, { body, id });
      emails.push(stored(id, apiKey, email, idempotencyKey));
    }
    if (fault?.kind === 'delay') await pause(fault.ms);
    sendJson(response, 200, { id });
  });

  return {
    url: server.url,
    emails,
    get requests() {
      return requests;
    },
    failNext: faults.failNext,
    delayNext: faults.delayNext,
    close: server.close,
  };
}

function stored(
  id: string,
  apiKey: string,
  email: ApiEmail,
  idempotencyKey: string | undefined,
): FakeEmail {
  return {
    id,
    apiKey,
    from: email.from ?? '',
    to: typeof email.to === 'string' ? [email.to] : (email.to ?? []),
    subject: email.subject ?? '',
    html: email.html,
    text: email.text,
    attachments: (email.attachments ?? []).map((attachment) => ({
      filename: attachment.filename ?? '',
      contentType: attachment.content_type,
      content: Buffer.from(attachment.content ?? '', 'base64'),
    })),
    idempotencyKey,
  };
}
