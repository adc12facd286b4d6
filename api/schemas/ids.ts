import { z } from 'zod';
import { ID_PATTERN } from '../../domain/ids';

export { isWellFormedId, isWellFormedInvoiceId } from '../../domain/ids';

export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'must be 1..128 characters of letters, digits, ".", "_", ":" or "-"');
