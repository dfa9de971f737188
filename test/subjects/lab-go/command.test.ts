// `run --subject lab-go`: what it refuses before anything is built or started (UsageError, exit
// 254), and its line in `raft-chaos subjects`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { subjectsText } from '../../../src/commands/subjects.js';
import { UsageError } from '../../../src/util/exit-codes.js';
import { runLabGo, type LabFlags } from '../../../src/commands/lab-go.js';
import { RUN_DEFAULTS, type RunOptions } from '../../../src/control/runner/run-options.js';

const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-go-command-'));
const base: RunOptions = { ...RUN_DEFAULTS, nemesis: 'partition', nodes: 3, timeLimitS: 5, seed: 1, bugs: [], resultsDir, noReport: true };
const flags: LabFlags = { 'lab-raft': '/nonexistent' };

describe('run --subject lab-go', () => {
  const refusals: [string, Partial<LabFlags>, Partial<RunOptions>, string[], RegExp][] = [
    ['no --lab-raft', { 'lab-raft': undefined }, {}, [], /needs --lab-raft DIR/],
    ['a clock nemesis', {}, { nemesis: 'partition,clock' }, [], /subject lab-go has no clock ability.*use --nemesis partition,crash,pause/],
    ['an unknown nemesis', {}, { nemesis: 'meteor' }, [], /unknown nemesis "meteor"/],
    ['--bug', {}, { bugs: ['local-reads' as never] }, [], /--bug/],
    ['--read-mode', {}, { readMode: 'lease' }, [], /subject lab-go does not honour --read-mode lease/],
    ['--pre-vote false', {}, { preVote: false }, [], /does not honour --pre-vote false/],
    ['--bin', {}, {}, ['--bin', 'x'], /--bin: not available with --subject lab-go/],
    ['--link-latency', {}, {}, ['--link-latency=5'], /--link-latency: not available .* use --latency/],
    ['a bad --latency', { latency: 'soon' }, {}, [], /--latency must be/],
    ['a bad --loss', { loss: 2 }, {}, [], /--loss must be a probability/],
    ['an unknown --lab-scenario', { 'lab-scenario': 'meteor' }, {}, [], /--lab-scenario meteor: unknown; use stale-leader/],
    ['another workload', {}, { workload: 'nope' }, [], /--workload nope: --subject lab-go runs/],
    ['a bug scenario', {}, { scenario: 'figure-8' }, [], /--scenario figure-8: not tried with --subject lab-go/],
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

  it('is listed by raft-chaos subjects with its abilities', () => {
    expect(subjectsText()).toMatch(/^lab-go\s+abilities: client, kill, pause, status, event-log \(routes its own messages\) .*--lab-raft DIR/m);
  });
});
