// `raft-chaos maelstrom-node`: a Maelstrom node on stdin / stdout (one JSON message per line),
// logging on stderr, storing its Raft state in the working directory. SIGTERM / SIGINT or the end
// of stdin stop it (exit 0).
import { parseEnvelope, type Envelope } from '../subjects/maelstrom/protocol.js';
import { MaelstromRaftNode, type MaelstromNodeSettings } from './node.js';

export function runMaelstromNode(settings: MaelstromNodeSettings): void {
  const log = (line: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  const write = (envelope: Envelope): void => {
    process.stdout.write(`${JSON.stringify(envelope)}\n`);
  };
  const node = new MaelstromRaftNode(settings, write, log);
  const stop = (why: string): void => {
    log(`stopping: ${why}`);
    node.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  let partial = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const parsed = parseEnvelope(line);
      if (!parsed.ok) {
        log(`ignoring a stdin line that is not a message (${parsed.reason}): ${line.slice(0, 200)}`);
        continue;
      }
      node.handle(parsed.envelope);
    }
  });
  process.stdin.on('end', () => stop('stdin closed'));
}
