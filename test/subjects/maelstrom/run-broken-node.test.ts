// The deliberately broken Python node (fixtures/naive-kv.py: local reads without a quorum) is
// caught under partitions; each misbehaviour ends the run clearly; the CLI refuses what the
// subject cannot do. No process is left behind.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { RunToolError } from '../../../src/control/runner/run.js';
import { cleanRunDirs, maelstromOptions, maelstromRun, NAIVE_NODE, survivors, tempResultsDir } from './run-helpers.js';

afterAll(cleanRunDirs);
const CLI = path.resolve(import.meta.dirname, '../../../dist/src/cli.js');
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { timeout: 90_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a broken Maelstrom node', () => {
  it('local reads without a quorum: invalid under partitions', async () => {
    const { outcome, out, violation, results } = await maelstromRun(
      maelstromOptions('naive-partition', { nemesis: 'partition', nemesisIntervalS: 1, rate: 50, timeLimitS: 8, seed: 31 }),
      { bin: NAIVE_NODE },
    );
    expect(violation, out).toBeNull();
    expect(outcome.valid, out).toBe(false);
    // It keeps everything in memory: the report says so.
    expect(results.subject.durability.noDurableState, out).toBe(true);
  });

  it('a line that is not a message stops the run as a protocol violation, checking what was recorded', async () => {
    const { outcome, out, violation, results } = await maelstromRun(maelstromOptions('not-json', { timeLimitS: 20 }), {
      bin: `${NAIVE_NODE} --misbehave not-json`,
    });
    expect(violation, out).toMatchObject({ kind: 'not-a-message', node: 'n1', line: 'this is not a message' });
    expect(outcome.interrupted, out).toBe(true);
    expect(results.subject.findings[0]).toMatchObject({ kind: 'not-a-message', node: 'n1', violation: true });
    expect(results.subject.findings[0].timeS).toBeGreaterThan(0);
    expect(results.run.durationS, out).toBeLessThan(15); // stopped early, not after --time-limit 20
  });

  it('an init never answered fails the run naming the node, within the bound', async () => {
    const started = Date.now();
    const error = await maelstromRun(maelstromOptions('silent'), { bin: `${NAIVE_NODE} --misbehave silent-init` }, 8000).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunToolError);
    expect((error as Error).message).toMatch(/^node n1 did not answer init within 8 s/);
    expect(Date.now() - started).toBeLessThan(20_000);
    const results = JSON.parse(fs.readFileSync((error as RunToolError).run.resultsFile, 'utf8'));
    expect(results.subject.findings.map((f: { kind: string }) => f.kind)).toEqual(['init-not-answered']);
    expect(fs.readdirSync(path.join((error as RunToolError).run.dir, 'nodes')).sort()).toEqual(['n0', 'n1', 'n2']);
    expect(results.subject.pids).toHaveLength(3);
    expect(await survivors(results.subject.pids)).toEqual([]);
  });

  it('a node that exits mid-run is a finding, and the run goes on and is checked', async () => {
    const { outcome, out, violation, findings, results } = await maelstromRun(maelstromOptions('exit-mid', { timeLimitS: 3 }), {
      bin: `${NAIVE_NODE} --misbehave exit-mid`,
    });
    expect(violation, out).toBeNull();
    expect(findings.filter((f) => f.kind === 'exit-mid-run' && f.node === 'n1'), out).toHaveLength(1);
    expect(results.subject.findings.map((f: { kind: string }) => f.kind), out).toEqual(['exit-mid-run']);
    expect(results.run.nodeCrashes.map((c: { node: number }) => c.node), out).toEqual([2]);
    expect(outcome.history.filter((o) => o.type === 'ok').length, out).toBeGreaterThan(5);
  });

  it('the CLI: --nemesis clock is refused (254), a violation exits 255 with one line', async () => {
    const dir = tempResultsDir('cli');
    const clock = await cli(['run', '--subject', 'maelstrom', '--bin', NAIVE_NODE, '--nemesis', 'clock', '--results-dir', dir]);
    expect(clock.code).toBe(254);
    expect(clock.stderr.trim().split('\n')[0]).toMatch(/^raft-chaos: subject maelstrom has no clock ability, so it cannot run --nemesis clock/);
    const noBin = await cli(['run', '--subject', 'maelstrom', '--results-dir', dir]);
    expect(noBin.code).toBe(254);
    expect(noBin.stderr).toContain('--subject maelstrom needs --bin');
    const bad = await cli([
      'run', '--subject', 'maelstrom', '--bin', `${NAIVE_NODE} --misbehave unknown-dest`, '--nodes', '3', '--time-limit', '20',
      '--results-dir', dir, '--no-report',
    ]);
    expect(bad.code, bad.stdout + bad.stderr).toBe(255);
    expect(bad.stderr.split('\n')[0]).toMatch(/^raft-chaos run: protocol violation: unknown-destination by n1 at [0-9.]+ s: message to "n99"/);
    const runDir = /run directory kept: (.*)\)/.exec(bad.stderr)?.[1] as string;
    const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8'));
    expect(results.subject.pids).toHaveLength(3);
    expect(await survivors(results.subject.pids)).toEqual([]);
  });
});
