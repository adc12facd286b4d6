/**
 * Error codes that mean "PostgreSQL cannot be reached or is going away", not "this query is
 * wrong": the socket errors and postgres.js's own connection codes, and the server's SQLSTATE
 * classes 08 (connection exception) and 57P (operator intervention: shutdown, restart,
 * starting up). A request that meets one can succeed unchanged later, so it is a 503.
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
const SQLSTATE_UNAVAILABLE = /^(08|57P)/;

function codeOf(error: object): string | null {
  return 'code' in error && typeof error.code === 'string' ? error.code : null;
}

/**
 * True when `error` (or an error it wraps: drizzle wraps the driver's error in `cause`) says
 * the database is unreachable. Example: `connect ECONNREFUSED 127.0.0.1:5432` while the server
 * restarts, or 57P01 `terminating connection due to administrator command` during its shutdown.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth += 1) {
    const code = codeOf(e);
    if (code && (CONNECTION_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
    e = 'cause' in e ? e.cause : undefined;
  }
  return false;
}
