import { describe, expect, it } from 'vitest';
import { mergeValid, readVerdicts } from '../../src/report/verdict.js';
import { reproduceCommand, shellQuote } from '../../src/report/reproduce.js';

describe('readVerdicts', () => {
  it('reads results.json as src/control/checks/check-run.ts writes it (checkers nested)', () => {
    const v = readVerdicts({
      valid: false,
      checkers: {
        linearizability: { valid: false, model: 'cas-register', counterexample: [{ key: 'k1', operations: [] }] },
        invariants: { valid: 'unknown', violations: [{ invariant: 'election-safety', message: 'two leaders', time: 5e9, events: [{ node: 1 }], certain: false }] },
        perf: { valid: true },
      },
    });
    expect(v.overall).toBe(false);
    expect(v.checkers.map((c) => [c.name, c.valid])).toEqual([['linearizability', false], ['invariants', 'unknown'], ['perf', true]]);
    expect(v.counterexamples).toEqual([{ key: 'k1', operations: [] }]);
    expect(v.violations).toEqual([{ checker: 'invariants', invariant: 'election-safety', message: 'two leaders', timeNs: 5e9, events: [{ node: 1 }], certain: false }]);
  });

  it('reads checkers at the top level and merges their verdicts when no overall one is given', () => {
    const v = readVerdicts({ a: { valid: true }, b: { valid: 'unknown' }, note: 'x' });
    expect(v.checkers.map((c) => c.name)).toEqual(['a', 'b']);
    expect(v.overall).toBe('unknown');
  });

  it('gives no verdict without results.json', () => {
    expect(readVerdicts(null)).toEqual({ overall: null, checkers: [], notApplicable: [], violations: [], counterexamples: [] });
  });

  it('keeps not-applicable checkers apart: they are neither valid nor counted in the merge', () => {
    const v = readVerdicts({ checkers: { linearizability: { valid: true }, invariants: { valid: 'not-applicable', reason: 'no event log' } } });
    expect(v.checkers.map((c) => c.name)).toEqual(['linearizability']);
    expect(v.notApplicable).toEqual([{ name: 'invariants', reason: 'no event log' }]);
    expect(v.overall).toBe(true);
  });

  it('merges as Jepsen does', () => {
    expect(mergeValid([true, 'unknown', false])).toBe(false);
    expect(mergeValid([true, 'unknown'])).toBe('unknown');
    expect(mergeValid([true])).toBe(true);
    expect(mergeValid([])).toBeNull();
  });
});

describe('reproduceCommand', () => {
  it('uses the recorded argv when there is one', () => {
    expect(reproduceCommand({ argv: ['run', '--nemesis', 'partition,crash', '--seed', '7'] })).toBe('npx raft-chaos run --nemesis partition,crash --seed 7');
  });
  it('turns options back into flags, leaving out what describes the run', () => {
    const cmd = reproduceCommand({ workload: 'register', nemesis: 'partition', timeLimitS: 30, seed: 42, bugs: ['vote-without-log-check'], noReport: false, resultsDir: 'results', startedAt: 'x', readMode: 'read-index' });
    expect(cmd).toBe('npx raft-chaos run --workload register --nemesis partition --time-limit-s 30 --seed 42 --bugs vote-without-log-check --read-mode read-index');
  });
  it('uses the sim command for a simulated run and is null without test.json', () => {
    expect(reproduceCommand({ mode: 'sim', seed: 7 })).toBe('npx raft-chaos sim --seed 7');
    expect(reproduceCommand(null)).toBeNull();
  });
  it('quotes words the shell would split or expand', () => {
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(shellQuote('a,b')).toBe('a,b');
  });
});
