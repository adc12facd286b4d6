import { render } from '@react-email/render';
import { createElement } from 'react';
import type { BudgetAlertViewModel } from '../domain/budgets/alert-view';
import type { InvoiceViewModel } from '../domain/documents/view-model';
import { BudgetAlertEmail } from './budget-alert-email';
import { InvoiceDocumentHtml } from './invoice-document';
import { InvoiceEmail } from './invoice-email';
import { invoiceEmailSubject } from './invoice-email-subject';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The invoice or credit note as a standalone A4 HTML document, ready to print to PDF. */
export async function renderInvoiceHtml(vm: InvoiceViewModel): Promise<string> {
  return render(createElement(InvoiceDocumentHtml, { vm }));
}

/** The delivery email: subject, HTML and a plain-text part with the same content. */
export async function renderInvoiceEmail(vm: InvoiceViewModel): Promise<RenderedEmail> {
  const email = createElement(InvoiceEmail, { vm });
  const [html, text] = await Promise.all([render(email), render(email, { plainText: true })]);
  return { subject: invoiceEmailSubject(vm), html, text };
}

/** A budget alert email: subject, HTML and plain text. */
export async function renderBudgetAlertEmail(vm: BudgetAlertViewModel): Promise<RenderedEmail> {
  const email = createElement(BudgetAlertEmail, { vm });
  const [html, text] = await Promise.all([render(email), render(email, { plainText: true })]);
  return { subject: vm.subject, html, text };
}
