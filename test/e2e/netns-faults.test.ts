// Real runs on the netns network beyond the partition nemesis: a one-way partition (mute-leader,
// through --partition-shapes) that the run's own records show as a node that still hears but is
// not heard, and the crash, pause and clock nemeses, each run valid and leaving nothing behind
// (`ip netns list`, `ip link`, the rule set). Needs root: skipped with a visible notice otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRunDirs, realRun } from '../nemesis/real-run.js';
import { looksNetnsCapable, skipNotice, tracesOf } from '../net/helpers.js';
import type { NodeEvent } from '../../src/history/events.js';

const capable = looksNetnsCapable();
if (!capable) skipNotice('test/e2e/netns-faults.test.ts', 'needs root with ip netns and nft');

const nothingLeft = { namespaces: [], links: [], rootRules: '' };

afterAll(() => cleanRunDirs());

interface NetDetails {
  runId: string;
  name: string;
  partitionDrops: Record<string, number>;
}

function networkOf(runDir: string): NetDetails {
  return (JSON.parse(fs.readFileSync(path.join(runDir, 'test.json'), 'utf8')) as { networkDetails: NetDetails }).networkDetails;
}

function eventsOf(runDir: string, node: number): NodeEvent[] {
  const file = path.join(runDir, 'nodes', `n${node}`, 'events.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as NodeEvent);
}

describe.skipIf(!capable)('netns one-way partition in a run', () => {
  it('mute-leader: the muted node follows a new leader and takes its entries; the rules dropped only what it sent', async () => {
    const { outcome, out } = await realRun('netns-mute', {
      net: 'netns',
      nodes: 3,
      nemesis: 'partition',
      partitionShapes: 'mute-leader',
      timeLimitS: 9,
      nemesisIntervalS: 4,
      seed: 21,
    });
    expect(outcome.valid, out).toBe(true);
    const dir = outcome.run.dir;
    const nemesis = outcome.history.filter((o) => o.process === 'nemesis');
    const startAt = nemesis.findIndex((o) => o.f === 'start-partition' && o.type === 'invoke');
    expect(nemesis[startAt]?.value).toBe('mute-leader');
    const started = nemesis[startAt + 1];
    expect(started?.type).toBe('info');
    const grudge = (started?.value as { grudge: Record<string, number[]> }).grudge;
    // Every other node drops the muted one; the muted one drops nobody.
    const others = Object.keys(grudge).map(Number);
    expect(others).toHaveLength(2);
    const muted = grudge[String(others[0])]?.[0] as number;
    for (const n of others) expect(grudge[String(n)]).toEqual([muted]);
    expect(grudge[String(muted)]).toBeUndefined();
    const fromNs = started?.time as number;
    const untilNs = nemesis.slice(startAt + 2).find((o) => o.f === 'stop-partition' || o.f === 'heal-all')?.time ?? Infinity;

    // It still hears: inside the window it becomes a follower of another node in a higher term and
    // writes entries of that term, which only that leader's AppendEntries could bring.
    const events = eventsOf(dir, muted);
    const termAtStart = Math.max(0, ...events.filter((e) => e.time <= fromNs && 'term' in e).map((e) => (e as { term: number }).term));
    const inWindow = events.filter((e) => e.time > fromNs && e.time < untilNs);
    const follows = inWindow.find((e): e is Extract<NodeEvent, { kind: 'role' }> => e.kind === 'role' && e.role === 'follower' && e.leader !== null && e.leader !== muted && e.term > termAtStart);
    expect(follows, `n${muted} never followed a new leader while muted: ${JSON.stringify(inWindow.slice(0, 20))}`).toBeDefined();
    expect(others).toContain(follows?.leader);
    const appended = inWindow.filter((e) => e.kind === 'append' && e.term === follows?.term);
    expect(appended.length, `n${muted} wrote no entry of term ${follows?.term} while muted`).toBeGreaterThan(0);

    // It is not heard: the nft counters dropped its packets at both others, and none the other way.
    const net = networkOf(dir);
    for (const n of others) {
      expect(net.partitionDrops[`${muted}->${n}`], `drops ${muted}->${n}: ${JSON.stringify(net.partitionDrops)}`).toBeGreaterThan(0);
      expect(net.partitionDrops[`${n}->${muted}`]).toBeUndefined();
    }
    expect(outcome.results.checkers.invariants?.valid).toBe(true);
    expect(tracesOf(net.runId)).toEqual(nothingLeft);
  }, 120_000);
});

describe.skipIf(!capable)('netns runs of the process nemeses', () => {
  for (const [nemesis, f] of [
    ['crash', 'kill'],
    ['pause', 'pause'],
    ['clock', 'start-clock'],
  ] as const) {
    it(`--nemesis ${nemesis}: valid, its faults happened, nothing is left`, async () => {
      const { outcome, out } = await realRun(`netns-${nemesis}`, { net: 'netns', nodes: 3, nemesis, timeLimitS: 8, nemesisIntervalS: 2, seed: 31 });
      expect(outcome.valid, out).toBe(true);
      const done = outcome.history.filter((o) => o.process === 'nemesis' && o.f === f && o.type === 'info');
      expect(done.length, out).toBeGreaterThan(0);
      expect(outcome.results.checkers.invariants?.valid).toBe(true);
      const net = networkOf(outcome.run.dir);
      expect(net.name).toBe('netns');
      expect(tracesOf(net.runId)).toEqual(nothingLeft);
    }, 120_000);
  }

  it('--nemesis crash,pause,clock together: valid, nothing is left', async () => {
    const { outcome, out } = await realRun('netns-process-faults', { net: 'netns', nodes: 3, nemesis: 'crash,pause,clock', timeLimitS: 10, nemesisIntervalS: 1.5, seed: 32 });
    expect(outcome.valid, out).toBe(true);
    const fs = new Set(outcome.history.filter((o) => o.process === 'nemesis' && o.type === 'info').map((o) => o.f));
    for (const f of ['kill', 'pause', 'start-clock']) expect([...fs], out).toContain(f);
    expect(tracesOf(networkOf(outcome.run.dir).runId)).toEqual(nothingLeft);
  }, 120_000);
});
