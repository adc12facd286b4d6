import { z } from 'zod';

const NUL_MESSAGE = 'must not contain NUL characters';

/**
 * Free text. PostgreSQL refuses NUL in text and jsonb, so it is a 400 naming the field here,
 * never a 500 from the database.
 */
export const text = (max: number, options: { allowEmpty?: boolean } = {}) =>
  z
    .string()
    .min(options.allowEmpty ? 0 : 1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), NUL_MESSAGE);
