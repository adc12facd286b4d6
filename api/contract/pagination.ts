import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type PageRequest } from '../../domain/pagination';
import type { StatedRule } from './route';

/** 1 to 200 in decimal without leading zeros (MAX_PAGE_LIMIT); the JSON Schema pattern says it. */
const LIMIT_PATTERN = /^(?:[1-9][0-9]?|1[0-9]{2}|200)$/;
/** base64url, as nextCursor is written (domain/pagination.ts). */
const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,1024}$/;

/**
 * The query of every list endpoint: `limit` items at most (1..200, default 50) after
 * `cursor`, the `nextCursor` of the previous page (absent: the first page).
 */
export const pageQuery = z.object({
  limit: z
    .string()
    .regex(LIMIT_PATTERN, `must be an integer from 1 to ${MAX_PAGE_LIMIT}`)
    .optional()
    .meta({
      description: `Items per page: an integer from 1 to ${MAX_PAGE_LIMIT}, default ${DEFAULT_PAGE_LIMIT}`,
    }),
  cursor: z.string().regex(CURSOR_PATTERN, 'must be a nextCursor of this list').optional().meta({
    description:
      'The `nextCursor` of the previous page, passed back unchanged; absent for the first page',
  }),
});

/** The page a validated query asks for. */
export const pageRequestOf = (query: z.output<typeof pageQuery>): PageRequest => ({
  limit: query.limit === undefined ? DEFAULT_PAGE_LIMIT : Number(query.limit),
  ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
});

/** A cursor is checked against the list it came from: another value is a 400 naming it. */
export const pageRules: StatedRule[] = [
  { field: 'cursor', rule: 'a nextCursor this list answered; any other value is answered 400' },
];

/** What the list answers beside its items: the cursor of the next page, null on the last. */
export const nextCursorSchema = z.string().nullable().meta({
  description:
    'Pass it as `cursor` for the next page; null on the last page. Items keep a stable order',
});

/** The description sentence of a paginated list operation. */
export const PAGINATED = `Cursor-paginated: \`limit\` (1..${MAX_PAGE_LIMIT}, default ${DEFAULT_PAGE_LIMIT}) and \`cursor\`; the answer's \`nextCursor\` is null on the last page.`;
