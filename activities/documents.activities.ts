import type { DeliveryDeps } from '../adapters/delivery-deps';
import type { DocumentKind } from '../domain/billing-events';
import { BillingError } from '../domain/errors';
import { renderDocuments } from '../services/render-documents';
import type { ActivityDeps } from '.';

/** The worker's delivery setup, or delivery_not_configured (a worker that delivers nothing). */
export function requireDelivery(deps: DeliveryDeps | undefined): DeliveryDeps {
  if (!deps) throw new BillingError('delivery_not_configured', 'this worker delivers nothing');
  return deps;
}

export function createDocumentActivities({ db, delivery }: ActivityDeps) {
  return {
    /**
     * Renders a final document's HTML, UBL e-invoice and PDF once and stores them with it
     * (services/render-documents.ts): a re-render after a crash gives the same bytes, and a
     * document already stored is never rendered again.
     */
    async renderDocuments(input: {
      documentId: string;
      kind: DocumentKind;
    }): Promise<{ sha256: string }> {
      const { issuer, pdf, publicBaseUrl } = requireDelivery(delivery);
      return renderDocuments({ db, issuer, pdf, publicBaseUrl }, input);
    },
  };
}
