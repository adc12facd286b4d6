import { isRetryableHttpStatus } from '../../adapters/delivery/delivery-failure';
import type {
  ErpCreditNoteRecord,
  ErpInvoiceRecord,
  ErpPaymentRecord,
} from '../../domain/delivery/erp-records';
import { createHttpErpConnector } from '../../adapters/delivery/http-erp-connector';
import { freePort } from '../support/ports';
import { startFakeErp, type FakeErp } from '../support/fakes/fake-erp';
import { failureOf } from './failure-of';

const invoice: ErpInvoiceRecord = {
  kind: 'invoice',
  number: 'INV-2026-000042',
  customerId: 'cus_1',
  currency: 'EUR',
  issuedAtMs: Date.UTC(2026, 1, 1),
  dueAtMs: Date.UTC(2026, 2, 3),
  periodStartMs: Date.UTC(2026, 0, 1),
  periodEndMs: Date.UTC(2026, 1, 1),
  subtotal: '100.00',
  totalDiscount: '0.00',
  totalExcludingTax: '100.00',
  totalTax: '19.00',
  total: '119.00',
  amountDue: '119.00',
  lines: [
    { lineId: 'ln_vm', description: 'VM hours', quantity: '720', unit: 'hour', amount: '100.00' },
  ],
  ublXml: '<?xml version="1.0" encoding="UTF-8"?><Invoice/>',
};

const creditNote: ErpCreditNoteRecord = {
  ...invoice,
  kind: 'credit_note',
  number: 'CN-2026-000003',
  precedingInvoiceNumber: 'INV-2026-000042',
  reason: 'Outage credit',
};

const payment: ErpPaymentRecord = {
  kind: 'payment',
  reference: 'Überweisung 7/2026',
  invoiceNumber: 'INV-2026-000042',
  customerId: 'cus_1',
  currency: 'EUR',
  amount: '119.00',
  receivedAtMs: Date.UTC(2026, 1, 10),
};

let erp: FakeErp;
beforeEach(async () => {
  erp = await startFakeErp({ token: 'erp-token' });
});
afterEach(async () => {
  await erp.close();
});

const connector = (timeoutMs = 5_000) =>
  createHttpErpConnector({ baseUrl: `${erp.url}/`, token: 'erp-token', timeoutMs });

describe('HTTP ERP connector', () => {
  it('upserts an invoice twice into one record with two writes', async () => {
    const first = await connector().upsertInvoice(invoice);
    const second = await connector().upsertInvoice(invoice);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect([...erp.invoices]).toEqual([['INV-2026-000042', invoice]]);
    expect(erp.writes.get('INV-2026-000042')).toBe(2);
  });

  it('upserts a credit note and a payment under their keys', async () => {
    await connector().upsertCreditNote(creditNote);
    await connector().upsertPayment(payment);
    expect([...erp.creditNotes]).toEqual([['CN-2026-000003', creditNote]]);
    expect([...erp.payments]).toEqual([['INV-2026-000042/Überweisung 7/2026', payment]]);
    expect([...erp.writes]).toEqual([
      ['CN-2026-000003', 1],
      ['INV-2026-000042/Überweisung 7/2026', 1],
    ]);
  });

  it('reports a 503 as retryable, and the retry stores the record', async () => {
    erp.failNext(1, 503);
    const failure = await failureOf(connector().upsertInvoice(invoice));
    expect([failure.code, failure.retryable, failure.message]).toEqual([
      'erp_sync_failed',
      true,
      `ERP ${erp.url} answered HTTP 503: {"error":"injected 503"}`,
    ]);
    await connector().upsertInvoice(invoice);
    expect(erp.writes.get('INV-2026-000042')).toBe(1);
  });

  it.each([
    [409, true],
    [429, true],
    [500, true],
    [400, false],
    [404, false],
    [422, false],
  ])('classifies HTTP %i as retryable: %s', async (status, retryable) => {
    erp.failNext(1, status, { error: 'nope' });
    const failure = await failureOf(connector().upsertPayment(payment));
    expect([failure.retryable, failure.details]).toEqual([
      retryable,
      { target: erp.url, reason: 'http_status', status, response: '{"error":"nope"}' },
    ]);
  });

  it('reports a wrong token as not retryable', async () => {
    const wrong = createHttpErpConnector({ baseUrl: erp.url, token: 'stale', timeoutMs: 5_000 });
    const failure = await failureOf(wrong.upsertInvoice(invoice));
    expect([failure.retryable, (failure.details as { status: number }).status]).toEqual([
      false,
      401,
    ]);
    expect(erp.invoices.size).toBe(0);
  });

  it('reports a timeout as retryable; the retry replaces the record it already wrote', async () => {
    erp.delayNext(1, 1_000);
    const failure = await failureOf(connector(200).upsertInvoice(invoice));
    expect([failure.retryable, failure.message]).toEqual([
      true,
      `ERP ${erp.url} no answer within 200 ms`,
    ]);
    const retry = await connector().upsertInvoice(invoice);
    expect([retry.status, erp.invoices.size, erp.writes.get('INV-2026-000042')]).toEqual([
      200, 1, 2,
    ]);
  });

  it('reports a refused connection as retryable', async () => {
    const closed = createHttpErpConnector({
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: 5_000,
    });
    const failure = await failureOf(closed.upsertCreditNote(creditNote));
    expect([failure.retryable, (failure.details as { reason: string }).reason]).toEqual([
      true,
      'network',
    ]);
    expect(failure.message).toMatch(
      /^ERP http:\/\/127\.0\.0\.1:\d+ unreachable \(fetch failed: .*ECONNREFUSED/,
    );
  });
});

describe('isRetryableHttpStatus', () => {
  it.each([
    [301, false],
    [302, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [408, true],
    [409, true],
    [410, false],
    [422, false],
    [425, true],
    [429, true],
    [500, true],
    [501, true],
    [502, true],
    [503, true],
    [504, true],
  ])('%i -> %s', (status, retryable) => {
    expect(isRetryableHttpStatus(status)).toBe(retryable);
  });
});
