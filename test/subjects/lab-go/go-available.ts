// Whether the Go toolchain is here: lab-go tests skip with a visible notice when it is not.
import { execFileSync } from 'node:child_process';

function probe(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export const GO_AVAILABLE = probe();
if (!GO_AVAILABLE) {
  console.warn('NOTICE: go is not installed: the lab-go tests are skipped (apt-get install golang-go)');
}
