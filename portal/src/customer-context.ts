import { createContext, useContext } from 'react';
import type { Me } from './http/types';
import type { PortalFormat } from './format';

/** The customer whose pages are open, its formatting rules and where its pages live. */
export interface CustomerScope {
  me: Me;
  customerId: string;
  name: string;
  /** `/portal` or `/portal/customers/<id>`: prefix of every link to this customer's pages. */
  base: string;
  /** `/v1/customers/<id>`: prefix of this customer's API paths. */
  api: string;
  format: PortalFormat;
}

export const CustomerContext = createContext<CustomerScope | null>(null);

export function useCustomer(): CustomerScope {
  const scope = useContext(CustomerContext);
  if (scope === null) throw new Error('useCustomer outside a customer page');
  return scope;
}
