// The results server must never hand out a file outside results/: traversal in every spelling gets
// 403 (or 404/400), symlinks leading outside get 403, results/latest (a link inside) works.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, parseRequestPath, startResultsServer, type ResultsServer } from '../../src/report/server.js';

let root: string;
let server: ResultsServer;

/** A raw HTTP GET: the path is sent exactly as given (fetch would normalise "..").*/
function get(path: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; type: string; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body, ...(res.headers.location ? { location: res.headers.location } : {}) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'report-serve-'));
  const results = join(root, 'results');
  await mkdir(join(results, 'run-1', 'nodes', 'n1'), { recursive: true });
  await writeFile(join(results, 'run-1', 'index.html'), '<!doctype html><title>run 1</title>');
  await writeFile(join(results, 'run-1', 'results.json'), '{"valid": true}');
  await writeFile(join(results, 'run-1', 'nodes', 'n1', 'stdout.log'), 'hello from n1\n');
  await writeFile(join(results, 'run-1', 'nodes', 'n1', 'events.jsonl'), '{}\n');
  await writeFile(join(results, 'run-1', 'nodes', 'n1', 'stderr'), '');
  await writeFile(join(results, '.hidden'), 'no');
  await mkdir(join(results, 'evil.com', 'x y'), { recursive: true });
  await writeFile(join(root, 'secret.txt'), 'TOP SECRET');
  await mkdir(join(root, 'outside-dir'));
  await writeFile(join(root, 'outside-dir', 'index.html'), 'OUTSIDE INDEX');
  await symlink('run-1', join(results, 'latest'));
  await symlink(join(root, 'secret.txt'), join(results, 'escape.txt'));
  await symlink(join(root, 'outside-dir'), join(results, 'escape-dir'));
  await symlink('../../secret.txt', join(results, 'run-1', 'up.txt'));
  server = await startResultsServer({ resultsDir: results, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('results server', () => {
  it('listens on 127.0.0.1 and serves files with their content types', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await get('/run-1/index.html');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>run 1</title>' });
    expect(page.type).toBe('text/html; charset=utf-8');
    expect((await get('/run-1/results.json')).type).toBe('application/json; charset=utf-8');
    const log = await get('/run-1/nodes/n1/stdout.log');
    expect(log).toMatchObject({ status: 200, body: 'hello from n1\n', type: 'text/plain; charset=utf-8' });
    expect((await get('/run-1/nodes/n1/events.jsonl')).type).toBe('text/plain; charset=utf-8');
    expect((await get('/run-1/nodes/n1/stderr')).status).toBe(200);
  });

  it('serves a directory\u2019s index.html, redirects a directory without its slash, and builds the run list at /', async () => {
    expect((await get('/run-1/')).body).toContain('run 1');
    expect(await get('/run-1')).toMatchObject({ status: 301, location: '/run-1/' });
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('run-1');
  });

  it('redirects a directory only to a path on this server, never to //host (another site)', async () => {
    for (const [path, location] of [
      ['//evil.com', '/evil.com/'],
      ['///evil.com', '/evil.com/'],
      ['//evil.com//x%20y', '/evil.com/x%20y/'],
      ['/evil.com', '/evil.com/'],
      ['//run-1?next=//evil.com', '/run-1/'],
    ] as const) {
      const answer = await get(path);
      expect(answer, path).toMatchObject({ status: 301, location });
      expect(answer.location!.startsWith('//'), path).toBe(false);
    }
    // a browser follows the redirect and stays on this server, in the folder it asked for
    const followed = await fetch(`http://127.0.0.1:${server.port}//evil.com`, { redirect: 'follow' });
    expect(new URL(followed.url).host).toBe(`127.0.0.1:${server.port}`);
    expect(new URL(followed.url).pathname).toBe('/evil.com/');
    expect(followed.status).toBe(200);
  });

  it('sends a Content-Security-Policy that allows only the report\u2019s own scripts and styles, by hash', async () => {
    for (const path of ['/run-1/index.html', '/', '/evil.com/', '/run-1/results.json', '/nope']) {
      const policy = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port: server.port, path }, (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy'] ?? ''));
        }).on('error', reject).end();
      });
      expect(policy, path).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'( 'sha256-[A-Za-z0-9+/=]+')*; style-src 'sha256-/);
      expect(policy, path).not.toMatch(/unsafe-inline|unsafe-eval|\*|data: blob:|https?:/);
    }
  });

  it('follows results/latest, a link that stays inside', async () => {
    expect(await get('/latest/index.html')).toMatchObject({ status: 200, body: '<!doctype html><title>run 1</title>' });
    expect((await get('/latest/nodes/n1/stdout.log')).body).toBe('hello from n1\n');
  });

  const attempts = [
    '/../secret.txt',
    '/run-1/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/secret.txt',
    '/run-1/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/run-1/..%5c..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/run-1/index.html%00.txt',
    '/.hidden',
    '/escape.txt',
    '/escape-dir/',
    '/escape-dir/index.html',
    '/run-1/up.txt',
    '//etc/passwd',
    '/etc/passwd',
    '/%2fetc%2fpasswd',
  ];
  it.each(attempts)('refuses %s', async (path) => {
    const res = await get(path);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body).not.toContain('TOP SECRET');
    expect(res.body).not.toContain('OUTSIDE INDEX');
    expect(res.body).not.toContain('root:');
  });

  it('answers 403 to a symlink leading outside, not 404, so the refusal is plain', async () => {
    expect((await get('/escape.txt')).status).toBe(403);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(403);
  });

  it('refuses other methods and foreign Host headers', async () => {
    expect((await get('/run-1/index.html', { method: 'POST' })).status).toBe(405);
    expect((await get('/run-1/index.html', { host: 'evil.example:80' })).status).toBe(403);
    expect((await get('/run-1/index.html', { host: `localhost:${server.port}` })).status).toBe(200);
    expect(await get('/run-1/index.html', { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
  });

  it('answers 404 for a missing file and 400 for bad percent-encoding', async () => {
    expect((await get('/run-2/index.html')).status).toBe(404);
    expect((await get('/run-1/%E0%A4%A')).status).toBe(400);
  });
});

describe('parseRequestPath and contentTypeFor', () => {
  it('decodes each segment once and refuses climbing, separators, NUL and hidden names', () => {
    expect(parseRequestPath('/a%20b/c.html?x=1')).toEqual({ kind: 'ok', segments: ['a b', 'c.html'] });
    expect(parseRequestPath('/a/../b').kind).toBe('forbidden');
    expect(parseRequestPath('/a/%2e%2e/b').kind).toBe('forbidden');
    expect(parseRequestPath('/a%2fb').kind).toBe('forbidden');
    expect(parseRequestPath('/a%00').kind).toBe('forbidden');
    expect(parseRequestPath('/.git/config').kind).toBe('forbidden');
    expect(parseRequestPath('/%zz').kind).toBe('bad-request');
  });
  it('gives logs without an extension a text type', () => {
    expect(contentTypeFor('/x/stdout')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('/x/shot.png')).toBe('image/png');
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
  });
});

describe('startResultsServer', () => {
  it('fails clearly for a missing results directory', async () => {
    await expect(startResultsServer({ resultsDir: join(root, 'nope'), port: 0 })).rejects.toThrow(/does not exist/);
  });
});
