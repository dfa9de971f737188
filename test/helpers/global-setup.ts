// Real node processes run compiled JavaScript (dist/), so the e2e tests need a fresh build.
// Unit tests run the TypeScript sources directly through vitest. The lab-go fixtures are not
// committed: they are written from test/fixtures/lab-go/source/ (cheap when already there).
import { execFileSync } from 'node:child_process';
import { generateLabGoFixtures } from '../fixtures/lab-go/generate.mjs';

export default function setup(): void {
  generateLabGoFixtures();
  if (process.env.RAFT_CHAOS_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
