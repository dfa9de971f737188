// `raft-chaos run --subject etcd`: the run of src/control/runner/run.ts with the etcd subject
// configured from --etcd-bin and --etcd-serializable. A missing etcd binary is refused before the
// run with the install line (exit 254). The closing lines say what the status polls saw; two
// leaders seen in one term are the subject's finding, which makes the run invalid (exit 1).
import fs from 'node:fs';
import { UsageError } from '../util/exit-codes.js';
import type { RunOptions } from '../control/runner/run-options.js';
import { runForExitCode } from './run-cli.js';
import { etcdSubject } from '../subjects/etcd/subject.js';
import { etcdArgv, parseEtcdFlags, type EtcdFlags } from '../subjects/etcd/options.js';

/** The subject's part of the summary (from results.json). */
function subjectLines(resultsFile: string): string {
  try {
    const etcd = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { subject?: { etcd?: Record<string, any> } }).subject?.etcd;
    if (etcd === undefined) return '';
    const one = etcd.oneLeaderPerTerm as { valid: boolean; violations: { term: number; leaders: number[] }[] };
    const verdict = one.valid
      ? `at most one leader in each of ${etcd.termsWithLeader} term(s) seen`
      : `TWO LEADERS in term(s) ${one.violations.map((v) => `${v.term} (${v.leaders.map((n) => `n${n}`).join(', ')})`).join('; ')}`;
    return `  etcd             ${etcd.reads} reads; ${etcd.statusPolls} status polls: ${verdict}\n`;
  } catch {
    return '';
  }
}

export async function runEtcdCommand(flags: EtcdFlags, options: RunOptions): Promise<void> {
  if (options.net === 'ssh') throw new UsageError('--net ssh: subject etcd runs its members on this machine; use --net netns (its default where namespaces can be made) or --net proxy');
  const config = parseEtcdFlags(flags, options.workload);
  const subject = etcdSubject(config);
  // Two leaders in one term is the subject's finding, part of the verdict (checkers.findings).
  process.exit(
    await runForExitCode({ ...options, subjectArgs: etcdArgv(flags) }, { subject }, { after: (outcome) => process.stdout.write(subjectLines(outcome.run.resultsFile)) }),
  );
}
