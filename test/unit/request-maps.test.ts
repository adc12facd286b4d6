import { z } from 'zod';
import { toOpenApiSchema } from '../../api/contract/json-schema';
import { toFieldIssues } from '../../api/schemas/issues';
import { dimensionMap, mapKey, PROTOTYPE_KEY_MESSAGE } from '../../api/schemas/map';
import { isWellFormedText, text, TEXT_MESSAGE } from '../../api/schemas/text';

const body = z.strictObject({
  dimensions: dimensionMap(mapKey(16), text(16, { allowEmpty: true })).optional(),
  groupBy: z.array(mapKey(16)).optional(),
});

/** The issues of a JSON text, as the API names them. */
const issuesOf = (json: string) => {
  const parsed = body.safeParse(JSON.parse(json));
  return parsed.success ? [] : toFieldIssues(parsed.error);
};

describe('a prototype key is refused wherever user JSON becomes a map', () => {
  it.each([
    [
      'an own __proto__ (JSON.parse keeps it; a zod record alone drops it)',
      '{"dimensions":{"__proto__":"x"}}',
      'dimensions.__proto__',
    ],
    ['constructor', '{"dimensions":{"region":"fra1","constructor":"x"}}', 'dimensions.constructor'],
    ['prototype', '{"dimensions":{"prototype":""}}', 'dimensions.prototype'],
    ['a groupBy item', '{"groupBy":["region","__proto__"]}', 'groupBy.1'],
  ])('%s', (_name, json, field) => {
    expect(issuesOf(json)).toEqual([{ field, message: PROTOTYPE_KEY_MESSAGE }]);
  });

  it('every prototype key of one map is named', () => {
    expect(issuesOf('{"dimensions":{"constructor":"x","__proto__":"y"}}')).toEqual([
      { field: 'dimensions.__proto__', message: PROTOTYPE_KEY_MESSAGE },
      { field: 'dimensions.constructor', message: PROTOTYPE_KEY_MESSAGE },
    ]);
  });

  it('other keys pass, and keys that only contain the words too', () => {
    const parsed = body.parse(
      JSON.parse('{"dimensions":{"proto":"a","__proto":"b","Constructor":"c"}}'),
    );
    expect(parsed.dimensions).toEqual({ proto: 'a', __proto: 'b', Constructor: 'c' });
  });

  it('a key breaking its text rule is named with the rule, not "Invalid key in record"', () => {
    expect(issuesOf('{"dimensions":{"a\\u0000b":"x"}}')).toEqual([
      { field: 'dimensions.a\u0000b', message: TEXT_MESSAGE },
    ]);
    expect(issuesOf('{"dimensions":{"":"x"}}')).toEqual([
      { field: 'dimensions.', message: 'must not be empty' },
    ]);
  });

  it('the JSON Schema states it on the map keys and the key list', () => {
    const schema = toOpenApiSchema(body, 'input', {}) as any;
    const rule = { enum: ['__proto__', 'constructor', 'prototype'] };
    expect(schema.properties.dimensions.propertyNames.not).toEqual(rule);
    expect(schema.properties.groupBy.items.not).toEqual(rule);
  });
});

describe('isWellFormedText: well-formed Unicode without NUL', () => {
  it.each([
    ['plain ASCII', 'vm-1', true],
    ['empty', '', true],
    ['Latin-1 and combining marks', 'z\u00fcrich e\u0301', true],
    ['a surrogate pair (emoji)', 'e-\u{1F600}', true],
    ['the last code point', '\u{10FFFF}', true],
    ['U+FFFD itself', '\uFFFD', true],
    ['a lone high surrogate', 'e-\ud800', false],
    ['a lone low surrogate', '\udc00-e', false],
    ['a pair in the wrong order', '\udc00\ud800', false],
    ['a high surrogate at the end after a pair', '\u{1F600}\ud83d', false],
    ['NUL', 'a\u0000b', false],
  ])('%s: accepted %s', (_name, value, accepted) => {
    expect(isWellFormedText(value)).toBe(accepted);
    // The reference: UTF-8 (what PostgreSQL stores) gives back exactly the text sent.
    const roundTrip = new TextDecoder().decode(new TextEncoder().encode(value));
    expect(isWellFormedText(value)).toBe(roundTrip === value && !value.includes('\u0000'));
  });
});
