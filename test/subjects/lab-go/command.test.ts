// `run --subject lab-go`: what it refuses before anything is built or started (UsageError, exit
// 254), and its line in `raft-chaos subjects`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { subjectsText } from '../../../src/commands/subjects.js';
import { UsageError } from '../../../src/util/exit-codes.js';
import { labRun, runLabGo, type LabFlags } from '../../../src/commands/lab-go.js';
import { resolveSubject } from '../../../src/control/runner/run.js';
import { realRunRecord } from '../../../src/control/runner/test-record.js';
import { RUN_DEFAULTS, reproduceArgv, type RunOptions } from '../../../src/control/runner/run-options.js';

const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-go-command-'));
const base: RunOptions = { ...RUN_DEFAULTS, nemesis: 'partition', nodes: 3, timeLimitS: 5, seed: 1, bugs: [], resultsDir, noReport: true };
const flags: LabFlags = { 'lab-raft': '/nonexistent' };

/** The record `run` builds for this lab run: the common one, with the subject's own schedules. */
function labRecord(lab: ReturnType<typeof labRun>) {
  return realRunRecord(lab.options, resolveSubject(lab.options, lab.io.subject));
}

describe('run --subject lab-go', () => {
  const refusals: [string, Partial<LabFlags>, Partial<RunOptions>, string[], RegExp][] = [
    ['no --lab-raft', { 'lab-raft': undefined }, {}, [], /needs --lab-raft DIR/],
    ['a clock nemesis', {}, { nemesis: 'partition,clock' }, [], /subject lab-go has no clock ability.*use --nemesis partition,crash,pause/],
    ['an unknown nemesis', {}, { nemesis: 'meteor' }, [], /unknown nemesis "meteor"/],
    ['--bug', {}, { bugs: ['local-reads' as never] }, [], /--bug/],
    ['--read-mode', {}, { readMode: 'lease' }, [], /subject lab-go does not honour --read-mode lease/],
    ['--pre-vote false', {}, { preVote: false }, [], /does not honour --pre-vote false/],
    ['--bin', {}, {}, ['--bin', 'x'], /--bin: not available with --subject lab-go/],
    ['--snapshot-every', {}, {}, ['--snapshot-every', '10'], /--snapshot-every: not available with --subject lab-go .*--lab-snapshot-every N/],
    ['--link-latency', {}, {}, ['--link-latency=5'], /--link-latency: not available .* use --latency/],
    ['a bad --latency', { latency: 'soon' }, {}, [], /--latency must be/],
    ['a bad --loss', { loss: 2 }, {}, [], /--loss must be a probability/],
    ['a bad --lab-snapshot-every', { 'lab-snapshot-every': -3 }, {}, [], /--lab-snapshot-every must be a whole number of applied commands from 0/],
    ['an unknown --lab-scenario', { 'lab-scenario': 'meteor' }, {}, [], /--lab-scenario meteor: unknown; use stale-leader/],
    ['another workload', {}, { workload: 'nope' }, [], /--workload nope: --subject lab-go runs/],
    ['a scenario that waits on the log', {}, { scenario: 'figure-8', nodes: 5 }, [], /--scenario figure-8: not available with --subject lab-go: it waits on each node's last log index.*; use stale-leader, /],
    ['a scenario that drifts a clock', {}, { scenario: 'long-stale-log', nodes: 5 }, [], /--scenario long-stale-log: not available with --subject lab-go: it drifts a node's clock, and lab-go has no clock ability/],
    ['an unknown scenario', {}, { scenario: 'meteor' }, [], /--scenario meteor: unknown; with --subject lab-go use stale-leader, .*rejoining-candidate/],
    ['a catalogue scenario on another size', {}, { scenario: 'rejoining-candidate', nodes: 5, nemesis: 'none' }, [], /--scenario rejoining-candidate is written for 3 nodes/],
    ['stale-leader beside a nemesis', {}, { scenario: 'stale-leader' }, [], /--scenario stale-leader is the fault schedule of the run; leave --nemesis at none/],
    ['two scenarios', { 'lab-scenario': 'stale-leader' }, { scenario: 'rejoining-candidate', nemesis: 'none' }, [], /give one scenario/],
    ['too few nodes', {}, { nodes: 2 }, [], /--nodes must be an integer from 3/],
  ];
  it.each(refusals)('refuses %s', async (_what, flagChange, optionChange, argv, message) => {
    const err = await runLabGo({ ...flags, ...flagChange }, { ...base, ...optionChange }, { out: { write: () => true } }, argv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect(fs.readdirSync(resultsDir)).toEqual([]);
  });

  it('refuses a folder that is not there before any run directory exists', async () => {
    const err = await runLabGo(flags, base, { out: { write: () => true } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/--lab-raft \/nonexistent: cannot read the folder/);
    expect(fs.readdirSync(resultsDir)).toEqual([]);
  });

  it('gets lab-go\'s partition and crash packages (Subject.schedules) in the common record for --nemesis, and its own scenario for --scenario (the same for --lab-scenario)', () => {
    const nemesis = labRecord(labRun(flags, { ...base, nemesis: 'partition,crash' }));
    expect(nemesis.nemesis.name).toBe('partition,crash');
    expect(nemesis.nemesis.package.description).toBe('combined: partition + crash');
    const partition = labRecord(labRun(flags, base));
    expect(partition.nemesis.package.description).toMatch(/the leader cut off and then left deaf once a newer one leads/);
    const crash = labRecord(labRun(flags, { ...base, nemesis: 'crash' }));
    expect(crash.nemesis.package.description).toMatch(/none while a stale leader is about; then the newest leader is killed and restarted at once/);
    // Named shapes are the common partition package's.
    const shapes = labRecord(labRun(flags, { ...base, partitionShapes: 'one-way' }));
    expect(shapes.nemesis.package.description).toMatch(/^alternately start a partition \(one-way-leader/);
    expect(nemesis.nemesis.package.generator({ intervalS: 5, nodes: 3 }).reactive).toBe(true);
    for (const lab of [labRun(flags, { ...base, nemesis: 'none', scenario: 'stale-leader' }), labRun({ ...flags, 'lab-scenario': 'stale-leader' }, { ...base, nemesis: 'none' })]) {
      const record = labRecord(lab);
      expect(record.nemesis.name).toBe('stale-leader');
      expect(record.nemesis.package.families).toEqual(['partition', 'crash']);
      expect(record.options.scenario).toBe('stale-leader');
      expect(reproduceArgv(record.options).join(' ')).toMatch(/--nemesis none --scenario stale-leader .*--lab-raft \/nonexistent$/);
    }
    // A catalogue scenario the lab can play is the common one.
    const catalogue = labRecord(labRun(flags, { ...base, nemesis: 'none', scenario: 'rejoining-candidate' }));
    expect(catalogue.nemesis.name).toBe('rejoining-candidate');
    expect(catalogue.nemesis.package.name).toBe('scenario rejoining-candidate');
  });

  it('keeps --lab-snapshot-every and --lab-long-reordering in the replay command', () => {
    const lab = labRun({ ...flags, 'lab-snapshot-every': 5, 'lab-long-reordering': true }, base);
    expect(lab.options.subjectArgs).toEqual(['--lab-raft', '/nonexistent', '--lab-snapshot-every', '5', '--lab-long-reordering']);
    expect(reproduceArgv(lab.options).join(' ')).toMatch(/--lab-raft \/nonexistent --lab-snapshot-every 5 --lab-long-reordering$/);
    expect(labRun({ ...flags, 'lab-snapshot-every': 0 }, base).options.subjectArgs).toEqual(['--lab-raft', '/nonexistent', '--lab-snapshot-every', '0']);
  });

  it('is listed by raft-chaos subjects with its abilities', () => {
    expect(subjectsText()).toMatch(/^lab-go\s+abilities: client, kill, pause, status, event-log \(routes its own messages\) .*--lab-raft DIR/m);
  });
});
