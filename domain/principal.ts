/** Who an API key speaks for: an operator (every customer) or one customer. */
export type Principal = { kind: 'operator' } | { kind: 'customer'; customerId: string };

/** True when the principal may read this customer's data. */
export function mayReadCustomer(principal: Principal, customerId: string): boolean {
  return principal.kind === 'operator' || principal.customerId === customerId;
}
