// apply-holding-lock, the host bug: its simulated plan summed as the matrix sums it (caught on at
// least 18 of seeds 1..20 by liveness, none of the same seeds flagged without the bug), and the
// --snapshot-every flags that pin the snapshot interval it needs (sim and run: validated, replayed,
// carried to the nodes). Deterministic; each caught seed's replay is printed.
import { describe, expect, it } from 'vitest';
import { scenarioFor } from '../../src/bugs/catalogue.js';
import { detectSim } from '../../src/bugs/detect-sim.js';
import { summarize } from '../../src/bugs/matrix.js';
import type { Detection } from '../../src/bugs/types.js';
import { toSimOptions } from '../../src/commands/sim.js';
import { RUN_DEFAULTS, reproduceArgv, validateRunOptions, type RunOptions } from '../../src/control/runner/run-options.js';
import { realRunRecord } from '../../src/control/runner/test-record.js';
import { drawDay, DEFAULT_RUN, replayCommand } from '../../src/sim/run-seed.js';
import { lookupSubject } from '../../src/subjects/index.js';
import { UsageError } from '../../src/util/exit-codes.js';

const BUG = 'apply-holding-lock';
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('apply-holding-lock in simulation', () => {
  it('is caught by liveness on at least 18 of seeds 1..20, and the same seeds pass without it', async () => {
    const entry = scenarioFor(BUG);
    expect(entry.sim.kind === 'chaos' && entry.sim.options.snapshotEveryEntries).toBeGreaterThan(0);
    const detections: Detection[] = [];
    for (const seed of SEEDS) {
      const d = await detectSim(BUG, seed, true);
      detections.push(d, await detectSim(BUG, seed, false));
      if (d.caught) expect(d.checkers.some((c) => entry.catchers.includes(c)), `seed ${seed}: ${d.checkers.join(', ')}`).toBe(true);
    }
    const cell = summarize(detections);
    const missed = detections.filter((d) => d.withBug && !d.caught).map((d) => d.replay);
    const flagged = detections.filter((d) => !d.withBug && d.caught).map((d) => `${d.replay}: ${d.failures[0]}`);
    console.log(`${BUG}: caught ${cell.caught}/${cell.tried} (median ${cell.medianS} virtual s); clean flagged ${cell.cleanFlagged}/${cell.cleanTried}\n  missed: ${missed.join('\n  missed: ') || 'none'}`);
    const first = detections.find((d) => d.withBug && d.caught)!;
    console.log(`  e.g. ${first.replay}\n  ${first.failures[0]}`);
    expect(cell.caught).toBeGreaterThanOrEqual(18);
    expect(cell.checkers.get('liveness')).toBe(cell.caught);
    expect(flagged).toEqual([]);
  }, 120_000);
});

describe('--snapshot-every', () => {
  const simArgs = { time: '20s', nemesis: 'partition,crash', bug: [BUG], 'bad-day': 'classic', json: false, seed: 3 };

  it('sim: pins the day\'s snapshot interval and is part of the replay; a bad value is refused', () => {
    const o = toSimOptions({ ...simArgs, 'snapshot-every': 10 });
    expect(o.snapshotEveryEntries).toBe(10);
    const drawn = drawDay({ ...o, snapshotEveryEntries: undefined } as typeof o);
    const pinned = drawDay(o);
    expect(pinned).toEqual({ ...drawn, snapshotEveryEntries: 10 });
    expect(replayCommand(o, pinned.nodes)).toMatch(/ --snapshot-every 10$/);
    expect(replayCommand({ ...DEFAULT_RUN, seed: 3 }, 3)).not.toContain('--snapshot-every');
    for (const bad of [-1, 2.5]) expect(() => toSimOptions({ ...simArgs, 'snapshot-every': bad })).toThrow(UsageError);
  });

  it('run: validated, replayed, and written into every node\'s settings (raft-chaos only)', () => {
    const base: RunOptions = { ...RUN_DEFAULTS, seed: 1, bugs: [BUG], snapshotEveryEntries: 20 };
    validateRunOptions(base);
    const argv = reproduceArgv(base);
    expect(argv.slice(argv.indexOf('--snapshot-every'), argv.indexOf('--snapshot-every') + 2)).toEqual(['--snapshot-every', '20']);
    expect(reproduceArgv({ ...base, snapshotEveryEntries: undefined } as RunOptions)).not.toContain('--snapshot-every');
    const subject = lookupSubject('raft-chaos');
    const record = realRunRecord(base, subject);
    expect(subject.settings?.(record.subject.protocol, record.subject.tuning)).toMatchObject({ snapshotEveryEntries: 20, bugs: [BUG] });
    expect(subject.settings?.(record.subject.protocol, realRunRecord({ ...base, snapshotEveryEntries: undefined } as RunOptions, subject).subject.tuning)).toMatchObject({ snapshotEveryEntries: 1000 });
    for (const bad of [-1, 0.5]) expect(() => validateRunOptions({ ...base, snapshotEveryEntries: bad })).toThrow(/--snapshot-every must be an integer/);
    expect(() => validateRunOptions({ ...base, bugs: [], subject: 'etcd' })).toThrow(/--snapshot-every applies only to --subject raft-chaos/);
  });
});
