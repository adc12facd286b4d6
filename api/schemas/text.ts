import { z } from 'zod';

export const TEXT_MESSAGE = 'must be well-formed Unicode without NUL characters';

/**
 * No lone UTF-16 surrogate: with the `u` flag a well-formed pair (an emoji) is one code point
 * outside the class, so only a lone half matches. ("e-\ud800" is not Unicode text: PostgreSQL
 * would store U+FFFD, the stored id would differ from the one sent, and every retry of the
 * batch would fail on the ledger's unique key.)
 */
const WELL_FORMED = /^[^\uD800-\uDFFF]*$/u;
// eslint-disable-next-line no-control-regex -- the rule is exactly "no NUL"
const NO_NUL = /^[^\u0000]*$/;

/** Text PostgreSQL stores exactly as sent: well-formed Unicode, no NUL (refused by it). */
export const isWellFormedText = (value: string): boolean =>
  NO_NUL.test(value) && WELL_FORMED.test(value);

/**
 * Free text: a 400 naming the field for anything PostgreSQL would refuse (NUL: a 500 from the
 * database otherwise) or alter (a lone surrogate). NUL is a pattern, so the document states
 * it; well-formedness is said in the description, as JSON Schema validators outside
 * JavaScript (Rust's, Python's) cannot even hold a lone surrogate in a pattern or a string.
 */
export const text = (max: number, options: { allowEmpty?: boolean } = {}) =>
  z
    .string()
    .min(options.allowEmpty ? 0 : 1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .regex(NO_NUL, { message: TEXT_MESSAGE, abort: true })
    .refine((value) => WELL_FORMED.test(value), TEXT_MESSAGE)
    .meta({ description: 'Well-formed Unicode (no lone surrogate), without NUL characters' });
