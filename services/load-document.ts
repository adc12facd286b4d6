import type { Database } from '../db/client';
import { loadCreditNote } from '../db/repositories/credit-notes.repository';
import { loadCustomerWithProfile } from '../db/repositories/customers.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import { loadProjects } from '../db/repositories/projects.repository';
import type { DocumentKind } from '../domain/billing-events';
import {
  creditNoteDocumentOf,
  documentCustomerOf,
  invoiceDocumentOf,
  notFinal,
  type DocumentCustomer,
  type Issuer,
} from '../domain/documents/document-of';
import type { InvoiceDocument } from '../domain/documents/invoice-document';
import { BillingError } from '../domain/errors';
import { hasProjects } from '../domain/projects/sections';

async function loadDocumentCustomer(db: Database, customerId: string): Promise<DocumentCustomer> {
  const found = await loadCustomerWithProfile(db, customerId);
  if (!found) throw new BillingError('customer_not_found', `no customer ${customerId}`);
  return documentCustomerOf(found.customer, found.profile);
}

/** A finalized invoice as its documents show it; a draft or an unknown id: document_not_final. */
export async function loadInvoiceDocument(
  db: Database,
  issuer: Issuer,
  invoiceId: string,
): Promise<InvoiceDocument> {
  const invoice = await loadInvoice(db, invoiceId);
  if (!invoice) throw notFinal(invoiceId);
  return invoiceDocumentOf(
    invoice,
    await loadDocumentCustomer(db, invoice.customerId),
    issuer,
    // Only an invoice with lines of projects shows their sections (invoiceDocumentOf).
    hasProjects(invoice.lines) ? await loadProjects(db, invoice.customerId) : [],
  );
}

/** A credit note as its documents show it, with the invoice it credits. */
export async function loadCreditNoteDocument(
  db: Database,
  issuer: Issuer,
  creditNoteId: string,
): Promise<InvoiceDocument> {
  const note = await loadCreditNote(db, creditNoteId);
  const invoice = note && (await loadInvoice(db, note.invoiceId));
  if (!note || !invoice) throw notFinal(creditNoteId);
  return creditNoteDocumentOf(
    note,
    invoice,
    await loadDocumentCustomer(db, note.customerId),
    issuer,
  );
}

/** An invoice's or a credit note's document data, by kind. */
export function loadFinalDocument(
  db: Database,
  issuer: Issuer,
  kind: DocumentKind,
  documentId: string,
): Promise<InvoiceDocument> {
  return kind === 'invoice'
    ? loadInvoiceDocument(db, issuer, documentId)
    : loadCreditNoteDocument(db, issuer, documentId);
}
