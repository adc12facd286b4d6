import { z } from 'zod';
import { ID_PATTERN } from '../../domain/ids';

export { isWellFormedId, isWellFormedInvoiceId } from '../../domain/ids';

export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'must be 1..128 characters of letters, digits, ".", "_", ":" or "-"');

/**
 * A project named in a query or body to narrow what is read (not yet checked to exist: an id
 * the customer has no project for answers 404 project_not_found).
 */
export const projectIdParam = z.string().min(1).max(128);
