import type { Database } from '../db/client';
import { createInvoicingActivities } from './invoicing.activities';
import { createLedgerActivities } from './ledger.activities';
import { createUsageSummaryActivities } from './usage-summary.activities';

export function createActivities(deps: { db: Database }) {
  return {
    ...createLedgerActivities(deps),
    ...createUsageSummaryActivities(deps),
    ...createInvoicingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
