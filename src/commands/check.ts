// `raft-chaos check FILE|RUN_DIR|STORE_DIR`: check a stored history for linearizability, a thin
// layer over src/checker's checkHistoryFile. A RUN_DIR (results/<run>/) means its history.jsonl,
// checked with the model of the workload named in its test.json (cas-register per key when there is
// none); for a run this tool wrote (it has results.json) the invariants and perf are re-checked
// from its files too, and the exit code is the merged verdict. A Jepsen STORE_DIR
// (store/<test>/<time>/) means its history.edn, with the model from --model. Prints the verdict
// (per key for Jepsen's independent histories), the nil-read rule used, and, for a failure, the
// operation that could not be linearized as Knossos names it; writes the counterexample page next
// to the input (or to --out). A progress line is drawn on a terminal.
// Exit codes as in DESIGN.md §2: 0 valid, 1 invalid, 2 unknown, 254 bad arguments, 255 tool failure.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { WORKLOADS } from '../../workloads/index.js';
import { checkParsedHistory, findHistoryFile, type NilReadUsed } from '../checker/check-file.js';
import { MODEL_NAMES, modelByName } from '../checker/models/index.js';
import { ednToPlain } from '../checker/readers/edn-convert.js';
import { parseEdn } from '../checker/readers/edn.js';
import { HistoryParseError } from '../checker/readers/parse-error.js';
import { FORMATS, isHistoryFormat, type HistoryFormat, type ParsedHistory } from '../checker/readers/history.js';
import { readHistoryFile } from '../checker/readers/read-history.js';
import type { ReadProgress } from '../checker/readers/text-source.js';
import { renderCounterexampleHtml } from '../checker/linearizability/render-html.js';
import type { CheckResult, NilReadRule } from '../checker/types.js';
import { EXIT, exitCodeFor, UsageError } from '../util/exit-codes.js';
import type { Valid } from '../checker/types.js';
import type { StoredChecks } from '../control/checks/recheck-run.js';
import { mergeVerdicts } from '../checker/compose.js';
import { checkerLines, verdictWord } from '../control/runner/checker-lines.js';

export interface CheckArgs {
  readonly target: string;
  readonly model?: string;
  readonly format?: string;
  readonly timeout?: number;
  readonly initial?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly nilRead?: string;
}

const NIL_READ_RULES: readonly NilReadRule[] = ['any', 'absent'];

/** What to check: the history file, and the model a run directory implies. */
interface Target {
  readonly file: string;
  /** The directory given (a run or a Jepsen store directory), or null for a file. */
  readonly runDir: string | null;
  readonly kind: 'file' | 'run' | 'jepsen-store';
  readonly impliedModel: string | null;
  readonly why: string;
}

/** The model a run's test.json implies: its workload's model, or null. */
function modelOfRun(dir: string): { model: string | null; why: string } {
  const testFile = join(dir, 'test.json');
  if (!existsSync(testFile)) return { model: null, why: 'no test.json' };
  let test: unknown;
  try {
    test = JSON.parse(readFileSync(testFile, 'utf8'));
  } catch (err) {
    throw new CheckInputError(`${testFile}: not valid JSON (${(err as Error).message})`);
  }
  const t = (test ?? {}) as Record<string, unknown>;
  const options = (t.options ?? {}) as Record<string, unknown>;
  if (typeof t.model === 'string') return { model: t.model, why: 'test.json model' };
  const workload = options.workload ?? t.workload;
  if (typeof workload === 'string') {
    const w = WORKLOADS.get(workload);
    if (w !== undefined) return { model: w.model, why: `workload ${workload}` };
    if (modelByName(workload) !== undefined) return { model: workload, why: `workload ${workload}` };
    return { model: null, why: `unknown workload ${workload}` };
  }
  if (typeof workload === 'object' && workload !== null && typeof (workload as { model?: unknown }).model === 'string') {
    return { model: (workload as { model: string }).model, why: 'test.json workload model' };
  }
  return { model: null, why: 'test.json names no workload' };
}

/** An input that cannot be read or parsed: exit 255 with one line naming the path. */
export class CheckInputError extends Error {
  override name = 'CheckInputError';
}

function resolveTarget(target: string): Target {
  const path = resolve(target);
  if (!existsSync(path)) throw new UsageError(`check: no such file or directory: ${target}`);
  const found = findHistoryFile(path);
  if (found === null) {
    throw new UsageError(`check: ${target} is a directory without history.jsonl or history.edn (expected a run directory results/<run>/ or a Jepsen store directory store/<test>/<time>/)`);
  }
  if (found.kind === 'file') return { file: path, runDir: null, kind: 'file', impliedModel: null, why: '' };
  const dir = dirname(found.file);
  if (found.kind === 'jepsen-store') return { file: found.file, runDir: dir, kind: 'jepsen-store', impliedModel: null, why: 'Jepsen store directory' };
  const { model, why } = modelOfRun(dir);
  return { file: found.file, runDir: dir, kind: 'run', impliedModel: model, why };
}

/** `--initial VALUE`: JSON when it parses (0, null, "a"), else EDN (nil, :x, {:x 0 :y 0}), else the text itself. */
export function parseInitial(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // not JSON
  }
  try {
    const v = parseEdn(text);
    if (v instanceof Map) return new Map([...v.entries()].map(([k, x]) => [ednToPlain(k), ednToPlain(x)]));
    return ednToPlain(v);
  } catch {
    return text;
  }
}

function validate(args: CheckArgs): void {
  if (args.model !== undefined && modelByName(args.model) === undefined) {
    throw new UsageError(`--model must be one of ${MODEL_NAMES.join(', ')}; got ${JSON.stringify(args.model)}`);
  }
  if (args.format !== undefined && !isHistoryFormat(args.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(args.format)}`);
  }
  if (args.nilRead !== undefined && !(NIL_READ_RULES as readonly string[]).includes(args.nilRead)) {
    throw new UsageError(`--nil-read must be one of ${NIL_READ_RULES.join(', ')}; got ${JSON.stringify(args.nilRead)}`);
  }
  if (args.timeout !== undefined && !(Number.isFinite(args.timeout) && args.timeout > 0)) {
    throw new UsageError(`--timeout must be a positive number of seconds; got ${String(args.timeout)}`);
  }
}

function pagePath(target: Target, out: string | undefined): string {
  if (out !== undefined) return resolve(out);
  if (target.kind === 'run' && target.runDir !== null) return join(target.runDir, 'linearizability.html');
  const base = basename(target.file, extname(target.file));
  return join(dirname(target.file), `${base}.linearizability.html`);
}

export interface CheckReport {
  readonly result: CheckResult;
  readonly history: ParsedHistory;
  readonly model: string;
  readonly page: string | null;
  readonly nilRead: NilReadUsed;
  /** The linearizability verdict (at most unknown when damaged lines were skipped). */
  readonly linearizable: Valid;
  readonly target: Target;
  /** For a run directory this tool wrote: invariants and perf re-checked from its files. */
  readonly stored: StoredChecks | null;
  /** Every verdict merged (the linearizability verdict alone for anything but a stored run). */
  readonly valid: Valid;
}

export interface CheckHooks {
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** Read, check, and write the counterexample page. Throws UsageError / CheckInputError. */
export async function runCheck(args: CheckArgs, hooks: CheckHooks = {}): Promise<CheckReport> {
  validate(args);
  const target = resolveTarget(args.target);
  let history: ParsedHistory;
  try {
    history = await readHistoryFile(target.file, {
      ...(args.format !== undefined ? { format: args.format as HistoryFormat } : {}),
      ...(hooks.onProgress !== undefined ? { onProgress: hooks.onProgress } : {}),
    });
  } catch (err) {
    if (err instanceof HistoryParseError) throw new CheckInputError(err.message);
    if ((err as NodeJS.ErrnoException).code !== undefined) throw new CheckInputError(`${target.file}: ${(err as Error).message}`);
    throw err;
  }
  const model = args.model ?? target.impliedModel ?? history.suggestedModel ?? 'cas-register';
  if (modelByName(model) === undefined) {
    throw new CheckInputError(`${target.runDir ?? target.file}: ${target.why} names model ${JSON.stringify(model)}, not one of ${MODEL_NAMES.join(', ')}`);
  }
  let checked;
  try {
    checked = await checkParsedHistory(history, {
      model,
      ...(args.timeout !== undefined ? { timeoutMs: args.timeout * 1000 } : {}),
      ...(args.initial !== undefined ? { initial: parseInitial(args.initial) } : {}),
      ...(args.nilRead !== undefined ? { nilRead: args.nilRead as NilReadRule } : {}),
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'ModelInputError') throw new CheckInputError(`${target.file}: ${err.message}`);
    throw err;
  }
  const { result } = checked;
  const nilRead = checked.nilRead.source === 'as asked' ? { ...checked.nilRead, source: `--nil-read ${checked.nilRead.rule}` } : checked.nilRead;
  let page: string | null = null;
  if (result.valid === false) {
    page = pagePath(target, args.out);
    writeFileSync(page, renderCounterexampleHtml(result, `Counterexample: ${basename(target.runDir ?? target.file)}`));
  }
  // The run's other checkers are loaded only for a run directory: a history file pays for none of them.
  const stored =
    target.kind === 'run' && target.runDir !== null
      ? await (await import('../control/checks/recheck-run.js')).recheckStoredRun(target.runDir)
      : null;
  const linearizable = checked.valid;
  const valid = stored === null ? linearizable : mergeVerdicts([linearizable, stored.invariants.valid, stored.perf.valid]);
  return { result, history, model, page, nilRead, linearizable, target, stored, valid };
}

function verdictText(valid: Valid): string {
  return valid === true ? 'linearizable' : valid === false ? 'NOT linearizable' : 'unknown';
}

function nilReadText(n: NilReadUsed): string {
  if (!n.applies) return `nil reads: not applicable to this model`;
  return `nil reads: ${n.rule === 'any' ? 'match any state' : 'read an absent value'} (${n.source})`;
}

/** Whether to print one verdict per key: Jepsen's independent keys, or a store directory's history. */
function perKey(report: CheckReport): boolean {
  return report.history.independent === true || (report.target.kind === 'jepsen-store' && report.result.partitions.some((p) => p.key !== null));
}

function summary(report: CheckReport): string {
  const { result, history, model, page } = report;
  const valid = report.linearizable;
  const why =
    valid === 'unknown' && result.valid === true
      ? ' (damaged lines were skipped)'
      : valid === 'unknown'
        ? ' (time budget ran out)'
        : '';
  const lines = [
    `${history.file}: ${verdictText(valid)}${why}`,
    `  ${result.operations} operations (${history.format}), model ${model}, ${result.partitions.length} partition(s), ${result.ms.toFixed(1)} ms`,
    `  ${nilReadText(report.nilRead)}${report.nilRead.applies && result.nilReadsRelaxed > 0 ? `; ${result.nilReadsRelaxed} operation(s) relaxed` : ''}`,
  ];
  const skipped = history.skippedLines;
  if (skipped !== undefined && skipped.count > 0) {
    const named = skipped.lines.map((l) => `${history.file}:${l.line}`).join(', ');
    lines.push(`  ${skipped.count} damaged line(s) skipped (${named}${skipped.count > skipped.lines.length ? ', ...' : ''}): the verdict can be no better than unknown`);
  }
  if (perKey(report)) {
    for (const p of result.partitions) {
      lines.push(`  key ${p.key === null ? '(none)' : p.key}: ${verdictText(p.valid)}${p.skipped ? ' (not checked)' : ''}, ${p.operations} operations`);
    }
  }
  for (const cx of result.counterexample ?? []) {
    lines.push(
      `  key ${cx.key === null ? '(whole history)' : JSON.stringify(cx.key)}: longest linearizable prefix ${cx.longestPrefix.length} of ${cx.operations.length} operations; ` +
        `state there ${cx.stateAtFailure}; could not place ${cx.couldNotPlace.map((id) => `#${id}`).join(', ') || 'none'}` +
        (cx.blockingOp !== null ? `; stuck at #${cx.blockingOp}` : ''),
    );
    if (cx.failingOp !== null) lines.push(`    could not linearize ${cx.failingOp.edn}`);
  }
  const unknown = result.partitions.filter((p) => p.valid === 'unknown' && !p.skipped);
  if (unknown.length > 0 && !perKey(report)) lines.push(`  ${unknown.length} partition(s) unfinished: ${unknown.map((p) => JSON.stringify(p.key)).join(', ')}`);
  if (page !== null) lines.push(`  counterexample: ${page}`);
  if (report.stored !== null) {
    lines.push(...checkerLines({ linearizability: result, ...report.stored }));
    lines.push(`verdict: ${verdictWord(report.valid)} (exit ${exitCodeFor(report.valid)})`);
  }
  return lines.join('\n') + '\n';
}

function jsonReport(report: CheckReport): string {
  const { result, history, model, page } = report;
  const failing = (result.counterexample ?? []).find((cx) => cx.failingOp !== null)?.failingOp ?? null;
  return `${JSON.stringify({
    valid: report.linearizable,
    ...(report.linearizable !== result.valid ? { searchValid: result.valid } : {}),
    ms: Math.round(result.ms * 1000) / 1000,
    file: history.file,
    format: history.format,
    model,
    nilRead: { ...report.nilRead, relaxed: result.nilReadsRelaxed },
    operations: result.operations,
    mode: result.mode,
    ...(history.skippedLines !== undefined ? { skippedLines: history.skippedLines } : {}),
    ...(history.independent === true ? { independent: true } : {}),
    partitions: result.partitions,
    ...(failing !== null ? { op: failing } : {}),
    ...(result.counterexample ? { counterexample: result.counterexample } : {}),
    ...(page !== null ? { counterexamplePage: page } : {}),
    ...(report.stored !== null ? { runValid: report.valid, checkers: report.stored } : {}),
  })}\n`;
}

/** A progress line redrawn in place on a terminal (at most every 200 ms). */
export function progressLine(stream: { write(text: string): unknown }): { onProgress: (p: ReadProgress) => void; clear: () => void } {
  let last = 0;
  let drawn = false;
  return {
    onProgress(p) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const pct = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
      stream.write(`\rreading ${basename(p.file)}: ${pct}% (${(p.bytesRead / 1e6).toFixed(1)} of ${(p.totalBytes / 1e6).toFixed(1)} MB, ${p.records.toLocaleString('en')} records)\x1b[K`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** The handler's work, returning the exit code (tests call this directly). */
/** Where the command writes (stdout and stderr by default). */
export interface CheckIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

export async function checkMain(args: CheckArgs, io: CheckIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const progress = (io.err as { isTTY?: boolean }).isTTY === true ? progressLine(io.err) : null;
  try {
    const report = await runCheck(args, progress !== null ? { onProgress: progress.onProgress } : {});
    progress?.clear();
    io.out.write(args.json ? jsonReport(report) : summary(report));
    return exitCodeFor(report.valid);
  } catch (err) {
    progress?.clear();
    if (err instanceof UsageError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (args.json) io.out.write(`${JSON.stringify({ valid: 'unknown', error: message })}\n`);
    io.err.write(`raft-chaos check: ${message}\n`);
    return EXIT.toolFailed;
  }
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <target>',
  describe: 'Check a history (FILE) or a Jepsen store directory for linearizability, or re-check a run (RUN_DIR): linearizability, invariants, perf',
  builder: (y: Argv) =>
    y
      .positional('target', { describe: 'a history file (jsonl, Jepsen EDN, etcd log, kv log), results/<run>/, or a Jepsen store/<test>/<time>/', type: 'string', demandOption: true })
      .option('model', { describe: `model: ${MODEL_NAMES.join(', ')} (default: from the run or format, else cas-register)`, type: 'string' })
      .option('format', { describe: `history format: ${FORMATS.join(', ')} (default: detected)`, type: 'string' })
      .option('timeout', { describe: 'time budget in seconds; past it the verdict is unknown', type: 'number' })
      .option('initial', { describe: "the initial value, as JSON or EDN (default: absent); multi-register: a map, e.g. '{:x 0 :y 0}'", type: 'string' })
      .option('nil-read', { describe: "what a read of nil means: any (matches any state, Knossos) or absent (default: the source's rule)", type: 'string' })
      .option('json', { describe: 'print one JSON object', type: 'boolean', default: false })
      .option('out', { describe: 'where to write the counterexample page', type: 'string' }) as unknown as Argv<CheckArgs>,
  handler: async (argv: ArgumentsCamelCase<CheckArgs>) => {
    const code = await checkMain(argv);
    process.exitCode = code;
  },
};
