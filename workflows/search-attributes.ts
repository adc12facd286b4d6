import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Registered on the server so operators can find a customer's runs in the Temporal UI. */
export const CUSTOMER_ID = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const BILLING_PERIOD_START = defineSearchAttributeKey(
  'BillingPeriodStart',
  SearchAttributeType.DATETIME,
);
