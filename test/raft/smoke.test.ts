// End-to-end smoke test of the core through the in-test driver: election, replication, commit.
import { describe, expect, it } from 'vitest';
import { Cluster } from './helpers/cluster.js';

describe('core smoke', () => {
  it('elects one leader and replicates commands to every node (§5.2, §5.3)', () => {
    const c = new Cluster({ seed: 1 });
    const leader = c.electLeader();
    expect(c.leaders()).toEqual([leader]);
    for (let i = 0; i < 5; i++) c.propose(`cmd${i}`);
    c.tick(3);
    for (const id of c.ids) expect(c.appliedData(id)).toEqual(['cmd0', 'cmd1', 'cmd2', 'cmd3', 'cmd4']);
  });
});
