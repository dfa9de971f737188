// Encoding and strict parsing of KvCommand JSON (the text in Entry.data).
import type { KvCommand, Value } from './types.js';

export function encodeCommand(command: KvCommand): string {
  return JSON.stringify(command);
}

function isValue(v: unknown): v is Value {
  return v === null || typeof v === 'number' || typeof v === 'string';
}

/** Parse one command; throws an Error naming what is wrong (the caller turns it into a fail). */
export function parseCommand(text: string): KvCommand {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`command is not JSON: ${text.slice(0, 80)}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new Error(`command is not an object: ${text.slice(0, 80)}`);
  const c = raw as Record<string, unknown>;
  if (typeof c.key !== 'string') throw new Error(`command has no string "key": ${text.slice(0, 80)}`);
  if (c.clientId !== undefined && typeof c.clientId !== 'string') throw new Error('command "clientId" must be a string');
  if (c.seq !== undefined && (typeof c.seq !== 'number' || !Number.isInteger(c.seq))) {
    throw new Error('command "seq" must be an integer');
  }
  switch (c.op) {
    case 'read':
      return c as unknown as KvCommand;
    case 'write':
      if (!isValue(c.value)) throw new Error('write "value" must be a number, string or null');
      return c as unknown as KvCommand;
    case 'cas':
      if (!isValue(c.from) || !isValue(c.to)) throw new Error('cas "from" and "to" must be numbers, strings or null');
      return c as unknown as KvCommand;
    default:
      throw new Error(`unknown command op ${JSON.stringify(c.op)} (read, write, cas)`);
  }
}
