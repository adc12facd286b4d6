import { z } from 'zod';

const NUL_MESSAGE = 'must not contain NUL characters';

/**
 * Free text. PostgreSQL refuses NUL in text and jsonb, so it is a 400 naming the field here,
 * never a 500 from the database; the rule is a pattern, so the document states it.
 */
export const text = (max: number, options: { allowEmpty?: boolean } = {}) =>
  z
    .string()
    .min(options.allowEmpty ? 0 : 1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    // eslint-disable-next-line no-control-regex -- the rule is exactly "no NUL"
    .regex(/^[^\u0000]*$/, NUL_MESSAGE);
