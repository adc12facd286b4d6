import { z } from 'zod';

/** Ids of customers, plans, prices and subscriptions: the rule of POST /v1/customers. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const idSchema = z
  .string()
  .regex(ID, 'must be 1..128 characters of letters, digits, ".", "_", ":" or "-"');

/**
 * A path id that breaks the rule names nothing that could have been created, so the route
 * answers 404 without asking the database (which refuses NUL characters with an error).
 */
export function isWellFormedId(id: string): boolean {
  return ID.test(id);
}

/** Invoice ids embed a customer id and an instant (inv-<customer>-<ms>), so they run longer. */
export const isWellFormedInvoiceId = (id: string): boolean => /^[A-Za-z0-9._:-]{1,200}$/.test(id);
