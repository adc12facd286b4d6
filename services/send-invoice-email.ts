import type { ResendMailer } from '../adapters/delivery';
import type { Database } from '../db/client';
import { loadEmailDelivery, saveEmailDelivery } from '../db/repositories/deliveries.repository';
import { loadDocument } from '../db/repositories/documents.repository';
import type { Issuer } from '../domain/documents/document-of';
import { toInvoiceViewModel } from '../domain/documents/view-model';
import { BillingError } from '../domain/errors';
import { renderInvoiceEmail } from '../emails/render';
import { loadInvoiceDocument } from './load-document';
import { invoicePortalLink } from './portal-links';
import type { PortalSettings } from './portal-tokens';

export interface SendInvoiceEmailDeps {
  db: Database;
  issuer: Issuer;
  /** Signs the email's "View invoice" link: the invoice in the portal, no key needed. */
  portal: Pick<PortalSettings, 'mac' | 'invoiceLinkTtlMs' | 'publicBaseUrl'>;
  mailer: ResendMailer | null;
}

/**
 * Emails the invoice with its stored PDF, once: the delivery record is checked first, and
 * Resend's idempotency key (derived from the invoice) covers a crash between its answer
 * and the record. A refusal retrying cannot fix marks the invoice delivery_failed; the PDF
 * not rendered yet is a retryable document_not_ready.
 */
export async function sendInvoiceEmail(
  deps: SendInvoiceEmailDeps,
  input: { invoiceId: string },
): Promise<{ messageId: string | null }> {
  const { db } = deps;
  const earlier = await loadEmailDelivery(db, input.invoiceId);
  if (earlier?.status === 'sent') return { messageId: earlier.messageId };
  const mailer = deps.mailer;
  if (!mailer) throw new BillingError('email_not_configured', 'no mail provider configured');
  const doc = await loadInvoiceDocument(db, deps.issuer, input.invoiceId);
  const pdf = await loadDocument(db, doc.id, 'pdf');
  if (!pdf) {
    throw new BillingError('document_not_ready', `no PDF for ${doc.id} yet`, { retryable: true });
  }
  const recipient = doc.customer.email ?? '';
  const email = await renderInvoiceEmail(
    toInvoiceViewModel(doc, {
      invoiceUrl: invoicePortalLink(deps.portal, {
        id: doc.id,
        customerId: doc.customer.id,
        issuedAtMs: doc.issuedAtMs,
      }),
      maxSubLinesPerLine: 0,
    }),
  );
  try {
    const { messageId } = await mailer.sendInvoiceEmail({
      to: recipient,
      ...email,
      pdf: pdf.content,
      pdfFilename: `${doc.number}.pdf`,
      idempotencyKey: `invoice-email/${doc.id}`,
    });
    await saveEmailDelivery(db, doc.id, { status: 'sent', recipient, messageId, reason: null });
    return { messageId };
  } catch (error) {
    if (error instanceof BillingError && !error.retryable) {
      await saveEmailDelivery(db, doc.id, {
        status: 'delivery_failed',
        recipient,
        messageId: null,
        reason: error.message,
      });
    }
    throw error;
  }
}
