// One JSON call to etcd's v3 gateway (POST /v3/..., keys and values base64) with Node's own http
// client over a keep-alive agent. What became of it, as the client needs to know:
//   ok       -- a 2xx answer and its JSON body;
//   error    -- etcd answered with an error ({"error", "message", "code"}: a gRPC status);
//   not-sent -- no connection was made (refused, unreachable, no connection within the time): the
//               request certainly never reached the member;
//   lost     -- sent, and then no answer (timeout, reset, closed): it may have taken effect.
import http from 'node:http';
import type { Address } from '../types.js';

export type GatewayResult =
  | { readonly kind: 'ok'; readonly body: Record<string, unknown> }
  | { readonly kind: 'error'; readonly httpStatus: number; readonly message: string; readonly code: number | null }
  | { readonly kind: 'not-sent'; readonly reason: string }
  | { readonly kind: 'lost'; readonly reason: string };

/** Connection errors that mean no connection was made. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export function newGatewayAgent(maxSockets = 256): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 1000 });
}

/** POST `body` as JSON to `path` at `address` (GET when body is undefined); never rejects. */
export function callGateway(agent: http.Agent, address: Address, path: string, body: unknown, timeoutMs: number): Promise<GatewayResult> {
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    const finish = (result: GatewayResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const payload = body === undefined ? '' : JSON.stringify(body);
    const req = http.request(
      {
        agent,
        host: address.host,
        port: address.port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish({ kind: 'lost', reason: `answer cut off: ${err.message}` }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let parsed: Record<string, unknown> | null = null;
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            parsed = null;
          }
          if (status >= 200 && status < 300 && parsed !== null) return finish({ kind: 'ok', body: parsed });
          const message = typeof parsed?.message === 'string' ? parsed.message : typeof parsed?.error === 'string' ? parsed.error : `HTTP ${status}: ${text.slice(0, 200)}`;
          finish({ kind: 'error', httpStatus: status, message, code: typeof parsed?.code === 'number' ? parsed.code : null });
        });
      },
    );
    req.on('socket', (socket) => {
      // A socket of the keep-alive pool is connected already; a new one says so when it is.
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && NOT_CONNECTED.has(err.code ?? '')) return finish({ kind: 'not-sent', reason: err.code ?? err.message });
      finish({ kind: 'lost', reason: err.code ?? err.message });
    });
    const timer = setTimeout(() => {
      const wasConnected = connected;
      req.destroy();
      finish(wasConnected ? { kind: 'lost', reason: `timeout after ${timeoutMs} ms` } : { kind: 'not-sent', reason: `no connection within ${timeoutMs} ms` });
    }, timeoutMs);
    req.end(payload);
  });
}

export const toBase64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
export const fromBase64 = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');
