import type { InvoiceDocument } from '../documents/invoice-document';

/** What a line's project adds to its e-invoice line. */
export interface LineReferences {
  /** EN 16931 BT-133, the buyer's accounting reference: the project's cost center. */
  accountingCost: string | null;
  /** EN 16931 BT-127, a line note: the project's purchase order when the invoice has several. */
  note: string | null;
}

export interface ProjectReferences {
  /** EN 16931 BT-13: the purchase order, when every project that names one names the same. */
  orderReference: string | null;
  lines: ReadonlyMap<string, LineReferences>;
}

/**
 * The buyer references a central invoice's projects carry. Each line of a project with a
 * cost center states it as its buyer accounting reference (BT-133). UBL has one purchase
 * order reference per document (BT-13): when the projects name one purchase order between
 * them it is that; when they name several, BT-13 is left out and each line says its own in
 * its note (BT-127), since a line-level reference (BT-132) names a line of an order, not
 * the order.
 *
 * Example: web (CC-1, PO-7), data (CC-2, PO-7), account lines -> BT-13 "PO-7"; web's lines
 * BT-133 "CC-1", data's "CC-2", the account's none.
 */
export function projectReferences(doc: InvoiceDocument): ProjectReferences {
  const sections = doc.projects ?? [];
  const orders = new Set(
    sections.flatMap((s) => (s.purchaseOrderReference === null ? [] : [s.purchaseOrderReference])),
  );
  const single = orders.size === 1 ? ([...orders][0] ?? null) : null;
  const lines = new Map<string, LineReferences>();
  for (const section of sections) {
    const note =
      orders.size > 1 && section.purchaseOrderReference !== null
        ? `Purchase order ${section.purchaseOrderReference}`
        : null;
    if (section.costCenter === null && note === null) continue;
    for (const lineId of section.lineIds) {
      lines.set(lineId, { accountingCost: section.costCenter, note });
    }
  }
  return { orderReference: single, lines };
}
