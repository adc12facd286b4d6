import type { ResendMailer } from '../adapters/delivery';
import type { Database } from '../db/client';
import { billingEventId } from '../db/repositories/billing-events.repository';
import { loadCustomerWithProfile } from '../db/repositories/customers.repository';
import { loadEmailDelivery, saveEmailDelivery } from '../db/repositories/deliveries.repository';
import { loadProject } from '../db/repositories/projects.repository';
import { toBudgetAlertViewModel } from '../domain/budgets/alert-view';
import { BillingError } from '../domain/errors';
import { renderBudgetAlertEmail } from '../emails/render';
import { loadBillingEventOrFail } from './load-billing-event';

/**
 * Emails a `budget.threshold_crossed` alert to the customer, once: the delivery record
 * (keyed by the alert's subject) is checked first and Resend's idempotency key is derived
 * from it. A refusal retrying cannot fix is recorded as delivery_failed.
 */
export async function sendBudgetAlertEmail(
  deps: { db: Database; mailer: ResendMailer | null },
  input: { subjectId: string },
): Promise<{ messageId: string | null }> {
  const { db } = deps;
  const event = await loadBillingEventOrFail(
    db,
    billingEventId('budget.threshold_crossed', input.subjectId),
  );
  const earlier = await loadEmailDelivery(db, event.subjectId);
  if (earlier?.status === 'sent') return { messageId: earlier.messageId };
  if (!deps.mailer) throw new BillingError('email_not_configured', 'no mail provider configured');
  const found = await loadCustomerWithProfile(db, event.customerId);
  if (!found) throw new BillingError('customer_not_found', `no customer ${event.customerId}`);
  const payload = event.payload as {
    budgetId: string;
    projectId: string | null;
    threshold: number;
    basis: 'accrued' | 'forecast';
    amount: string;
    spend: string;
    currency: string;
    period: { start: string; end: string };
  };
  const project =
    payload.projectId === null ? null : await loadProject(db, event.customerId, payload.projectId);
  const email = await renderBudgetAlertEmail(
    toBudgetAlertViewModel({
      customerName: found.customer.name,
      budgetId: payload.budgetId,
      projectId: payload.projectId,
      projectName: project?.name ?? null,
      threshold: payload.threshold,
      basis: payload.basis,
      amount: payload.amount,
      spend: payload.spend,
      currency: payload.currency,
      locale: found.profile.locale,
      timezone: found.customer.timezone,
      periodStartMs: Date.parse(payload.period.start),
      periodEndMs: Date.parse(payload.period.end),
    }),
  );
  const recipient = found.customer.email;
  try {
    const { messageId } = await deps.mailer.sendInvoiceEmail({
      to: recipient,
      ...email,
      idempotencyKey: `budget-email/${event.subjectId}`,
    });
    await saveEmailDelivery(db, event.subjectId, {
      status: 'sent',
      recipient,
      messageId,
      reason: null,
    });
    return { messageId };
  } catch (error) {
    if (error instanceof BillingError && !error.retryable) {
      await saveEmailDelivery(db, event.subjectId, {
        status: 'delivery_failed',
        recipient,
        messageId: null,
        reason: error.message,
      });
    }
    throw error;
  }
}
