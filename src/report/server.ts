// A static file server for results/, on 127.0.0.1 only. Nothing outside the results directory can
// be read through it: every path segment is decoded once and checked (no "..", no encoded
// separators, no NUL, no hidden files), and the real path of what is served, after following
// symlinks, must lie inside the results directory's real path (so results/latest, which points to a
// run inside, works, and a link leading outside does not).
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { reportPolicyHeader } from './csp.js';
import { esc } from './html.js';
import { LISTING_CSS } from './inline-assets.js';
import { buildIndexPage, listRuns } from './render-index.js';

export const LOOPBACK = '127.0.0.1';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gz': 'application/gzip',
};

/** The content type for a served file: logs without an extension (stdout, stderr) are text. */
export function contentTypeFor(path: string): string {
  const ext = extname(path).toLowerCase();
  if (ext === '') return 'text/plain; charset=utf-8';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

export type Resolution =
  | { readonly kind: 'ok'; readonly segments: string[] }
  | { readonly kind: 'bad-request'; readonly reason: string }
  | { readonly kind: 'forbidden'; readonly reason: string };

/** Split a request's raw path into safe, decoded segments, or say why not. */
export function parseRequestPath(rawUrl: string): Resolution {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
  if (!rawPath.startsWith('/')) return { kind: 'bad-request', reason: 'the path must start with /' };
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { kind: 'bad-request', reason: `bad percent-encoding in "${raw}"` };
    }
    if (seg === '.' || seg === '..') return { kind: 'forbidden', reason: 'the path climbs out with ".."' };
    if (/[/\\\0]/.test(seg)) return { kind: 'forbidden', reason: 'a path segment holds a separator or NUL' };
    if (seg.startsWith('.')) return { kind: 'forbidden', reason: 'hidden files are not served' };
    segments.push(seg);
  }
  return { kind: 'ok', segments };
}

/** The redirect target for a directory: "/" + the percent-encoded segments + "/". */
export function sameOriginPath(segments: readonly string[]): string {
  return segments.length === 0 ? '/' : `/${segments.map((s) => encodeURIComponent(s)).join('/')}/`;
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': reportPolicyHeader(),
  });
  res.end(body);
}

async function listing(res: ServerResponse, urlPath: string, dir: string, headOnly: boolean): Promise<void> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  const items = await Promise.all(
    names.map(async (n) => {
      const isDir = await stat(join(dir, n)).then((s) => s.isDirectory(), () => false);
      return `<li><a href="${esc(encodeURIComponent(n))}${isDir ? '/' : ''}">${esc(n)}${isDir ? '/' : ''}</a></li>`;
    }),
  );
  const body = `<!doctype html><meta charset="utf-8"><title>${esc(urlPath)}</title><style>${LISTING_CSS}</style><h1>${esc(urlPath)}</h1><ul><li><a href="../">../</a></li>${items.join('')}</ul>`;
  if (headOnly) send(res, 200, '', 'text/html; charset=utf-8');
  else send(res, 200, body, 'text/html; charset=utf-8');
}

export function createResultsHandler(resultsDir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const rootPromise = realpath(resultsDir);
  return async (req, res) => {
    const root = await rootPromise;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'Only GET and HEAD are served.\n');
    }
    // A page on another site cannot reach this server through a DNS name pointed at 127.0.0.1.
    const host = (req.headers.host ?? LOOPBACK).replace(/:\d+$/, '');
    if (host !== LOOPBACK && host !== 'localhost') return send(res, 403, `Forbidden: unexpected Host "${host}".\n`);
    const headOnly = req.method === 'HEAD';
    const parsed = parseRequestPath(req.url ?? '/');
    if (parsed.kind === 'bad-request') return send(res, 400, `Bad request: ${parsed.reason}.\n`);
    if (parsed.kind === 'forbidden') return send(res, 403, `Forbidden: ${parsed.reason}.\n`);
    let real: string;
    try {
      real = await realpath(join(root, ...parsed.segments));
    } catch {
      if (parsed.segments.length === 0 || (parsed.segments.length === 1 && parsed.segments[0] === 'index.html')) {
        // No results/index.html yet: build the list of runs on the fly.
        const page = buildIndexPage(resultsDir, await listRuns(root).catch(() => []));
        return send(res, 200, headOnly ? '' : page, 'text/html; charset=utf-8');
      }
      return send(res, 404, 'Not found.\n');
    }
    if (!inside(root, real)) return send(res, 403, 'Forbidden: the path leads outside the results directory.\n');
    const info = await stat(real).catch(() => null);
    if (!info) return send(res, 404, 'Not found.\n');
    if (info.isDirectory()) {
      const urlPath = (req.url ?? '/').split(/[?#]/, 1)[0]!;
      if (!urlPath.endsWith('/')) {
        // Rebuilt from the checked segments: always a path on this server, never "//host/" (a
        // scheme-relative URL: another site) however many slashes the request began with.
        res.writeHead(301, { Location: sameOriginPath(parsed.segments), 'Content-Security-Policy': reportPolicyHeader() });
        return void res.end();
      }
      const indexReal = await realpath(join(real, 'index.html')).catch(() => null);
      if (indexReal && inside(root, indexReal)) return serveFile(res, indexReal, headOnly);
      if (parsed.segments.length === 0) {
        const page = buildIndexPage(resultsDir, await listRuns(root).catch(() => []));
        return send(res, 200, headOnly ? '' : page, 'text/html; charset=utf-8');
      }
      return listing(res, urlPath, real, headOnly);
    }
    if (!info.isFile()) return send(res, 403, 'Forbidden: not a regular file.\n');
    return serveFile(res, real, headOnly);
  };
}

async function serveFile(res: ServerResponse, path: string, headOnly: boolean): Promise<void> {
  const info = await stat(path);
  res.writeHead(200, {
    'Content-Type': contentTypeFor(path),
    'Content-Length': info.size,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    // Only the report's own inline scripts and styles run (by hash); nothing is fetched elsewhere.
    'Content-Security-Policy': reportPolicyHeader(),
  });
  if (headOnly) return void res.end();
  await new Promise<void>((resolvePromise) => {
    const stream = createReadStream(path);
    stream.on('error', () => {
      res.destroy();
      resolvePromise();
    });
    stream.on('end', resolvePromise);
    stream.pipe(res);
  });
}

export interface ResultsServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Serve resultsDir on 127.0.0.1:port (0 picks a free port). */
export async function startResultsServer(options: { resultsDir: string; port?: number }): Promise<ResultsServer> {
  const info = await stat(options.resultsDir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`the results directory "${options.resultsDir}" does not exist`);
  const handler = createResultsHandler(options.resultsDir);
  const server = createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `Internal error: ${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, LOOPBACK, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 8080;
  return {
    url: `http://${LOOPBACK}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
