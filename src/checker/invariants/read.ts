// Reading events.jsonl files (DESIGN.md §2), streamed line by line.
//
// A kill -9 can cut the last record of a node's log in the middle. Such a torn record is dropped with
// a warning and never fails a check: at the end of the file, or, when the node was restarted and
// appended its boot record to the same line, in the middle. Any other bad line is an error that
// names the file and the line.
import { createReadStream } from 'node:fs';
import type { NodeEvent, NodeEventKind } from '../../history/events.js';

export class EventLogError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, reason: string, options?: { cause?: unknown }) {
    super(`${file}:${line}: malformed event record: ${reason}`, options);
    this.name = 'EventLogError';
    this.file = file;
    this.line = line;
  }
}

type FieldType = 'int' | 'int-or-null' | 'string' | 'boolean' | 'role';

/** The fields each kind of record must carry besides node and time (src/history/events.ts). */
const FIELDS: Record<NodeEventKind, readonly (readonly [string, FieldType])[]> = {
  boot: [['term', 'int'], ['votedFor', 'int-or-null'], ['commit', 'int'], ['lastIndex', 'int'], ['snapshotIndex', 'int']],
  term: [['term', 'int']],
  role: [['role', 'role'], ['term', 'int'], ['leader', 'int-or-null']],
  vote: [['term', 'int'], ['for', 'int']],
  append: [['index', 'int'], ['term', 'int'], ['id', 'string']],
  truncate: [['fromIndex', 'int'], ['term', 'int']],
  commit: [['index', 'int'], ['term', 'int']],
  apply: [['index', 'int'], ['term', 'int'], ['id', 'string']],
  snapshot: [['lastIndex', 'int'], ['lastTerm', 'int'], ['installed', 'boolean']],
};

const ROLES = new Set(['follower', 'pre-candidate', 'candidate', 'leader']);

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'int':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'int-or-null':
      return value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'role':
      return typeof value === 'string' && ROLES.has(value);
    default: {
      const never: never = type;
      throw new Error(`unknown field type ${String(never)}`);
    }
  }
}

/** The record, or a reason why this line is not one. */
export function parseEventLine(line: string): NodeEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(FIELDS, kind)) return `unknown kind ${JSON.stringify(kind)}`;
  if (!fits(record.node, 'int')) return `bad node ${JSON.stringify(record.node)}`;
  if (typeof record.time !== 'number' || !Number.isFinite(record.time)) return `bad time ${JSON.stringify(record.time)}`;
  for (const [field, type] of FIELDS[kind as NodeEventKind]) {
    if (!fits(record[field], type)) return `${kind} record with bad ${field} ${JSON.stringify(record[field])}`;
  }
  return record as unknown as NodeEvent;
}

/** A line holding a torn record directly followed by a boot record: the boot, or undefined. */
function bootAfterTornRecord(line: string): NodeEvent | undefined {
  for (let at = line.indexOf('{', 1); at > 0; at = line.indexOf('{', at + 1)) {
    const parsed = parseEventLine(line.slice(at));
    if (typeof parsed !== 'string') return parsed.kind === 'boot' ? parsed : undefined;
  }
  return undefined;
}

export interface ReadEventLogOptions {
  /** Receives one message per torn record that was dropped. */
  readonly warnings?: string[];
}

/** Read one events.jsonl file; throws EventLogError naming the file and line of a bad record. */
export async function readEventLog(path: string, options: ReadEventLogOptions = {}): Promise<NodeEvent[]> {
  const events: NodeEvent[] = [];
  let lineNo = 0;
  let rest = '';
  const take = (line: string, terminated: boolean): void => {
    lineNo += 1;
    if (line.trim() === '') return;
    const parsed = parseEventLine(line);
    if (typeof parsed !== 'string') {
      events.push(parsed);
      return;
    }
    if (!terminated) {
      options.warnings?.push(`${path}:${lineNo}: dropped a torn last record (${parsed}): the node was killed while writing it`);
      return;
    }
    const boot = bootAfterTornRecord(line);
    if (boot === undefined) throw new EventLogError(path, lineNo, parsed);
    options.warnings?.push(`${path}:${lineNo}: dropped a torn record written before a restart`);
    events.push(boot);
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    let end = chunk.indexOf('\n');
    if (end === -1) {
      rest += chunk;
      continue;
    }
    take(rest + chunk.slice(0, end), true);
    rest = '';
    start = end + 1;
    while ((end = chunk.indexOf('\n', start)) !== -1) {
      take(chunk.slice(start, end), true);
      start = end + 1;
    }
    rest = chunk.slice(start);
  }
  if (rest !== '') take(rest, false);
  return events;
}

/** Read every node's log (node id -> path); the warnings of all files together. */
export async function readEventLogs(
  paths: ReadonlyMap<number, string>,
): Promise<{ logs: Map<number, NodeEvent[]>; warnings: string[] }> {
  const warnings: string[] = [];
  const logs = new Map<number, NodeEvent[]>();
  for (const [node, path] of paths) logs.set(node, await readEventLog(path, { warnings }));
  return { logs, warnings };
}
