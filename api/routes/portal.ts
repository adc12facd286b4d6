import type { RequestHandler } from 'express';
import { z } from 'zod';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import { createPortalLink } from '../../services/portal-links';
import { describePortalSession } from '../../services/portal-me';
import { openUsageStream, type UsageNotice } from '../../services/portal-usage-stream';
import { principalOf, sessionExpiryOf } from '../auth';
import { defineRoute, json } from '../contract/route';
import type { ApiDeps } from '../deps';
import { toFieldIssues } from '../schemas/issues';
import {
  portalLinkRequestSchema,
  portalLinkSchema,
  portalMeSchema,
  portalMeView,
} from '../schemas/portal';

export const USAGE_STREAM_PATH = '/v1/customers/:id/usage/stream';
/** A comment line this often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/**
 * A stream lasts this long at most, and never past its session's expiry: the browser's
 * EventSource reconnects by itself, which authenticates again (an expired session then
 * gets its 401).
 */
const MAX_STREAM_MS = 60 * 60 * 1000;

export const portalRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/customers/{id}/portal-sessions',
    tag: 'Portal',
    summary: "A signed link that opens the customer's portal",
    description:
      'The link (`/portal/login?token=...`) signs its opener in as this customer and ' +
      'redirects to the portal; it is valid `ttlSeconds` (PORTAL_SESSION_TTL_SECONDS by ' +
      'default) and nothing is stored. The body is optional. With `projectId` the session ' +
      'is scoped to that project as a project key is (404 project_not_found for a project ' +
      'the customer does not have).',
    access: 'operator',
    params: z.object({ id: z.string() }),
    body: portalLinkRequestSchema,
    bodyOptional: true,
    // No body at all is the defaults.
    parseBody: (raw) => {
      const parsed = portalLinkRequestSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        throw new BillingError('invalid_request', 'the portal link request is invalid', {
          details: toFieldIssues(parsed.error),
        });
      }
      return parsed.data;
    },
    responses: { 201: { description: 'The link', schema: portalLinkSchema } },
    errors: [404],
    handle: async ({ params, body, principal }, deps) => {
      const link = await createPortalLink(
        { db: deps.database.db, portal: deps.portal, now: deps.now },
        principal,
        {
          customerId: params.id,
          ...(body.ttlSeconds === undefined ? {} : { ttlSeconds: body.ttlSeconds }),
          ...(body.next === undefined ? {} : { next: body.next }),
          ...(body.projectId === undefined ? {} : { projectId: body.projectId }),
        },
      );
      return {
        ...json(201, { url: link.url, expiresAt: toIso(link.expiresAtMs) }),
        headers: { 'cache-control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/portal/me',
    tag: 'Portal',
    summary: 'Who the portal is signed in as',
    description:
      "The principal, its customer's display settings (currency, locale, time zone) and when " +
      'the session ends; 401 session_expired once it has.',
    access: 'customer',
    responses: { 200: { description: 'The signed-in principal', schema: portalMeSchema } },
    // A session of a customer that is gone.
    errors: [404],
    handle: async ({ principal, res }, deps) => {
      const me = await describePortalSession(
        { db: deps.database.db, portal: deps.portal },
        principal,
        sessionExpiryOf(res),
      );
      return json(200, portalMeView(me));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/usage/stream',
    tag: 'Portal',
    summary: 'Server-Sent Events: a message whenever events of the customer are accepted',
    description:
      'An `event: usage` message with `data: {"customerId","acceptedAt","count"}` within a ' +
      'second of every accepted batch with events of this customer (across API processes), ' +
      `and a comment line every ${HEARTBEAT_MS / 1000} s. The stream ends after an hour or ` +
      'when the session expires; EventSource reconnects by itself. A page refetches what it shows on each message. ' +
      "A project key (or session) of the customer may follow it too: a message only says that the account's " +
      'events arrived (any project), and the refetch is narrowed to its project.',
    access: 'customer',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'An event stream', contentType: 'text/event-stream' },
    },
    errors: [404],
    // Answered by usageStreamHandler, mounted ahead of the contract's router: a reply here
    // would be one body, and a stream is not.
    handle: () => {
      throw new BillingError('internal', 'the usage stream is served by usageStreamHandler');
    },
  }),
];

const usageMessage = (notice: UsageNotice): string =>
  `event: usage\ndata: ${JSON.stringify({
    customerId: notice.customerId,
    acceptedAt: toIso(notice.acceptedAtMs),
    count: notice.count,
  })}\n\n`;

/**
 * GET /v1/customers/{id}/usage/stream, the streaming half of the declaration above: checks
 * visibility like any customer-scoped read (404 for another customer), then holds the
 * response open and writes a message per notice, a heartbeat comment every 15 s, and ends
 * on the client's disconnect, the session's expiry, after an hour, or when the API stops.
 */
export function usageStreamHandler(
  deps: Pick<ApiDeps, 'database' | 'usageFeed' | 'now'>,
): RequestHandler {
  return async (req, res) => {
    const principal = principalOf(res);
    const { customerId } = await openUsageStream(
      { db: deps.database.db },
      principal,
      String(req.params.id),
    );
    let ended = false;
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe: (() => void) | null = null;
    const end = (): void => {
      if (ended) return;
      ended = true;
      timers.forEach(clearTimeout);
      unsubscribe?.();
      res.end();
    };
    res.on('close', end);
    unsubscribe = await deps.usageFeed.subscribe(
      customerId,
      (notice) => {
        if (!ended) res.write(usageMessage(notice));
      },
      end,
    );
    if (ended) {
      unsubscribe();
      return;
    }
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    // The comment opens the stream at once; `retry` paces EventSource's reconnects.
    res.write(': connected\nretry: 3000\n\n');
    timers.push(setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS));
    const sessionEnds = sessionExpiryOf(res);
    const lifetime = Math.min(
      MAX_STREAM_MS,
      sessionEnds === null ? MAX_STREAM_MS : Math.max(sessionEnds - deps.now(), 0),
    );
    timers.push(setTimeout(end, lifetime));
  };
}
