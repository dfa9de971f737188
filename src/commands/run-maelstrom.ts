// `raft-chaos run --subject maelstrom --bin "CMD ARGS..."`: the run of src/control/runner/run.ts with the
// Maelstrom subject configured from --bin, --latency, --loss and --duplicate. A protocol
// violation by a node stops the run (what was recorded is still checked) and exits 255 with one
// line naming it.
import fs from 'node:fs';
import { EXIT } from '../util/exit-codes.js';
import type { RunOptions } from '../control/runner/run-options.js';
import { runForExitCode } from './run-cli.js';
import { maelstromSubject } from '../subjects/maelstrom/subject.js';
import { maelstromArgv, parseMaelstromFlags, type MaelstromFlags } from '../subjects/maelstrom/options.js';
import { describeFinding, type Finding } from '../subjects/maelstrom/findings.js';

/** The subject's part of the summary: findings, network, durable state (from results.json). */
function subjectLines(resultsFile: string): string {
  try {
    const subject = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { subject?: Record<string, any> }).subject;
    if (subject === undefined) return '';
    const findings = (subject.findings ?? []) as Finding[];
    const lines = [`  maelstrom        ${findings.length} finding(s); network: ${subject.network?.summary ?? '?'}`, `  durable state    ${subject.durability?.note ?? '?'}`];
    for (const f of findings.slice(0, 5)) lines.push(`    - ${describeFinding(f)}`);
    return `${lines.join('\n')}\n`;
  } catch {
    return '';
  }
}

export async function runMaelstromCommand(flags: MaelstromFlags, options: RunOptions): Promise<void> {
  const { argv, faults } = parseMaelstromFlags(flags, options.workload);
  const stop = new AbortController();
  let violation: Finding | null = null;
  const subject = maelstromSubject({
    bin: flags.bin ?? '',
    argv,
    faults,
    onFinding: (f) => {
      process.stdout.write(`${f.violation ? 'protocol violation' : 'finding'}: ${describeFinding(f)}\n`);
      if (f.violation && violation === null) {
        violation = f;
        stop.abort();
      }
    },
  });
  const explainViolation = (dir: string): void => {
    process.stderr.write(`raft-chaos run: protocol violation: ${describeFinding(violation as unknown as Finding)}\n  (run directory kept: ${dir})\n`);
  };
  let violatedDuringRun = false;
  const code = await runForExitCode({ ...options, subjectArgs: maelstromArgv(flags) }, { subject, abort: stop.signal }, {
    after: (outcome) => {
      process.stdout.write(subjectLines(outcome.run.resultsFile));
      if (violation !== null) {
        explainViolation(outcome.run.dir);
        violatedDuringRun = true;
      }
    },
    explainFailure: (err) => {
      const v = violation as Finding | null;
      if (v === null || v.kind === 'init-not-answered' || v.kind === 'exit-at-start') return false;
      explainViolation(err.run.dir);
      return true;
    },
  });
  process.exit(violatedDuringRun ? EXIT.toolFailed : code);
}
