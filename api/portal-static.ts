import type { Request, RequestHandler, Response } from 'express';
import { buildPortal, type PortalBundle, type PortalFile } from '../portal/build';

/** Paths under /portal/ that the portal-access router answers (sign-in, session, sign-out). */
const ACCESS_PATHS = new Set(['/portal/login', '/portal/session', '/portal/logout']);

/**
 * The page is our own script and stylesheet and talks only to this origin; chart.js sets
 * inline style attributes on its canvas, hence 'unsafe-inline' for styles only.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

let building: Promise<PortalBundle> | undefined;

/** The portal, built once per process (the first API start builds, later ones share it). */
export function portalBundle(): Promise<PortalBundle> {
  building ??= buildPortal().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

function send(req: Request, res: Response, file: PortalFile): void {
  res.setHeader('content-type', file.contentType);
  res.setHeader('vary', 'accept-encoding');
  res.setHeader('etag', file.etag);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader(
    'cache-control',
    file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  if (!file.immutable) {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('referrer-policy', 'same-origin');
  }
  if (req.get('if-none-match') === file.etag) {
    res.status(304).end();
    return;
  }
  if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    res.setHeader('content-encoding', 'gzip');
    res.status(200).send(file.gzipped);
    return;
  }
  res.status(200).send(file.body);
}

/**
 * Serves the single-page app under /portal/: its hashed assets, and index.html for every
 * other GET (the app routes in the browser), so a reload or a link to
 * /portal/invoices/<id> opens that page. /portal redirects to /portal/. Needs no
 * authentication: the page asks /v1/portal/me who is signed in. The bundle is built at the
 * first portal request of the process (about a second), not at every app start: most API
 * processes of the test suite never serve a page.
 */
export function portalStatic(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/portal') return res.redirect(301, '/portal/');
    if (!req.path.startsWith('/portal/') || ACCESS_PATHS.has(req.path)) return next();
    portalBundle().then(
      (bundle) => {
        const asset = bundle.files.get(req.path);
        if (asset) return send(req, res, asset);
        // A missing hashed asset (an old page after a deploy) is a 404, not the HTML page.
        if (req.path.startsWith('/portal/assets/')) return next();
        send(req, res, bundle.index);
      },
      (error: unknown) => next(error),
    );
  };
}
