// Checking a history file or a Jepsen store directory as its source would: the format's reader, the
// source's nil-read rule unless told otherwise, every independent key checked (Jepsen's
// independent checker gives one verdict per key), and a verdict no better than unknown when the
// reader skipped damaged lines. The `check` command is a thin layer over this.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkOperations } from './linearizability/check-async.js';
import { resolveModel } from './linearizability/check.js';
import { NIL_READ_DEFAULTS, type HistoryFormat, type ParsedHistory } from './readers/history.js';
import { readHistoryFile } from './readers/read-history.js';
import type { ReadProgress } from './readers/text-source.js';
import type { CheckOptions, CheckResult, Model, NilReadRule, Valid } from './types.js';

export interface HistoryCheckOptions extends CheckOptions {
  /** A Model or a built-in model's name (default: the format's, else cas-register). */
  readonly model?: Model<any> | string;
  /** The format (default: detected). */
  readonly format?: HistoryFormat;
  /** Hears how far the read has got. */
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** The nil-read rule a check used, and why. */
export interface NilReadUsed {
  readonly rule: NilReadRule;
  /** Who says so: the source's rule (e.g. "Knossos's rule for Jepsen EDN histories") or 'as asked'. */
  readonly source: string;
  /** False when the model has no reads of nil (mutex, set, queues): the rule changes nothing. */
  readonly applies: boolean;
}

export interface HistoryCheck {
  readonly history: ParsedHistory;
  readonly model: string;
  readonly nilRead: NilReadUsed;
  readonly result: CheckResult;
  /** The verdict: the result's, but at most 'unknown' when damaged lines were skipped. */
  readonly valid: Valid;
}

/**
 * The history file at `path`: the file itself, or in a directory its history.edn (a Jepsen store
 * directory store/<test>/<time>/) or history.jsonl (a raft-chaos run); a directory holding only
 * `latest` (store/<test>/) is followed there. Null when a directory holds none of these.
 */
export function findHistoryFile(path: string): { file: string; kind: 'file' | 'jepsen-store' | 'run' } | null {
  if (!statSync(path).isDirectory()) return { file: path, kind: 'file' };
  if (existsSync(join(path, 'history.jsonl'))) return { file: join(path, 'history.jsonl'), kind: 'run' };
  if (existsSync(join(path, 'history.edn'))) return { file: join(path, 'history.edn'), kind: 'jepsen-store' };
  const latest = join(path, 'latest');
  if (existsSync(latest) && statSync(latest).isDirectory()) return findHistoryFile(latest);
  return null;
}

/** Read `file` and check it (see the header for the source's semantics). */
export async function checkHistoryFile(file: string, options: HistoryCheckOptions = {}): Promise<HistoryCheck> {
  const history = await readHistoryFile(file, {
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
  return checkParsedHistory(history, options);
}

/** Check a history already read (see checkHistoryFile). */
export async function checkParsedHistory(history: ParsedHistory, options: HistoryCheckOptions = {}): Promise<HistoryCheck> {
  const model = resolveModel(options.model ?? history.suggestedModel ?? 'cas-register');
  const source = NIL_READ_DEFAULTS[history.format];
  const rule = options.nilRead ?? source.rule;
  const { model: _model, format: _format, onProgress: _progress, ...checkOptions } = options;
  const result = await checkOperations(history.operations, model, {
    ...checkOptions,
    nilRead: rule,
    allPartitions: options.allPartitions ?? history.independent === true,
  });
  const damaged = history.skippedLines !== undefined && history.skippedLines.count > 0;
  return {
    history,
    model: model.name,
    nilRead: { rule, source: options.nilRead !== undefined ? 'as asked' : source.source, applies: model.withoutNilReads !== undefined },
    result,
    valid: damaged && result.valid === true ? 'unknown' : result.valid,
  };
}
