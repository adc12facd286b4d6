import { z } from 'zod';
import { text } from './text';

/**
 * Keys a map from a request may not have. JSON.parse keeps `"__proto__"` as an own property,
 * but zod's record drops it silently (assigning it would replace the prototype), so a price
 * filtered on `{"__proto__": "x"}` would be stored as `{}` and match every event of its
 * meter. `constructor` and `prototype` read as inherited members on a plain object. All three
 * are refused with a 400 naming the key.
 */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
export const PROTOTYPE_KEY_MESSAGE = 'must not be __proto__, constructor or prototype';

const isPrototypeKey = (key: string): boolean =>
  (PROTOTYPE_KEYS as readonly string[]).includes(key);

/** JSON Schema of the rule, on each key (`propertyNames` of a map, `items` of a key list). */
const notPrototypeKey = { not: { enum: [...PROTOTYPE_KEYS] } };

/** A key of a map (a dimension name): text of at most `max` characters, not a prototype key. */
export const mapKey = (max: number) =>
  text(max)
    .refine((key) => !isPrototypeKey(key), PROTOTYPE_KEY_MESSAGE)
    .meta(notPrototypeKey);

/**
 * A map of user keys to values (event dimensions, a price's dimensionsFilter). zod skips an
 * own `__proto__` before the key schema runs, so the prototype keys are looked for in the
 * parsed JSON first; the record's key schema states the rule in the document.
 */
export function dimensionMap<K extends z.ZodType<string, string>, V extends z.ZodType>(
  key: K,
  value: V,
) {
  return z.preprocess(
    (input, ctx) => {
      if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
        for (const prototypeKey of PROTOTYPE_KEYS) {
          if (Object.hasOwn(input, prototypeKey)) {
            ctx.addIssue({ code: 'custom', path: [prototypeKey], message: PROTOTYPE_KEY_MESSAGE });
          }
        }
      }
      return input;
    },
    z.record(key, value),
  );
}
