// Our Raft as a Maelstrom node (raft-chaos maelstrom-node, from dist/) under --subject maelstrom
// with each fault family the host offers: every run must be valid, with work done, and leave no
// process behind.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, maelstromOptions, maelstromRun, OUR_NODE } from './run-helpers.js';

afterAll(cleanRunDirs);

describe('raft-chaos maelstrom-node under --subject maelstrom', () => {
  it('partitions (with latency and loss on the links): valid', async () => {
    const { outcome, out, violation, findings, results } = await maelstromRun(maelstromOptions('ours-partition', { nemesis: 'partition', seed: 21 }), {
      bin: OUR_NODE,
      latency: '0-2',
      loss: 0.02,
    });
    expect(violation, out).toBeNull();
    expect(findings, out).toEqual([]);
    expect(outcome.history.filter((o) => o.type === 'ok' && o.f !== 'read').length, out).toBeGreaterThan(10);
    expect(outcome.history.some((o) => o.process === 'nemesis' && o.f === 'start-partition'), out).toBe(true);
    expect(results.subject.network.dropped, out).toBeGreaterThan(0);
    expect(results.subject.network.links.length, out).toBeGreaterThan(6);
    expect(results.checkers.invariants.valid, out).toBe('not-applicable');
    expect(outcome.valid, out).toBe(true);
  });

  it('crashes and restarts from the working directory: valid, and the state is durable', async () => {
    const { outcome, out, violation, results } = await maelstromRun(maelstromOptions('ours-crash', { nemesis: 'crash', seed: 22 }), { bin: OUR_NODE });
    expect(violation, out).toBeNull();
    const kills = outcome.history.filter((o) => o.process === 'nemesis' && o.f === 'kill' && o.type === 'info');
    expect(kills.length, out).toBeGreaterThan(0);
    expect(results.subject.durability.noDurableState, out).toBe(false);
    expect(results.subject.durability.restarted.length, out).toBeGreaterThan(0);
    for (const n of ['n0', 'n1', 'n2']) expect(fs.existsSync(path.join(outcome.run.dir, 'nodes', n, `raft-${n}`, 'wal.log'))).toBe(true);
    expect(outcome.history.filter((o) => o.type === 'ok' && o.f !== 'read').length, out).toBeGreaterThan(5);
    expect(outcome.valid, out).toBe(true);
  });

  it('pauses (SIGSTOP / SIGCONT): valid', async () => {
    const { outcome, out, violation } = await maelstromRun(maelstromOptions('ours-pause', { nemesis: 'pause', seed: 23 }), { bin: OUR_NODE });
    expect(violation, out).toBeNull();
    expect(outcome.history.some((o) => o.process === 'nemesis' && o.f === 'pause'), out).toBe(true);
    expect(outcome.history.filter((o) => o.type === 'ok').length, out).toBeGreaterThan(20);
    expect(outcome.valid, out).toBe(true);
  });
});
