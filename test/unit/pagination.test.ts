import { decodeCursor, encodeCursor, pageOf, type KeyPart } from '../../domain/pagination';

describe('cursor codec', () => {
  test.each<[string, (string | number)[], string]>([
    // base64url of the JSON text, by hand: '[1767225600000,"inv-a"]' and '["p1"]'.
    ['invoice key', [1767225600000, 'inv-a'], 'WzE3NjcyMjU2MDAwMDAsImludi1hIl0'],
    ['id key', ['p1'], 'WyJwMSJd'],
  ])('%s: %j <-> %s', (_name, key, cursor) => {
    expect(encodeCursor(key)).toEqual(cursor);
    const parts = key.map((value): KeyPart => (typeof value === 'number' ? 'number' : 'string'));
    expect(decodeCursor(cursor, parts)).toEqual(key);
  });

  test('keeps any string of a key, whatever its characters', () => {
    const key: [number, string, string] = [0, 'invoice:ä/?&=+ "x"', 'grant'];
    expect(decodeCursor(encodeCursor(key), ['number', 'string', 'string'])).toEqual(key);
  });

  test.each<[string, string, KeyPart[]]>([
    ['not base64url', 'WyJwMSJd==', ['string']],
    ['not JSON', encodeCursorText('[1,'), ['number']],
    ['not an array', encodeCursorText('{"a":1}'), ['string']],
    ['too few parts', encodeCursor(['p1']), ['number', 'string']],
    ['too many parts', encodeCursor([1, 'a']), ['number']],
    ['a string for a number', encodeCursor(['1', 'a']), ['number', 'string']],
    ['a fraction for epoch ms', encodeCursor([1.5, 'a']), ['number', 'string']],
    ['a number for a string', encodeCursor([1]), ['string']],
    ['an empty string', encodeCursor(['']), ['string']],
    ['a NUL in a string', encodeCursor(['a\u0000b']), ['string']],
    ['an instant before year 1000', encodeCursor([-30_610_224_000_001, 'a']), ['number', 'string']],
    ['an instant after year 9999', encodeCursor([253_402_300_800_000, 'a']), ['number', 'string']],
    ['an unsafe integer', encodeCursor([2 ** 53, 'a']), ['number', 'string']],
    ['empty', '', ['string']],
  ])('%s is a 400 naming cursor', (_name, cursor, parts) => {
    expect(() => decodeCursor(cursor, parts)).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        details: [expect.objectContaining({ field: 'cursor' })],
      }),
    );
  });
});

function encodeCursorText(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('pageOf', () => {
  const key = (item: string) => [item];
  test.each<[string, string[], number, string[], string | null]>([
    // limit + 1 rows read: the extra one only says there is more.
    ['more than a page', ['a', 'b', 'c'], 2, ['a', 'b'], encodeCursor(['b'])],
    ['exactly a page', ['a', 'b'], 2, ['a', 'b'], null],
    ['less than a page', ['a'], 2, ['a'], null],
    ['nothing', [], 2, [], null],
    ['limit 1 of 2', ['a', 'b'], 1, ['a'], encodeCursor(['a'])],
  ])('%s', (_name, rows, limit, items, nextCursor) => {
    expect(pageOf(rows, limit, key)).toEqual({ items, nextCursor });
  });
});
