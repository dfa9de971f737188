// Maelstrom's wire protocol (jepsen-io/maelstrom doc/protocol.md): one JSON object per line,
// {src, dest, body}, body.type mandatory, msg_id / in_reply_to integers for RPCs. Node ids are
// n0, n1, ...; client ids c1, c2, ...; the host itself sends init as c0.

export interface Body {
  readonly type: string;
  readonly msg_id?: number;
  readonly in_reply_to?: number;
  readonly [field: string]: unknown;
}

export interface Envelope {
  readonly src: string;
  readonly dest: string;
  readonly body: Body;
}

/** The id the host sends init from (clients start at c1). */
export const HOST_CLIENT_ID = 'c0';

export const nodeName = (index: number): string => `n${index}`;
export const clientName = (process: number): string => `c${process + 1}`;

export type ParseResult = { readonly ok: true; readonly envelope: Envelope } | { readonly ok: false; readonly reason: string };

/** Parse one stdout line of a node; the reason names what is wrong with it. */
export function parseEnvelope(line: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' };
  const m = raw as Record<string, unknown>;
  if (typeof m.src !== 'string') return { ok: false, reason: 'no string "src"' };
  if (typeof m.dest !== 'string') return { ok: false, reason: 'no string "dest"' };
  const body = m.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'no object "body"' };
  const b = body as Record<string, unknown>;
  if (typeof b.type !== 'string') return { ok: false, reason: 'body has no string "type"' };
  if (b.msg_id !== undefined && !Number.isInteger(b.msg_id)) return { ok: false, reason: 'body "msg_id" is not an integer' };
  if (b.in_reply_to !== undefined && !Number.isInteger(b.in_reply_to)) return { ok: false, reason: 'body "in_reply_to" is not an integer' };
  return { ok: true, envelope: raw as Envelope };
}

export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

// ------------------------------------------------------------------ errors (resources/errors.edn)

export interface ErrorCode {
  readonly code: number;
  readonly name: string;
  /** The operation certainly did not and never will happen. */
  readonly definite: boolean;
}

export const ERROR_CODES: readonly ErrorCode[] = [
  { code: 0, name: 'timeout', definite: false },
  { code: 1, name: 'node-not-found', definite: true },
  { code: 10, name: 'not-supported', definite: true },
  { code: 11, name: 'temporarily-unavailable', definite: true },
  { code: 12, name: 'malformed-request', definite: true },
  { code: 13, name: 'crash', definite: false },
  { code: 14, name: 'abort', definite: true },
  { code: 20, name: 'key-does-not-exist', definite: true },
  { code: 21, name: 'key-already-exists', definite: true },
  { code: 22, name: 'precondition-failed', definite: true },
  { code: 30, name: 'txn-conflict', definite: true },
];

const BY_CODE = new Map(ERROR_CODES.map((e) => [e.code, e]));

export const ERROR = {
  timeout: 0,
  temporarilyUnavailable: 11,
  malformedRequest: 12,
  crash: 13,
  keyDoesNotExist: 20,
  preconditionFailed: 22,
} as const;

/** Codes Maelstrom does not define (its own 1000+ included) are indefinite: nothing is known. */
export function isDefiniteError(code: number): boolean {
  return BY_CODE.get(code)?.definite ?? false;
}

export function errorName(code: number): string {
  return BY_CODE.get(code)?.name ?? `error-${code}`;
}
