// `raft-chaos check FILE|RUN_DIR`: check a stored history for linearizability (src/checker).
// A RUN_DIR (results/<run>/) means its history.jsonl, checked with the model of the workload named
// in its test.json (cas-register per key when there is none); for a run this tool wrote (it has
// results.json) the invariants and perf are re-checked from its files too, and the exit code is
// the merged verdict. Prints the verdict, the time, and,
// for a failure, where to look; writes the counterexample page next to the input (or to --out).
// Exit codes as in DESIGN.md §2: 0 valid, 1 invalid, 2 unknown, 254 bad arguments, 255 tool failure.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { WORKLOADS } from '../../workloads/index.js';
import { checkOperations } from '../checker/check-async.js';
import { MODEL_NAMES, modelByName } from '../checker/models/index.js';
import { HistoryParseError } from '../checker/readers/parse-error.js';
import { FORMATS, isHistoryFormat, type HistoryFormat, type ParsedHistory } from '../checker/readers/history.js';
import { readHistoryFile } from '../checker/readers/read-history.js';
import { renderCounterexampleHtml } from '../checker/render-html.js';
import type { CheckResult } from '../checker/types.js';
import { EXIT, exitCodeFor, UsageError, type Verdict } from '../util/exit-codes.js';
import { recheckStoredRun, type StoredChecks } from '../control/recheck-run.js';
import { mergeVerdicts } from '../control/check-run.js';
import { checkerLines, verdictWord } from '../control/summary.js';

export interface CheckArgs {
  readonly target: string;
  readonly model?: string;
  readonly format?: string;
  readonly timeout?: number;
  readonly initial?: string;
  readonly json?: boolean;
  readonly out?: string;
}

/** What to check: the history file, and the model a run directory implies. */
interface Target {
  readonly file: string;
  readonly runDir: string | null;
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
  if (statSync(path).isDirectory()) {
    const file = join(path, 'history.jsonl');
    if (!existsSync(file)) throw new UsageError(`check: ${target} is a directory without history.jsonl (expected a run directory results/<run>/)`);
    const { model, why } = modelOfRun(path);
    return { file, runDir: path, impliedModel: model, why };
  }
  return { file: path, runDir: null, impliedModel: null, why: '' };
}

/** `--initial VALUE`: JSON when it parses (0, null, "a"), else the text itself. */
function parseInitial(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
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
  if (args.timeout !== undefined && !(Number.isFinite(args.timeout) && args.timeout > 0)) {
    throw new UsageError(`--timeout must be a positive number of seconds; got ${String(args.timeout)}`);
  }
}

function pagePath(target: Target, out: string | undefined): string {
  if (out !== undefined) return resolve(out);
  if (target.runDir !== null) return join(target.runDir, 'linearizability.html');
  const base = basename(target.file, extname(target.file));
  return join(dirname(target.file), `${base}.linearizability.html`);
}

export interface CheckReport {
  readonly result: CheckResult;
  readonly history: ParsedHistory;
  readonly model: string;
  readonly page: string | null;
  /** For a run directory this tool wrote: invariants and perf re-checked from its files. */
  readonly stored: StoredChecks | null;
  /** Every verdict merged (the linearizability verdict alone for anything but a stored run). */
  readonly valid: Verdict;
}

/** Read, check, and write the counterexample page. Throws UsageError / CheckInputError. */
export async function runCheck(args: CheckArgs): Promise<CheckReport> {
  validate(args);
  const target = resolveTarget(args.target);
  let history: ParsedHistory;
  try {
    history = await readHistoryFile(target.file, args.format as HistoryFormat | undefined);
  } catch (err) {
    if (err instanceof HistoryParseError) throw new CheckInputError(err.message);
    if ((err as NodeJS.ErrnoException).code !== undefined) throw new CheckInputError(`${target.file}: ${(err as Error).message}`);
    throw err;
  }
  const model = args.model ?? target.impliedModel ?? history.suggestedModel ?? 'cas-register';
  if (modelByName(model) === undefined) {
    throw new CheckInputError(`${target.runDir ?? target.file}: ${target.why} names model ${JSON.stringify(model)}, not one of ${MODEL_NAMES.join(', ')}`);
  }
  const result = await checkOperations(history.operations, model, {
    ...(args.timeout !== undefined ? { timeoutMs: args.timeout * 1000 } : {}),
    ...(args.initial !== undefined ? { initial: parseInitial(args.initial) } : {}),
  });
  let page: string | null = null;
  if (result.valid === false) {
    page = pagePath(target, args.out);
    writeFileSync(page, renderCounterexampleHtml(result, `Counterexample: ${basename(target.runDir ?? target.file)}`));
  }
  const stored = target.runDir !== null ? await recheckStoredRun(target.runDir) : null;
  const valid = stored === null ? result.valid : mergeVerdicts([result.valid, stored.invariants.valid, stored.perf.valid]);
  return { result, history, model, page, stored, valid };
}

function summary(report: CheckReport): string {
  const { result, history, model, page } = report;
  const verdict = result.valid === true ? 'linearizable' : result.valid === false ? 'NOT linearizable' : 'unknown (time budget ran out)';
  const lines = [
    `${history.file}: ${verdict}`,
    `  ${result.operations} operations (${history.format}), model ${model}, ${result.partitions.length} partition(s), ${result.ms.toFixed(1)} ms`,
  ];
  for (const cx of result.counterexample ?? []) {
    lines.push(
      `  key ${cx.key === null ? '(whole history)' : JSON.stringify(cx.key)}: longest linearizable prefix ${cx.longestPrefix.length} of ${cx.operations.length} operations; ` +
        `state there ${cx.stateAtFailure}; could not place ${cx.couldNotPlace.map((id) => `#${id}`).join(', ') || 'none'}` +
        (cx.blockingOp !== null ? `; stuck at #${cx.blockingOp}` : ''),
    );
  }
  const unknown = result.partitions.filter((p) => p.valid === 'unknown' && !p.skipped);
  if (unknown.length > 0) lines.push(`  ${unknown.length} partition(s) unfinished: ${unknown.map((p) => JSON.stringify(p.key)).join(', ')}`);
  if (page !== null) lines.push(`  counterexample: ${page}`);
  if (report.stored !== null) {
    lines.push(...checkerLines({ linearizability: result, ...report.stored }));
    lines.push(`verdict: ${verdictWord(report.valid)} (exit ${exitCodeFor(report.valid)})`);
  }
  return lines.join('\n') + '\n';
}

function jsonReport(report: CheckReport): string {
  const { result, history, model, page } = report;
  return `${JSON.stringify({
    valid: result.valid,
    ms: Math.round(result.ms * 1000) / 1000,
    file: history.file,
    format: history.format,
    model,
    operations: result.operations,
    mode: result.mode,
    partitions: result.partitions,
    ...(result.counterexample ? { counterexample: result.counterexample } : {}),
    ...(page !== null ? { counterexamplePage: page } : {}),
    ...(report.stored !== null ? { runValid: report.valid, checkers: report.stored } : {}),
  })}\n`;
}

/** The handler's work, returning the exit code (tests call this directly). */
/** Where the command writes (stdout and stderr by default). */
export interface CheckIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

export async function checkMain(args: CheckArgs, io: CheckIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  try {
    const report = await runCheck(args);
    io.out.write(args.json ? jsonReport(report) : summary(report));
    return exitCodeFor(report.valid);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (args.json) io.out.write(`${JSON.stringify({ valid: 'unknown', error: message })}\n`);
    io.err.write(`raft-chaos check: ${message}\n`);
    return EXIT.toolFailed;
  }
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <target>',
  describe: 'Check a history (FILE) for linearizability, or re-check a run (RUN_DIR): linearizability, invariants, perf',
  builder: (y: Argv) =>
    y
      .positional('target', { describe: 'a history file (jsonl, Jepsen EDN, etcd log, kv log) or results/<run>/', type: 'string', demandOption: true })
      .option('model', { describe: `model: ${MODEL_NAMES.join(', ')} (default: from the run or format, else cas-register)`, type: 'string' })
      .option('format', { describe: `history format: ${FORMATS.join(', ')} (default: detected)`, type: 'string' })
      .option('timeout', { describe: 'time budget in seconds; past it the verdict is unknown', type: 'number' })
      .option('initial', { describe: "the register's initial value, as JSON (default: absent; Knossos histories assume 0)", type: 'string' })
      .option('json', { describe: 'print one JSON object', type: 'boolean', default: false })
      .option('out', { describe: 'where to write the counterexample page', type: 'string' }) as unknown as Argv<CheckArgs>,
  handler: async (argv: ArgumentsCamelCase<CheckArgs>) => {
    const code = await checkMain(argv);
    process.exitCode = code;
  },
};
