import type { ActivityDeps } from './deps';
import { createBudgetActivities } from './budgets.activities';
import { createDeliveryActivities } from './delivery.activities';
import { createDocumentActivities } from './documents.activities';
import { createErpActivities } from './erp.activities';
import { createInvoicingActivities } from './invoicing.activities';
import { createLedgerActivities } from './ledger.activities';
import { createUsageSummaryActivities } from './usage-summary.activities';
import { wrapActivities } from './wrap-activities';

export type { ActivityDeps };

export function createActivities(deps: ActivityDeps) {
  return wrapActivities({
    ...createLedgerActivities(deps),
    ...createUsageSummaryActivities(deps),
    ...createInvoicingActivities(deps),
    ...createDocumentActivities(deps),
    ...createDeliveryActivities(deps),
    ...createErpActivities(deps),
    ...createBudgetActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
