// `raft-chaos run` refuses what it cannot use before starting anything: a --results-dir that is not a
// writable folder on a disk (a file, under a file, read-only for this user, under /proc), an empty
// item in --nemesis, a flag without its value, a number that is not one. One line naming the flag,
// exit 254, no run directory.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { probeNetnsSupport } from '../../src/net/netns/support.js';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempResultsDir } from './helpers.js';

const CLI = path.resolve('dist/src/cli.js');
const execFileP = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) {
    fs.chmodSync(d, 0o755);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

interface Result {
  code: number | string | null;
  stdout: string;
  stderr: string;
}

/** The CLI, optionally as another user (`setpriv`); killed after `timeoutMs` (a spin fails the test). */
async function cli(args: string[], prefix: string[] = [], timeoutMs = 30_000): Promise<Result> {
  const [file, ...rest] = [...prefix, process.execPath, CLI, ...args];
  try {
    const { stdout, stderr } = await execFileP(file as string, rest, { timeout: timeoutMs, killSignal: 'SIGKILL' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number | string | null; signal?: string; stdout: string; stderr: string };
    return { code: e.signal === 'SIGKILL' ? 'killed (timeout)' : e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectUsage(r: Result, message: RegExp): void {
  expect(r.code, `${r.stderr}${r.stdout}`).toBe(254);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  expect(r.stdout).not.toMatch(/raft-chaos run: /); // no run was started
}

describe('raft-chaos run: flag values', () => {
  const cases: [string, string[], RegExp][] = [
    ['an empty item in --nemesis', ['--nemesis', 'partition,,crash'], /--nemesis: empty item in the nemesis list "partition,,crash"/],
    ['a trailing comma in --nemesis', ['--nemesis', 'partition,'], /--nemesis: empty item in the nemesis list "partition,"/],
    ['--nodes followed by another flag', ['--nodes', '--time-limit', '1'], /Not enough arguments following: nodes/],
    ['--seed that is not a number', ['--seed', 'foo'], /--seed must be a number, got "foo"/],
    ['--time-limit that is not a number', ['--time-limit', '10s'], /--time-limit must be a number, got "10s"/],
    ['an unknown --partition-shapes item', ['--nemesis', 'partition', '--partition-shapes', 'one-way,half'], /--partition-shapes: unknown partition shape "half"; accepted: .*mute-leader/],
    ['--partition-shapes without the partition nemesis', ['--nemesis', 'crash', '--partition-shapes', 'one-way'], /--partition-shapes needs --nemesis partition \(got --nemesis "crash"\)/],
    ['--link-duplicate over ssh', ['--net', 'ssh', '--hosts', '/nonexistent', '--link-duplicate', '5'], /--link-duplicate and --link-reorder work with --net proxy \(frame-aware proxies\) or --net netns \(the kernel's netem\), not --net ssh/],
    ['--link-reorder on netns without a latency', ['--net', 'netns', '--link-reorder', '5'], /--link-reorder with --net netns needs --link-latency/],
    ['--link-duplicate out of range', ['--link-duplicate', '101'], /--link-duplicate must be an integer from 0 to 100/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what} -> exit 254 naming it`, async () => {
      const dir = tempResultsDir('flags');
      dirs.push(dir);
      const r = await cli(['run', ...args, '--results-dir', dir]);
      expectUsage(r, message);
      expect(fs.readdirSync(dir)).toEqual([]);
    });
  }

  it('--nodes as the last word -> exit 254', async () => {
    const dir = tempResultsDir('flags');
    dirs.push(dir);
    const r = await cli(['run', '--results-dir', dir, '--nodes']);
    expectUsage(r, /Not enough arguments following: nodes/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('raft-chaos run: kernel duplication and reordering', () => {
  it('--link-duplicate on --net netns where the kernel has no netem -> exit 254 saying so', async (ctx) => {
    const support = await probeNetnsSupport();
    if (support.missing !== null || support.netem) {
      console.log(`skipped: ${support.missing ?? 'this kernel has netem, so the run would go ahead'}`);
      ctx.skip();
    }
    const dir = tempResultsDir('netem');
    dirs.push(dir);
    const r = await cli(['run', '--net', 'netns', '--link-duplicate', '5', '--results-dir', dir]);
    expectUsage(r, /--link-duplicate and --link-reorder with --net netns need the kernel's netem qdisc, which this kernel lacks \(tc qdisc add .*\); use --net proxy/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('raft-chaos run: --results-dir', () => {
  it('a file -> exit 254', async () => {
    const dir = tempResultsDir('rdir');
    dirs.push(dir);
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    expectUsage(await cli(['run', '--results-dir', file]), new RegExp(`--results-dir ${file} is a file, not a directory`));
  });

  it('under a file -> exit 254', async () => {
    const dir = tempResultsDir('rdir');
    dirs.push(dir);
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    expectUsage(
      await cli(['run', '--results-dir', path.join(file, 'sub', 'dir')]),
      new RegExp(`--results-dir ${file}/sub/dir is under ${file}, which is a file, not a directory`),
    );
  });

  it('under /proc -> exit 254 at once (no spin)', async () => {
    const r = await cli(['run', '--results-dir', '/proc/self/foo'], [], 15_000);
    expectUsage(r, /--results-dir \/proc\/self\/foo: \/proc\/self is on the kernel's proc file system/);
  });

  it('not writable for this user -> exit 254', async () => {
    const dir = tempResultsDir('rdir');
    dirs.push(dir);
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o555);
    fs.chmodSync(dir, 0o755);
    // root may write anywhere: run the CLI as nobody then.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const r = await cli(['run', '--results-dir', path.join(locked, 'runs')], asUser);
    expectUsage(r, new RegExp(`--results-dir ${locked}/runs: ${locked} is not writable \\(EACCES`));
    expect(fs.readdirSync(locked)).toEqual([]);
  });
});
