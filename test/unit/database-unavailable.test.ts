import { isDatabaseUnavailable } from '../../db/unavailable';
import { unavailableDependency } from '../../services/unavailable-dependency';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  test.each([
    ['connection refused (server down)', withCode('ECONNREFUSED'), true],
    ['connection reset', withCode('ECONNRESET'), true],
    ['postgres.js: connection closed', withCode('CONNECTION_CLOSED'), true],
    ['postgres.js: connect timeout', withCode('CONNECT_TIMEOUT'), true],
    ['57P01 admin shutdown', withCode('57P01'), true],
    ['57P03 cannot connect now (starting up)', withCode('57P03'), true],
    ['08006 connection failure', withCode('08006'), true],
    [
      'drizzle wraps the driver error in cause',
      new Error('query failed', { cause: withCode('ECONNREFUSED') }),
      true,
    ],
    ['23505 unique violation: a real answer', withCode('23505'), false],
    ['42P01 undefined table: a bug', withCode('42P01'), false],
    ['57014 query cancelled: not 57P', withCode('57014'), false],
    ['an error without a code', new Error('boom'), false],
    ['not an error', 'ECONNREFUSED', false],
    ['null', null, false],
  ])('%s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});

test('an unreachable database is a 503 database_unavailable; anything else is left alone', () => {
  expect(unavailableDependency(withCode('ECONNREFUSED'))).toMatchObject({
    code: 'database_unavailable',
  });
  expect(unavailableDependency(withCode('23505'))).toBeNull();
});
