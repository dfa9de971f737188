// The test record of `raft-chaos run`: every part named, the defaults from one place.
import { describe, expect, it } from 'vitest';
import { RECORD_DEFAULTS, realRunRecord } from '../../src/control/runner/test-record.js';
import { RUN_DEFAULTS, type RunOptions } from '../../src/control/runner/run-options.js';
import { lookupSubject } from '../../src/subjects/index.js';
import { trace } from '../../src/generators/index.js';
import { seededRng } from '../../src/util/rng.js';

const options = (over: Partial<RunOptions> = {}): RunOptions => ({ ...RUN_DEFAULTS, seed: 3, bugs: [], ...over });

describe('realRunRecord', () => {
  it('names subject, network, workload, client, nemesis, checkers and phases', () => {
    const r = realRunRecord(options({ nemesis: 'partition,crash', timeLimitS: 60, nodes: 3, keys: 7, workload: 'multi-register' }), lookupSubject('raft-chaos'));
    expect(r.executor).toBe('wall');
    expect(r.subject.system.name).toBe('raft-chaos');
    expect(r.network).toBe('proxy');
    expect(r.nodeIds).toEqual([1, 2, 3]);
    expect(r.workload.generator.name).toBe('multi-register');
    expect(r.workload.options).toEqual({ keys: 7 });
    expect(r.client).toEqual({ concurrency: RUN_DEFAULTS.concurrency, ratePerS: RUN_DEFAULTS.rate, opTimeoutMs: RUN_DEFAULTS.opTimeoutMs });
    expect(r.nemesis.name).toBe('partition,crash');
    expect(r.nemesis.intervalS).toBe(RUN_DEFAULTS.nemesisIntervalS);
    // The run phase's generator is built for this record: partitions and crashes, nothing else.
    const ops = new Set(trace(r.nemesis.generator, seededRng(1), { untilMs: 60_000 }).map((o) => o.op.f));
    expect([...ops].sort()).toEqual(['kill', 'restart', 'start-partition', 'stop-partition']);
    expect(trace(r.nemesis.final, seededRng(1), { untilMs: Infinity }).map((o) => o.op)).toEqual([{ f: 'heal-all', value: null }]);
    expect(r.checkers.linearizability).toEqual({ model: r.workload.generator.model, budgetMs: 120_000 });
    expect(r.checkers.invariants.livenessBoundNs).toBe(RUN_DEFAULTS.recoveryS * 1e9);
    expect(r.checkers.perf).toBe(true);
    expect(r.phases).toEqual({ timeLimitMs: 60_000, recoveryMs: RUN_DEFAULTS.recoveryS * 1000, leaderWaitMs: RECORD_DEFAULTS.leaderWaitMs, finalReadTimeoutMs: RECORD_DEFAULTS.finalReadTimeoutMs });
    expect(r.subject.protocol).toEqual({ readMode: RUN_DEFAULTS.readMode, bugs: [], preVote: true, checkQuorum: true });
  });

  it('short runs keep the minimum linearizability budget; test tuning reaches the subject plan', () => {
    const r = realRunRecord(options({ timeLimitS: 2 }), lookupSubject('single-register'), { settings: { tickMs: 5, preVote: false } });
    expect(r.checkers.linearizability.budgetMs).toBe(RECORD_DEFAULTS.minLinearizabilityBudgetMs);
    expect(r.subject.tuning).toEqual({ settings: { tickMs: 5, preVote: false } });
    // An explicit --pre-vote wins over the tuning; without one the tuning's choice is used.
    expect(r.subject.protocol.preVote).toBe(true);
    const { preVote: _given, ...withoutPreVote } = options({ timeLimitS: 2 });
    const tuned = realRunRecord(withoutPreVote, lookupSubject('single-register'), { settings: { preVote: false } });
    expect(tuned.subject.protocol.preVote).toBe(false);
  });

  it("a client attempt's limit: --attempt-timeout, else the scenario's own, else none", () => {
    const subject = lookupSubject('raft-chaos');
    const lease = { scenario: 'slow-leader-lease', readMode: 'lease' as const, nodes: 5 };
    expect(realRunRecord(options(lease), subject).client.attemptTimeoutMs).toBe(100);
    expect(realRunRecord(options({ ...lease, attemptTimeoutMs: 250 }), subject).client.attemptTimeoutMs).toBe(250);
    expect(realRunRecord(options({ attemptTimeoutMs: 250 }), subject).client.attemptTimeoutMs).toBe(250);
    expect(realRunRecord(options(), subject).client).not.toHaveProperty('attemptTimeoutMs');
    // One at least as long as the op timeout limits nothing.
    expect(realRunRecord(options({ attemptTimeoutMs: RUN_DEFAULTS.opTimeoutMs }), subject).client).not.toHaveProperty('attemptTimeoutMs');
  });
});
