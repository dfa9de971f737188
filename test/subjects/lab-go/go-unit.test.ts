// The adapter's own Go tests (labgob warnings, labrpc dispatch and timeouts, the on-disk
// Persister, the node's state machine and watchdog), run with `go test`, offline.
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterDir, goEnv } from '../../../src/subjects/lab-go/build.js';
import { projectRoot } from '../../../src/util/project-root.js';
import { GO_AVAILABLE } from './go-available.js';

describe.skipIf(!GO_AVAILABLE)('adapters/lab-go (go test)', () => {
  it('passes go vet and go test', async () => {
    const env = goEnv(path.join(projectRoot(), '.cache', 'go-build'));
    const vet = await execa('go', ['vet', './...'], { cwd: adapterDir(), env, reject: false, all: true });
    expect(vet.all, 'go vet').toBe('');
    const r = await execa('go', ['test', '-count=1', './...'], { cwd: adapterDir(), env, reject: false, all: true });
    expect(r.exitCode, r.all).toBe(0);
    for (const pkg of ['labgob', 'labrpc', 'persister', 'node']) expect(r.all).toMatch(new RegExp(`ok\\s+labadapter/${pkg}`));
  }, 300_000);
});
