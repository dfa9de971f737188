// Where the etcd binary is: --etcd-bin, else `etcd` on PATH. A missing one gets one line saying how
// to install it (Debian's etcd-server package: etcd 3.4, whose JSON gateway the client speaks).
import fs from 'node:fs';
import path from 'node:path';

export const ETCD_INSTALL_LINE = 'apt-get install -y etcd-server';

/** The etcd binary to run, or null when there is none (`given` is --etcd-bin, absent = PATH). */
export function findEtcdBinary(given?: string, searchPath: string = process.env.PATH ?? ''): string | null {
  if (given !== undefined) {
    const full = path.resolve(given);
    return isExecutable(full) ? full : null;
  }
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'etcd');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** The one line of a missing binary. */
export function missingEtcdMessage(given?: string): string {
  const where = given !== undefined ? `--etcd-bin ${given} is not an executable file` : 'no etcd binary on PATH';
  return `--subject etcd: ${where}; install etcd 3.4 with \`${ETCD_INSTALL_LINE}\` (Debian, as root) or give its path with --etcd-bin PATH`;
}

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
