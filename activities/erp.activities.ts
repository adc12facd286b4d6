import { countDelivery, noMetrics } from '../services/metrics';
import { syncToErp } from '../services/sync-to-erp';
import { requireDelivery, type ActivityDeps } from './deps';

export function createErpActivities({ db, delivery, metrics = noMetrics }: ActivityDeps) {
  return {
    /**
     * Upserts the invoice, credit note or payment an event is about, keyed by its number (or
     * invoice number and payment reference), so a retry or a replay leaves one record.
     */
    async syncToErp(input: { eventId: string }): Promise<void> {
      const { issuer, erp } = requireDelivery(delivery);
      await countDelivery(metrics, 'erp', () => syncToErp({ db, issuer, erp }, input));
    },
  };
}
