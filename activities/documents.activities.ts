import type { DocumentKind } from '../domain/billing-events';
import { renderDocuments } from '../services/render-documents';
import { requireDelivery, type ActivityDeps } from './deps';

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
