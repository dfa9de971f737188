// What a POSIX shell makes of a command line: the words `sh` passes to the command.
import { execFileSync } from 'node:child_process';

export function shellWords(command: string): string[] {
  const out = execFileSync('sh', ['-c', 'eval "set -- $1"; printf "%s\\0" "$@"', 'sh', command], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}
