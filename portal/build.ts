import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** One file of the built portal, as the API serves it. */
export interface PortalFile {
  contentType: string;
  body: Buffer;
  /** The body gzipped once at build time (the 440 kB script is about 140 kB gzipped). */
  gzipped: Buffer;
  /** A strong validator: the SHA-256 of the body. */
  etag: string;
  /** Content-hashed asset names never change content: cacheable for a year. */
  immutable: boolean;
}

/** The built single-page app: files by URL path under /portal/, and the page of every route. */
export interface PortalBundle {
  files: ReadonlyMap<string, PortalFile>;
  index: PortalFile;
}

/**
 * portal/src beside this file; from the compiled build (dist/app/portal/build.js, see
 * scripts/build.sh) the sources are found in the working directory the image runs in.
 */
function sourceDir(): string {
  const candidates = [path.join(__dirname, 'src'), path.join(process.cwd(), 'portal', 'src')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'main.tsx')));
  if (found === undefined) throw new Error(`portal sources not found in ${candidates.join(', ')}`);
  return found;
}
/** esbuild needs an output directory to name the files even when it writes none. */
const OUT_DIR = path.join(__dirname, '.out');
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function fileOf(body: Buffer, contentType: string, immutable: boolean): PortalFile {
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  return { contentType, body, gzipped: gzipSync(body, { level: 9 }), etag, immutable };
}

function indexHtml(script: string, stylesheet: string | undefined): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<title>Billing portal</title>',
    '<link rel="icon" href="data:,">',
    stylesheet === undefined ? '' : `<link rel="stylesheet" href="${stylesheet}">`,
    `<script type="module" src="${script}"></script>`,
    '</head>',
    '<body><div id="root"><p class="boot">Loading…</p></div></body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Bundles portal/src (React, the chart library, the formatting rules the invoice documents
 * use) into one script and one stylesheet with content-hashed names, in memory: the API
 * builds it at start, so `npm start`, the tests and the container serve the sources they
 * run with and there is no build step or stale bundle to forget (~1 s on 2 cores).
 */
export async function buildPortal(): Promise<PortalBundle> {
  const result = await build({
    entryPoints: [path.join(sourceDir(), 'main.tsx')],
    bundle: true,
    write: false,
    outdir: OUT_DIR,
    entryNames: 'assets/[name]-[hash]',
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files = new Map<string, PortalFile>();
  let script: string | undefined;
  let stylesheet: string | undefined;
  for (const output of result.outputFiles) {
    const urlPath = `/portal/${path.relative(OUT_DIR, output.path).split(path.sep).join('/')}`;
    const contentType = CONTENT_TYPES[path.extname(output.path)];
    if (contentType === undefined) continue;
    files.set(urlPath, fileOf(Buffer.from(output.contents), contentType, true));
    if (urlPath.endsWith('.js')) script = urlPath;
    else stylesheet = urlPath;
  }
  if (script === undefined) throw new Error('the portal build produced no script');
  const index = fileOf(
    Buffer.from(indexHtml(script, stylesheet)),
    'text/html; charset=utf-8',
    false,
  );
  return { files, index };
}
