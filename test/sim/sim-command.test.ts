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

  it('exits 1 and lists the problems when a check fails', async () => {
    const r = await sim(['--seed', '1', '--time', '5s', '--bug', 'apply-beyond-commit', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; failures: string[]; replay: string };
    expect(out.ok).toBe(false);
    expect(out.failures.some((f) => f.startsWith('apply-committed'))).toBe(true);
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
  ];
  for (const [args, pattern] of badFlags) {
    it(`exits 254 with a line naming a bad flag: ${args.join(' ')}`, async () => {
      const r = await sim([...args]);
      expect(r.code, r.stderr).toBe(254);
      expect(r.stderr).toMatch(pattern);
    });
  }
});
