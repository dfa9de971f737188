// `run --subject lab-go`: what it refuses before anything starts (UsageError, exit 254), and its
// line in `raft-chaos subjects`.
import { describe, expect, it } from 'vitest';
import { subjectsText } from '../../../src/commands/subjects.js';
import { UsageError } from '../../../src/util/exit-codes.js';
import { runLabCommand, type LabCommandArgs } from '../../../src/commands/lab-go.js';
import { parseLabNemesis } from '../../../src/control/lab-go-run.js';

const base: LabCommandArgs = { 'lab-raft': '/nonexistent', nemesis: 'partition', nodes: 3, 'time-limit': 5, concurrency: 2, rate: 10, 'nemesis-interval': 2, 'results-dir': '/tmp', 'op-timeout': 1000, recovery: 5, workload: 'register', bug: [], report: false };

describe('run --subject lab-go', () => {
  const refusals: [string, Partial<LabCommandArgs>, string[], RegExp][] = [
    ['no --lab-raft', { 'lab-raft': undefined }, [], /needs --lab-raft DIR/],
    ['a clock nemesis', { nemesis: 'partition,clock' }, [], /no clock ability.*use partition, crash or pause/],
    ['an unknown nemesis', { nemesis: 'meteor' }, [], /--nemesis meteor: unknown for --subject lab-go/],
    ['--bug', {}, ['--bug', 'local-reads'], /--bug: not available with --subject lab-go/],
    ['--read-mode', {}, ['--read-mode=lease'], /--read-mode: not available/],
    ['another workload', { workload: 'multi-register' }, [], /register workload only/],
    ['too few nodes', { nodes: 2 }, [], /--nodes 2: --subject lab-go takes 3 to 7 nodes/],
    ['a zero time limit', { 'time-limit': 0 }, [], /--time-limit 0: must be a positive number/],
  ];
  it.each(refusals)('refuses %s', async (_what, change, argv, message) => {
    const err = await runLabCommand({ ...base, ...change }, argv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
  });

  it('takes none, partition, crash and pause in any combination', () => {
    expect(parseLabNemesis('partition,crash,pause')).toEqual(['partition', 'crash', 'pause']);
    expect(parseLabNemesis('none')).toEqual([]);
  });

  it('is listed by raft-chaos subjects with its abilities', () => {
    expect(subjectsText()).toMatch(/^lab-go\s+abilities: client, kill, pause, event-log .*--lab-raft DIR/m);
  });
});
