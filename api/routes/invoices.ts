import { z } from 'zod';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { getInvoice } from '../../services/get-invoice';
import { loadInvoiceProjectContext } from '../../services/invoice-projects';
import { listCustomerInvoices } from '../../services/list-customer-invoices';
import { listInvoicePayments } from '../../services/list-invoice-payments';
import { recordPayment } from '../../services/record-payment';
import { voidInvoice } from '../../services/void-invoice';
import { BillingError } from '../../domain/errors';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import { instantMs } from '../schemas/instant';
import {
  invoiceListSchema,
  invoiceSchema,
  invoiceView,
  invoiceWithDeliverySchema,
} from '../schemas/invoice';
import { invoicePaymentListSchema, invoicePaymentView } from '../schemas/invoice-payment';
import { paymentSchema } from '../schemas/payment';

const idParams = z.object({ id: z.string() });

const notFound = (id: string) => new BillingError('invoice_not_found', `no invoice ${id}`);

export const invoiceRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/invoices',
    tag: 'Invoices',
    summary: "A customer's invoices, drafts included, in period order",
    description: PAGINATED,
    access: 'customer',
    params: idParams,
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The invoices', schema: invoiceListSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const { items, nextCursor } = await listCustomerInvoices(
        deps.database.db,
        principal,
        params.id,
        pageRequestOf(query),
      );
      const now = deps.now();
      const context = await loadInvoiceProjectContext(deps.database.db, principal, params.id);
      return json(200, {
        invoices: items.map((invoice) => invoiceView(invoice, now, context)),
        nextCursor,
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/invoices/{id}',
    tag: 'Invoices',
    summary: 'An invoice with the outcome of its email',
    access: 'customer',
    params: idParams,
    responses: { 200: { description: 'The invoice', schema: invoiceWithDeliverySchema } },
    errors: [404],
    handle: async ({ params, principal }, deps) => {
      const { invoice, email } = await getInvoice(deps.database.db, principal, params.id);
      const context = await loadInvoiceProjectContext(
        deps.database.db,
        principal,
        invoice.customerId,
      );
      return json(200, { ...invoiceView(invoice, deps.now(), context), delivery: { email } });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/invoices/{id}/finalize',
    tag: 'Invoices',
    summary: 'Finalize a draft before its grace period ends',
    description:
      'Numbers the invoice, fixes the credits it consumes and its due date; an invoice with ' +
      'nothing due is paid at once. A final invoice is returned as it is.',
    access: 'operator',
    params: idParams,
    responses: { 200: { description: 'The final invoice', schema: invoiceSchema } },
    errors: [404],
    handle: async ({ params }, deps) => {
      const invoice = await finalizeInvoice(deps.database.db, params.id, {
        finalizedAtMs: deps.now(),
      });
      if (!invoice) throw notFound(params.id);
      await deps.dispatchEvents(invoice.customerId);
      return json(200, invoiceView(invoice, deps.now()));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/invoices/{id}/payments',
    tag: 'Invoices',
    summary: 'Record a payment',
    description:
      "Idempotent by the payment's reference: the same reference and amount again is answered " +
      '200 and changes nothing; another amount under that reference is 409. The invoice is ' +
      'returned with its new status.',
    access: 'operator',
    params: idParams,
    body: paymentSchema,
    invalidMessage: 'the payment is invalid',
    statedRules: [
      { field: 'amount', rule: 'in whole minor units of the currency, at most what is due' },
    ],
    responses: {
      201: { description: 'Recorded', schema: invoiceSchema },
      200: { description: 'Already recorded with this amount', schema: invoiceSchema },
    },
    errors: [404, 409],
    handle: async ({ params, body }, deps) => {
      const recorded = await recordPayment(deps.database.db, params.id, {
        reference: body.reference,
        amount: body.amount,
        receivedAtMs: body.receivedAt === undefined ? deps.now() : instantMs(body.receivedAt),
      });
      if (!recorded) throw notFound(params.id);
      await deps.dispatchEvents(recorded.invoice.customerId);
      return json(recorded.created ? 201 : 200, invoiceView(recorded.invoice, deps.now()));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/invoices/{id}/payments',
    tag: 'Invoices',
    summary: "An invoice's payments in the order they were received",
    description: PAGINATED,
    access: 'customer',
    params: idParams,
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The payments', schema: invoicePaymentListSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const { items, nextCursor } = await listInvoicePayments(
        deps.database.db,
        principal,
        params.id,
        pageRequestOf(query),
      );
      return json(200, { payments: items.map(invoicePaymentView), nextCursor });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/invoices/{id}/void',
    tag: 'Invoices',
    summary: 'Void an open invoice without payments or credit notes',
    description: 'Voiding a void invoice changes nothing.',
    access: 'operator',
    params: idParams,
    responses: { 200: { description: 'The void invoice', schema: invoiceSchema } },
    errors: [404, 409],
    handle: async ({ params }, deps) => {
      const invoice = await voidInvoice(deps.database.db, params.id, deps.now());
      if (!invoice) throw notFound(params.id);
      await deps.dispatchEvents(invoice.customerId);
      return json(200, invoiceView(invoice, deps.now()));
    },
  }),
];
