import { z } from 'zod';
import { BillingError } from '../../domain/errors';
import { getCreditNote } from '../../services/get-credit-note';
import { issueCreditNote } from '../../services/issue-credit-note';
import { listInvoiceCreditNotes } from '../../services/list-credit-notes';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  creditNoteListSchema,
  creditNoteRequestSchema,
  creditNoteSchema,
  creditNoteView,
} from '../schemas/credit-note';

const idParams = z.object({ id: z.string() });

/** Credit notes (full or partial) against finalized invoices. */
export const creditNoteRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/invoices/{id}/credit-notes',
    tag: 'Credit notes',
    summary: 'Issue a credit note against a finalized invoice',
    description:
      'Reduces what the invoice still has to be paid (it is paid once nothing is left); the ' +
      "rest is granted to the customer's credit balance. Idempotent by id: the same request " +
      'again is answered 200 with the note; another request under that id is 409.',
    access: 'operator',
    params: idParams,
    body: creditNoteRequestSchema,
    invalidMessage: 'the credit note is invalid',
    statedRules: [
      { field: 'lines', rule: 'something is left to credit, and each line at most once' },
      { field: 'lines.*.lineId', rule: 'a line of this invoice, each at most once' },
      {
        field: 'lines.*.amount',
        rule: "in whole minor units, at most the line's amount not yet credited",
      },
    ],
    responses: {
      201: { description: 'Issued', schema: creditNoteSchema },
      200: { description: 'Already issued with this id', schema: creditNoteSchema },
    },
    errors: [404, 409],
    handle: async ({ params, body }, deps) => {
      const result = await issueCreditNote(deps.database.db, params.id, body, deps.now());
      if (!result) throw new BillingError('invoice_not_found', `no invoice ${params.id}`);
      await deps.dispatchEvents(result.note.customerId);
      return json(result.created ? 201 : 200, creditNoteView(result.note));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/invoices/{id}/credit-notes',
    tag: 'Credit notes',
    summary: "An invoice's credit notes in number order",
    description: PAGINATED,
    access: 'customer',
    params: idParams,
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The credit notes', schema: creditNoteListSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const { items, nextCursor } = await listInvoiceCreditNotes(
        deps.database.db,
        principal,
        params.id,
        pageRequestOf(query),
      );
      return json(200, { creditNotes: items.map(creditNoteView), nextCursor });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/credit-notes/{id}',
    tag: 'Credit notes',
    summary: 'A credit note',
    access: 'customer',
    params: idParams,
    responses: { 200: { description: 'The credit note', schema: creditNoteSchema } },
    errors: [404],
    handle: async ({ params, principal }, deps) =>
      json(200, creditNoteView(await getCreditNote(deps.database.db, principal, params.id))),
  }),
];
