// Reads one run directory (DESIGN.md §2 "Results directory") without trusting it: every file may be
// missing, empty or cut short. What is found is returned with a list of plain-language problems.
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OpRecord } from '../history/types.js';
import type { NodeEvent } from '../history/events.js';
import { isObject, parseJsonl } from './jsonl.js';

export interface NodeFiles {
  readonly id: number;
  /** Directory name under nodes/, e.g. "n1". */
  readonly dirName: string;
  readonly events: NodeEvent[];
  /** Files present in nodes/n<i>/ with their size in bytes. */
  readonly files: { readonly name: string; readonly bytes: number }[];
}

export interface RawRun {
  readonly dir: string;
  readonly name: string;
  readonly test: Record<string, unknown> | null;
  readonly history: OpRecord[];
  readonly results: Record<string, unknown> | null;
  readonly nodes: NodeFiles[];
  /** Sentences naming what is missing or broken, shown on the page. */
  readonly problems: string[];
}

export function isOpRecord(value: unknown): value is OpRecord {
  if (!isObject(value)) return false;
  const type = value['type'];
  const proc = value['process'];
  return (
    (type === 'invoke' || type === 'ok' || type === 'fail' || type === 'info') &&
    (typeof proc === 'number' || proc === 'nemesis') &&
    typeof value['f'] === 'string' &&
    typeof value['time'] === 'number' &&
    Number.isFinite(value['time'])
  );
}

export function isNodeEvent(value: unknown): value is NodeEvent {
  return (
    isObject(value) &&
    typeof value['kind'] === 'string' &&
    typeof value['node'] === 'number' &&
    typeof value['time'] === 'number' &&
    Number.isFinite(value['time'])
  );
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function readJsonObject(path: string, label: string, problems: string[]): Promise<Record<string, unknown> | null> {
  let text: string | null;
  try {
    text = await readText(path);
  } catch (err) {
    problems.push(`${label} could not be read: ${(err as Error).message}.`);
    return null;
  }
  if (text === null) {
    problems.push(`${label} is missing.`);
    return null;
  }
  if (text.trim() === '') {
    problems.push(`${label} is empty.`);
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
    problems.push(`${label} is not a JSON object.`);
  } catch (err) {
    problems.push(`${label} is not valid JSON (${(err as Error).message}); it may have been cut short.`);
  }
  return null;
}

function describeBadLines(label: string, badLines: number[]): string {
  const shown = badLines.slice(0, 5).join(', ');
  const more = badLines.length > 5 ? ` and ${badLines.length - 5} more` : '';
  return `${label}: ${badLines.length} line(s) could not be read (line ${shown}${more}); they are left out.`;
}

async function loadNodes(dir: string, problems: string[]): Promise<NodeFiles[]> {
  const nodesDir = join(dir, 'nodes');
  let names: string[];
  try {
    names = await readdir(nodesDir);
  } catch {
    problems.push('nodes/ is missing: no node logs or events (leadership and invariants cannot be drawn).');
    return [];
  }
  const nodes: NodeFiles[] = [];
  for (const dirName of names.sort()) {
    const match = /^n(\d+)$/.exec(dirName);
    if (!match) continue;
    const id = Number(match[1]);
    const nodeDir = join(nodesDir, dirName);
    const files: { name: string; bytes: number }[] = [];
    try {
      for (const name of (await readdir(nodeDir)).sort()) {
        const info = await stat(join(nodeDir, name)).catch(() => null);
        if (info?.isFile()) files.push({ name, bytes: info.size });
      }
    } catch {
      continue;
    }
    let events: NodeEvent[] = [];
    const text = await readText(join(nodeDir, 'events.jsonl')).catch(() => null);
    if (text === null) {
      problems.push(`nodes/${dirName}/events.jsonl is missing.`);
    } else {
      const parsed = parseJsonl(text, isNodeEvent);
      events = parsed.records;
      if (parsed.badLines.length > 0) problems.push(describeBadLines(`nodes/${dirName}/events.jsonl`, parsed.badLines));
    }
    nodes.push({ id, dirName, events, files });
  }
  nodes.sort((a, b) => a.id - b.id);
  if (nodes.length === 0) problems.push('nodes/ holds no n<i> directories.');
  return nodes;
}

export async function loadRun(dir: string): Promise<RawRun> {
  const problems: string[] = [];
  const test = await readJsonObject(join(dir, 'test.json'), 'test.json (the run options)', problems);
  const results = await readJsonObject(join(dir, 'results.json'), 'results.json (the checkers\u2019 verdicts)', problems);
  let history: OpRecord[] = [];
  const historyText = await readText(join(dir, 'history.jsonl')).catch(() => null);
  if (historyText === null) {
    problems.push('history.jsonl is missing: no operations to draw.');
  } else {
    const parsed = parseJsonl(historyText, isOpRecord);
    history = parsed.records;
    if (parsed.badLines.length > 0) problems.push(describeBadLines('history.jsonl', parsed.badLines));
    if (history.length === 0) problems.push('history.jsonl holds no operations.');
  }
  const nodes = await loadNodes(dir, problems);
  // results/latest is a link: name the run by where it points.
  const real = await realpath(dir).catch(() => dir);
  return { dir, name: basename(real), test, history, results, nodes, problems };
}
