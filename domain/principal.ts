/**
 * Who an API key (or a portal session) speaks for: an operator (every customer), one
 * customer, or one project of one customer (a customer principal with `projectId`), which
 * sees only that project's usage, cost and section of the invoices.
 */
export type Principal =
  { kind: 'operator' } | { kind: 'customer'; customerId: string; projectId?: string };

/**
 * True when the principal may read this customer's data: all of it. A project principal
 * may not (deny by default): only the operations that show a project its own part use
 * mayReadCustomerPart, so an operation that knows nothing of projects never leaks the
 * other projects' usage or money to a project key.
 */
export function mayReadCustomer(principal: Principal, customerId: string): boolean {
  return (
    principal.kind === 'operator' ||
    (principal.customerId === customerId && principal.projectId === undefined)
  );
}

/**
 * True when the principal may read some part of this customer's data: everything for
 * operators and account-wide keys, one project's part for a project key of that customer
 * (the caller then narrows to mayReadProject).
 */
export function mayReadCustomerPart(principal: Principal, customerId: string): boolean {
  return principal.kind === 'operator' || principal.customerId === customerId;
}

/**
 * True when the principal may read this project of a customer it may read (the account's own
 * part is `null`): operators and account-wide customer keys read every project; a project key
 * only its own. Example: {customer c1, project web} reads "web", not "db", not null.
 */
export function mayReadProject(principal: Principal, projectId: string | null): boolean {
  if (principal.kind === 'operator' || principal.projectId === undefined) return true;
  return principal.projectId === projectId;
}

/** The project a principal is confined to; null: the whole account. */
export function projectScopeOf(principal: Principal): string | null {
  return principal.kind === 'customer' ? (principal.projectId ?? null) : null;
}
