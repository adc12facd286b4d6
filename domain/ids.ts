/** Ids of customers, plans, prices and subscriptions: the rule of POST /v1/customers. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Invoice ids embed a customer id and an instant (inv-<customer>-<ms>), so they run longer. */
export const INVOICE_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * A path id that breaks the rule names nothing that could have been created, so it is "not
 * found" without asking the database (which refuses NUL characters with an error).
 */
export const isWellFormedId = (id: string): boolean => ID_PATTERN.test(id);

export const isWellFormedInvoiceId = (id: string): boolean => INVOICE_ID_PATTERN.test(id);
