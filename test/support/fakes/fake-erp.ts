import type {
  ErpCreditNoteRecord,
  ErpInvoiceRecord,
  ErpPaymentRecord,
} from '../../../domain/delivery/erp-records';
import { createFaultPlan, pause, type FaultPlan } from './fault-plan';
import { sendJson, startLocalHttpServer } from './local-http-server';

export interface FakeErp extends Pick<FaultPlan, 'failNext' | 'delayNext'> {
  url: string;
  invoices: Map<string, ErpInvoiceRecord>;
  creditNotes: Map<string, ErpCreditNoteRecord>;
  /** Keyed by erpPaymentKey: "INV-2026-000042/SEPA-77". */
  payments: Map<string, ErpPaymentRecord>;
  /** Accepted PUTs per key (document number or payment key); injected failures not counted. */
  writes: Map<string, number>;
  close: () => Promise<void>;
}

const ROUTE = /^\/(invoices|credit-notes|payments)\/([^/]+)$/;

/**
 * A generic REST ERP: `PUT /invoices/:number`, `/credit-notes/:number`, `/payments/:key`
 * replace the record (201 when new, 200 when replaced). 401 on a wrong bearer token when
 * started with one; 400 when the Idempotency-Key header or the body's number disagree with
 * the path, or the body is not JSON.
 */
export async function startFakeErp(options: { token?: string } = {}): Promise<FakeErp> {
  const faults = createFaultPlan();
  const invoices = new Map<string, ErpInvoiceRecord>();
  const creditNotes = new Map<string, ErpCreditNoteRecord>();
  const payments = new Map<string, ErpPaymentRecord>();
  const writes = new Map<string, number>();
  const collections: Record<string, Map<string, unknown>> = {
    invoices,
    'credit-notes': creditNotes,
    payments,
  };

  const server = await startLocalHttpServer(async (request, raw, response) => {
    const route = ROUTE.exec(request.url ?? '');
    if (request.method !== 'PUT' || route === null) {
      sendJson(response, 404, { error: 'not found' });
      return;
    }
    const fault = faults.take();
    if (fault?.kind === 'status') {
      sendJson(response, fault.status, fault.body ?? { error: `injected ${fault.status}` });
      return;
    }
    if (
      options.token !== undefined &&
      request.headers.authorization !== `Bearer ${options.token}`
    ) {
      sendJson(response, 401, { error: 'bad token' });
      return;
    }
    const [, collection = '', encodedKey = ''] = route;
    const key = decodeURIComponent(encodedKey);
    const record = parseJson(raw.toString('utf8')) as { number?: unknown } | undefined;
    const problem =
      request.headers['idempotency-key'] !== encodedKey
        ? 'Idempotency-Key does not match the path'
        : record === undefined
          ? 'body is not JSON'
          : collection !== 'payments' && record.number !== key
            ? 'body number does not match the path'
            : null;
    if (problem !== null) {
      sendJson(response, 400, { error: problem });
      return;
    }
    const store = collections[collection]!;
    const existed = store.has(key);
    store.set(key, record);
    writes.set(key, (writes.get(key) ?? 0) + 1);
    if (fault?.kind === 'delay') await pause(fault.ms);
    sendJson(response, existed ? 200 : 201, { key });
  });

  return {
    url: server.url,
    invoices,
    creditNotes,
    payments,
    writes,
    failNext: faults.failNext,
    delayNext: faults.delayNext,
    close: server.close,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
