// Strict parsing of the frames a node accepts on its client and control endpoints (protocol.ts).
// Anything else is a ProtocolError: the connection is closed with the reason logged.
import { ProtocolError, parseJsonFrame } from './framed-connection.js';
import type { ClientRequest, ControlRequest } from './protocol.js';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const MAX_KEY_LENGTH = 1024;

export function parseClientRequest(body: string): ClientRequest {
  const r = parseJsonFrame(body) as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ProtocolError(`client request is not an object: ${body.slice(0, 80)}`);
  if (!isInt(r.id)) throw new ProtocolError(`client request "id" must be an integer, got ${JSON.stringify(r.id)}`);
  if (typeof r.clientId !== 'string' || r.clientId === '') {
    throw new ProtocolError(`client request "clientId" must be a non-empty string, got ${JSON.stringify(r.clientId)}`);
  }
  if (!isInt(r.seq)) throw new ProtocolError(`client request "seq" must be an integer, got ${JSON.stringify(r.seq)}`);
  if (typeof r.key !== 'string' || r.key.length > MAX_KEY_LENGTH) {
    throw new ProtocolError(`client request "key" must be a string of at most ${MAX_KEY_LENGTH} characters`);
  }
  switch (r.op) {
    case 'read':
      return { id: r.id, clientId: r.clientId, seq: r.seq, op: 'read', key: r.key };
    case 'write':
      if (!isNumber(r.value)) throw new ProtocolError(`write "value" must be a number, got ${JSON.stringify(r.value)}`);
      return { id: r.id, clientId: r.clientId, seq: r.seq, op: 'write', key: r.key, value: r.value };
    case 'cas': {
      const v = r.value;
      if (!Array.isArray(v) || v.length !== 2 || !isNumber(v[0]) || !isNumber(v[1])) {
        throw new ProtocolError(`cas "value" must be [from, to] numbers, got ${JSON.stringify(v)}`);
      }
      return { id: r.id, clientId: r.clientId, seq: r.seq, op: 'cas', key: r.key, value: [v[0], v[1]] };
    }
    default:
      throw new ProtocolError(`client request "op" must be "read", "write" or "cas", got ${JSON.stringify(r.op)}`);
  }
}

export function parseControlRequest(body: string): ControlRequest {
  const r = parseJsonFrame(body) as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ProtocolError(`control request is not an object: ${body.slice(0, 80)}`);
  if (!isInt(r.id)) throw new ProtocolError(`control request "id" must be an integer, got ${JSON.stringify(r.id)}`);
  switch (r.cmd) {
    case 'status':
      return { id: r.id, cmd: 'status' };
    case 'stop':
      return { id: r.id, cmd: 'stop' };
    case 'clock':
      if (!isNumber(r.offsetMs)) throw new ProtocolError(`clock "offsetMs" must be a number, got ${JSON.stringify(r.offsetMs)}`);
      if (!isNumber(r.rate)) throw new ProtocolError(`clock "rate" must be a number, got ${JSON.stringify(r.rate)}`);
      return { id: r.id, cmd: 'clock', offsetMs: r.offsetMs, rate: r.rate };
    default:
      throw new ProtocolError(`control request "cmd" must be "status", "clock" or "stop", got ${JSON.stringify(r.cmd)}`);
  }
}
