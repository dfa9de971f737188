// The `sim` command end to end, through the CLI entry (tsx runs the sources).
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function sim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sim', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('raft-chaos sim', () => {
  it('runs one seed, prints a summary and exits 0', async () => {
    const r = await sim(['--seed', '1', '--time', '5s', '--nodes', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/raft-chaos sim: seed 1, 3 nodes, 5 s of faults/);
    expect(r.stdout).toMatch(/elections \d+ \(highest term \d+\), commits \d+, faults \d+/);
    expect(r.stdout).toMatch(/invariants held: election-safety/);
    expect(r.stdout).toMatch(/^VALID/m);
    expect(r.stdout).toContain('replay: npx raft-chaos sim --seed 1 --time 5s --nodes 3');
  });

  it('prints the swarm day it drew, and --bad-day classic replays the classic mix', async () => {
    const swarm = await sim(['--seed', '3', '--time', '5s']);
    expect(swarm.stdout).toMatch(/^  swarm: families \S+, every \d+\.\.\d+ ms, close \d+%, leader targeted \d+%/m);
    expect(swarm.stdout).toMatch(/clients at \d+ ops\/s/);
    expect(swarm.stdout).not.toContain('--bad-day');
    const classic = await sim(['--seed', '3', '--time', '5s', '--bad-day', 'classic']);
    expect(classic.stdout).not.toMatch(/^  swarm:/m);
    expect(classic.stdout).toMatch(/replay: npx raft-chaos sim --seed 3 .*--bad-day classic/);
  });

  it('exits 1 and lists the problems when a check fails', async () => {
    const r = await sim(['--seed', '1', '--time', '5s', '--bug', 'apply-beyond-commit', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; failures: string[]; replay: string };
    expect(out.ok).toBe(false);
    expect(out.failures.some((f) => f.startsWith('apply-committed'))).toBe(true);
  });

  it('--scenario runs a directed scenario: caught with its bug (exit 1), valid without it (exit 0), replay printed', async () => {
    const caught = await sim(['--scenario', 'rejoining-candidate', '--seed', '1', '--bug', 'no-step-down-on-reply']);
    expect(caught.code, caught.stdout + caught.stderr).toBe(1);
    expect(caught.stdout).toMatch(/raft-chaos sim --scenario rejoining-candidate: seed 1, 3 nodes/);
    expect(caught.stdout).toMatch(/^INVALID: liveness/m);
    expect(caught.stdout).toContain('replay: npx raft-chaos sim --scenario rejoining-candidate --seed 1 --bug no-step-down-on-reply');
    const clean = await sim(['--scenario', 'rejoining-candidate', '--seed', '1']);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^VALID/m);
  });

  it('--scenario: an unknown name lists the known ones, another --nodes is refused (exit 254)', async () => {
    const unknown = await sim(['--scenario', 'figure-9']);
    expect(unknown.code).toBe(254);
    expect(unknown.stderr).toMatch(/unknown scenario "figure-9"; known: figure-8, long-stale-log, deposed-leader-tail/);
    const nodes = await sim(['--scenario', 'figure-8', '--nodes', '3']);
    expect(nodes.code).toBe(254);
    expect(nodes.stderr).toMatch(/--scenario figure-8 is written for 5 nodes/);
  });

  // One test per flag: each starts the CLI through tsx, which takes seconds on a loaded machine.
  const badFlags: [string[], RegExp][] = [
    [['--nodes', '0'], /--nodes must be an integer from 1 to 9; got 0/],
    [['--time', 'abc'], /--time must be a duration like 60s, 500ms or 2m; got "abc"/],
    [['--nemesis', 'flood'], /unknown nemesis "flood"/],
    [['--read-mode', 'psychic'], /--read-mode must be one of/],
    [['--seed', 'foo'], /--seed must be a number, got "foo"/],
    [['--nodes'], /Not enough arguments following: nodes/],
    [['--nodes', '--time', '5s'], /Not enough arguments following: nodes/],
    [['--nemesis', 'partition,,crash'], /empty item/],
    [['--partition-shapes', 'diagonal'], /unknown partition shape "diagonal"/],
    [['--nemesis', 'crash', '--partition-shapes', 'one-way'], /--partition-shapes needs the partition nemesis/],
    [['--bad-day', 'gloomy'], /--bad-day must be one of swarm, classic; got "gloomy"/],
    [['--rate', '0'], /--rate must be a positive number/],
  ];
  for (const [args, pattern] of badFlags) {
    it(`exits 254 with a line naming a bad flag: ${args.join(' ')}`, async () => {
      const r = await sim([...args]);
      expect(r.code, r.stderr).toBe(254);
      expect(r.stderr).toMatch(pattern);
    });
  }
});
