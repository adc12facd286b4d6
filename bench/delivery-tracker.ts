import type { FakeErp } from '../test/support/fakes/fake-erp';
import type { FakeResend } from '../test/support/fakes/fake-resend';
import type { WebhookReceiver } from '../test/support/fakes/webhook-receiver';

export type Channel = 'email' | 'webhook' | 'erp';

/** When each customer's invoice was first seen at each third party (epoch ms). */
export interface DeliveryTracker {
  seen: Map<string, Partial<Record<Channel, number>>>;
  /** Reads what arrived at the fakes since the last poll; stamps it with `nowMs`. */
  poll(nowMs: number): void;
  counts(): Record<Channel, number>;
  /** Epoch ms at which all three arrived, per customer that has all three. */
  completions(): number[];
}

/**
 * Follows the three fakes by polling their in-memory records (append-only arrays and an
 * insertion-ordered map), so the first-seen instant is late by at most one poll interval.
 * Customers are told apart by the email recipient `<customerId>@…` and the customerId in
 * the webhook payload and the ERP record.
 */
export function trackDeliveries(fakes: {
  resend: FakeResend;
  erp: FakeErp;
  receiver: WebhookReceiver;
}): DeliveryTracker {
  const seen = new Map<string, Partial<Record<Channel, number>>>();
  const counts: Record<Channel, number> = { email: 0, webhook: 0, erp: 0 };
  let emailsRead = 0;
  let hooksRead = 0;
  const mark = (customerId: string, channel: Channel, nowMs: number) => {
    const entry = seen.get(customerId) ?? {};
    if (entry[channel] === undefined) {
      entry[channel] = nowMs;
      counts[channel] += 1;
    }
    seen.set(customerId, entry);
  };
  return {
    seen,
    poll(nowMs) {
      const { emails } = fakes.resend;
      for (; emailsRead < emails.length; emailsRead += 1) {
        const recipient = emails[emailsRead]?.to[0] ?? '';
        mark(recipient.slice(0, recipient.indexOf('@')), 'email', nowMs);
      }
      const { deliveries } = fakes.receiver;
      for (; hooksRead < deliveries.length; hooksRead += 1) {
        const payload = deliveries[hooksRead]?.payload as { customerId?: string } | undefined;
        mark(payload?.customerId ?? '', 'webhook', nowMs);
      }
      if (fakes.erp.invoices.size > counts.erp) {
        for (const record of fakes.erp.invoices.values()) mark(record.customerId, 'erp', nowMs);
      }
    },
    counts: () => ({ ...counts }),
    completions: () =>
      [...seen.values()]
        .filter((entry) => entry.email && entry.webhook && entry.erp)
        .map((entry) => Math.max(entry.email!, entry.webhook!, entry.erp!)),
  };
}
