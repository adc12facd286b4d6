/**
 * A project (or team) of a customer account. Events may carry its id; its charges form a
 * section of the account's one central invoice. Immutable once created: a finalized invoice
 * prints these fields, so they never change under it.
 */
export interface Project {
  customerId: string;
  id: string;
  name: string;
  team: string | null;
  /** The buyer's cost center, per line on e-invoices (EN 16931 BT-133). */
  costCenter: string | null;
  /** The buyer's purchase order for the project's charges (EN 16931 BT-13). */
  purchaseOrderReference: string | null;
}
