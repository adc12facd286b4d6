import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Fields of an error that carry data rather than a diagnosis: postgres.js puts the statement
 * and its bound values on its errors (`query`, `parameters`, `args`, `types`), and PostgreSQL's
 * `detail`/`where` quote row values ("Key (email)=(...) already exists").
 */
const WITHHELD_FIELDS = new Set([
  'query',
  'parameters',
  'params',
  'args',
  'types',
  'detail',
  'where',
]);
/** drizzle's DrizzleQueryError message: "Failed query: <sql>\nparams: <values>". */
const DRIZZLE_PARAMS = /\nparams: [\s\S]*?(?=\n\s+at |$)/g;
const EMAIL = /[^\s@"'<>(),;:=[\]{}]+@[^\s@"'<>(),;:=[\]{}]+\.[A-Za-z]{2,}/g;

function scrubText(text: string): string {
  return text.replace(DRIZZLE_PARAMS, '\nparams: [withheld]').replace(EMAIL, '[email]');
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const clean: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!WITHHELD_FIELDS.has(key)) clean[key] = scrub(field, depth + 1);
  }
  return clean;
}

/**
 * The `err` serializer of every log line: pino's standard one, without SQL statements, bound
 * parameters, row values or email addresses, at any depth (causes included). What remains
 * (type, message, code, constraint, stack frames) is enough to find the bug.
 */
export function safeErrorSerializer(error: unknown): unknown {
  const serialized: unknown =
    error instanceof Error ? pino.stdSerializers.err(error) : { message: String(error) };
  return scrub(serialized, 0);
}

/** Paths that never reach a log line, whoever logs them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'email',
  '*.email',
];

/** The process's logger; `destination` is for tests that read the lines. */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    name,
    serializers: { err: safeErrorSerializer, error: safeErrorSerializer },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
