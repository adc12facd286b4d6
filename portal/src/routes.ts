/** The pages of the portal and their URLs (all under /portal/). */
export type Route =
  | { page: 'home' }
  | { page: 'operator' }
  | { page: 'overview'; customerId?: string }
  | { page: 'usage'; customerId?: string }
  | { page: 'resources'; customerId?: string }
  | { page: 'resource'; customerId?: string; resourceId: string }
  | { page: 'invoices'; customerId?: string }
  | { page: 'invoice'; customerId?: string; invoiceId: string }
  | { page: 'credits'; customerId?: string }
  | { page: 'budgets'; customerId?: string }
  | { page: 'notFound' };

const decode = (part: string): string | null => {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

/**
 * `/portal/` is the signed-in customer's overview (an operator's customer list);
 * `/portal/customers/<id>/...` names the customer explicitly (operators, or a link to share).
 * A customer session opening another customer's id gets the API's 404: "not found".
 */
export function parseRoute(pathname: string): Route {
  const parts = pathname
    .replace(/^\/portal\/?/, '')
    .split('/')
    .filter((part) => part !== '');
  const decoded = parts.map(decode);
  if (decoded.some((part) => part === null)) return { page: 'notFound' };
  let rest = decoded as string[];
  let customerId: string | undefined;
  if (rest[0] === 'operator' && rest.length === 1) return { page: 'operator' };
  if (rest[0] === 'customers' && rest[1] !== undefined) {
    customerId = rest[1];
    rest = rest.slice(2);
  }
  const scope = customerId === undefined ? {} : { customerId };
  const [first, second, ...more] = rest;
  if (more.length > 0) return { page: 'notFound' };
  if (first === undefined)
    return customerId === undefined ? { page: 'home' } : { page: 'overview', customerId };
  if (second === undefined) {
    if (first === 'usage') return { page: 'usage', ...scope };
    if (first === 'resources') return { page: 'resources', ...scope };
    if (first === 'invoices') return { page: 'invoices', ...scope };
    if (first === 'credits') return { page: 'credits', ...scope };
    if (first === 'budgets') return { page: 'budgets', ...scope };
    return { page: 'notFound' };
  }
  if (first === 'resources') return { page: 'resource', resourceId: second, ...scope };
  if (first === 'invoices') return { page: 'invoice', invoiceId: second, ...scope };
  return { page: 'notFound' };
}

/** The URL prefix of a customer's pages: /portal for one's own, else /portal/customers/<id>. */
export function basePath(customerId: string | undefined): string {
  return customerId === undefined
    ? '/portal'
    : `/portal/customers/${encodeURIComponent(customerId)}`;
}
