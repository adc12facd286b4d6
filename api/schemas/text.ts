import { z } from 'zod';

/**
 * Text PostgreSQL stores exactly as sent: no NUL (refused in text and jsonb: a 500 from the
 * database) and no lone UTF-16 surrogate ("e-\ud800" is not Unicode text: it would be
 * stored as U+FFFD, so the stored id would differ from the one sent and every retry of the
 * batch would fail on the ledger's unique key). With the `u` flag a well-formed surrogate
 * pair (an emoji) is one code point outside the class, so only a lone half is refused.
 */
// eslint-disable-next-line no-control-regex -- the rule is exactly "no NUL"
export const TEXT_PATTERN = /^[^\u0000\uD800-\uDFFF]*$/u;
export const TEXT_MESSAGE = 'must be well-formed Unicode without NUL characters';

/**
 * Free text: a 400 naming the field for anything PostgreSQL would refuse or alter (see
 * TEXT_PATTERN); the rule is a pattern, so the document states it.
 */
export const text = (max: number, options: { allowEmpty?: boolean } = {}) =>
  z
    .string()
    .min(options.allowEmpty ? 0 : 1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .regex(TEXT_PATTERN, TEXT_MESSAGE);
