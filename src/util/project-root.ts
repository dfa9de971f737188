// Where the raft-chaos package lives (the folder with its package.json), whether this file runs as
// TypeScript (src/util/) or compiled (dist/src/util/): node processes start from
// <root>/dist/src/node/main.js.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'raft-chaos') return dir;
      } catch {
        /* not ours */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the raft-chaos package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function nodeMainPath(): string {
  return path.join(projectRoot(), 'dist', 'src', 'node', 'main.js');
}
