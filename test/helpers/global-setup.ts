// Real node processes run compiled JavaScript (dist/), so the e2e tests need a fresh build.
// Unit tests run the TypeScript sources directly through vitest.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.RAFT_CHAOS_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
