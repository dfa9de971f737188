// events.jsonl (DESIGN.md §2): one JSON object per line, appended with fs.writeSync so that a
// kill -9 loses nothing the node wrote. Records of one Ready are gathered and written in one
// writeSync at the next flush point; the node flushes before it persists, sends or answers
// anything (so no effect of a Ready is visible outside before its events are in the file).
import fs from 'node:fs';
import path from 'node:path';
import type { NodeEvent } from '../history/events.js';
import { writeAll } from './storage/durable-file.js';

export class EventLog {
  private readonly fd: number;
  private pending: string[] = [];
  private closed = false;
  written = 0;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
  }

  append(event: NodeEvent): void {
    this.pending.push(JSON.stringify(event));
  }

  /** Write every pending record (one writeSync). Cheap when nothing is pending. */
  flush(): void {
    if (this.pending.length === 0 || this.closed) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    writeAll(this.fd, Buffer.from(text, 'utf8'));
    this.written++;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    fs.closeSync(this.fd);
  }
}
