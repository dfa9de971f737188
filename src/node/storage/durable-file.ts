// Small synchronous file helpers with the fsync discipline crash safety needs: a new or renamed
// file is durable only once its directory is fsync'd too.
import fs from 'node:fs';
import path from 'node:path';

export function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Write `bytes` to `target` atomically: temp file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(target: string, bytes: Buffer): void {
  const temp = `${target}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    writeAll(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  fsyncDirectory(path.dirname(target));
}

/** writeSync until every byte is written (a regular file may take a short write). */
export function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Positional writeSync until every byte is written at `position`. */
export function writeAllAt(fd: number, bytes: Buffer, position: number): void {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset, position + offset);
}
