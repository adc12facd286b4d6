import {
  BILLING_EVENT_TYPES,
  deliveryStepsFor,
  type BillingEventType,
  type DeliverySteps,
} from '../../domain/billing-events';

const ALL = { mailer: true, erp: true };
const NONE = { mailer: false, erp: false };

describe('deliveryStepsFor', () => {
  test.each<[BillingEventType, { mailer: boolean; erp: boolean }, DeliverySteps]>([
    [
      'invoice.finalized',
      ALL,
      {
        documentKind: 'invoice',
        email: true,
        webhooks: true,
        erpRecordKind: 'invoice',
        overdueWatch: true,
      },
    ],
    [
      'invoice.finalized',
      NONE,
      {
        documentKind: 'invoice',
        email: false,
        webhooks: true,
        erpRecordKind: null,
        overdueWatch: true,
      },
    ],
    [
      'credit_note.created',
      ALL,
      {
        documentKind: 'credit_note',
        email: false,
        webhooks: true,
        erpRecordKind: 'credit_note',
        overdueWatch: false,
      },
    ],
    [
      'credit_note.created',
      NONE,
      {
        documentKind: 'credit_note',
        email: false,
        webhooks: true,
        erpRecordKind: null,
        overdueWatch: false,
      },
    ],
    [
      'invoice.paid',
      ALL,
      {
        documentKind: null,
        email: false,
        webhooks: true,
        erpRecordKind: null,
        overdueWatch: false,
      },
    ],
    [
      'invoice.voided',
      ALL,
      {
        documentKind: null,
        email: false,
        webhooks: true,
        erpRecordKind: null,
        overdueWatch: false,
      },
    ],
    [
      'invoice.overdue',
      ALL,
      {
        documentKind: null,
        email: false,
        webhooks: true,
        erpRecordKind: null,
        overdueWatch: false,
      },
    ],
    [
      'payment.received',
      ALL,
      {
        documentKind: null,
        email: false,
        webhooks: false,
        erpRecordKind: 'payment',
        overdueWatch: false,
      },
    ],
    [
      'payment.received',
      NONE,
      {
        documentKind: null,
        email: false,
        webhooks: false,
        erpRecordKind: null,
        overdueWatch: false,
      },
    ],
  ])('%s with %j', (type, channels, steps) => {
    expect(deliveryStepsFor(type, channels)).toEqual(steps);
  });

  test.each(BILLING_EVENT_TYPES)(
    '%s: the mailer only adds the invoice and budget alert emails',
    (type) => {
      const withMailer = deliveryStepsFor(type, { mailer: true, erp: false });
      const without = deliveryStepsFor(type, { mailer: false, erp: false });
      expect(withMailer).toEqual({
        ...without,
        email: type === 'invoice.finalized' || type === 'budget.threshold_crossed',
      });
    },
  );
});
