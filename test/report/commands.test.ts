// The report and serve commands through yargs, as a user runs them. `serve` runs in a child process
// (it blocks until a signal) started from a tiny script that registers only that command.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import yargs from 'yargs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/commands/report.js';
import { UsageError } from '../../src/util/exit-codes.js';
import { writeFakeRun } from './helpers/fake-run.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'report-cmd-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function runReport(args: string[]): Promise<void> {
  await yargs(args).command(reportCommand).strict().fail((msg, err) => {
    throw err ?? new UsageError(msg);
  }).parseAsync();
}

describe('raft-chaos report', () => {
  it('rebuilds the run page and the index of runs', async () => {
    const results = join(root, 'results');
    await mkdir(results);
    const run = await writeFakeRun(results, { seed: 21, ops: 40 });
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await runReport(['report', run.dir]);
    } finally {
      process.stdout.write = write;
    }
    expect(out.join('')).toContain(join(run.dir, 'index.html'));
    expect(await readFile(join(run.dir, 'index.html'), 'utf8')).toContain('data-verdict="true"');
    expect(await readFile(join(results, 'index.html'), 'utf8')).toContain(run.dir.split('/').pop());
  });

  it('names a missing run directory in one clear error', async () => {
    await expect(runReport(['report', join(root, 'no-such-run')])).rejects.toThrow(/report: no run directory at ".*no-such-run"/);
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    await expect(runReport(['report', file])).rejects.toThrow(/is not a directory/);
  });
});

describe('raft-chaos serve', () => {
  it('prints its 127.0.0.1 URL, serves results/, and stops on SIGINT', async () => {
    const results = join(root, 'served');
    await mkdir(join(results, 'r1'), { recursive: true });
    await writeFile(join(results, 'r1', 'index.html'), 'served page');
    const script = [
      "import yargs from 'yargs';",
      "import { serveCommand } from './src/commands/serve.ts';",
      'await yargs(process.argv.slice(1)).command(serveCommand).strict().parseAsync();',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'serve', '--port', '0', '--results-dir', results], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL; stderr: ${stderr}`)), 30_000);
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited early (${code}); stderr: ${stderr}`)));
    });
    const res = await fetch(`${url}r1/index.html`);
    expect(await res.text()).toBe('served page');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopping.');
  });
});
