// What a Maelstrom node did wrong, as findings of the run (never a crash of raft-chaos). A
// violation of the protocol ends the run with exit 255; the other findings are reported.

export type FindingKind =
  /** A stdout line that is not a JSON message {src, dest, body: {type}}. */
  | 'not-a-message'
  /** A message to a node or client that does not exist. */
  | 'unknown-destination'
  /** A reply (in_reply_to) to a message that was never sent. */
  | 'reply-never-requested'
  /** No init_ok within the bound. */
  | 'init-not-answered'
  /** The process exited before answering init. */
  | 'exit-at-start'
  /** The process exited on its own while it ran. */
  | 'exit-mid-run'
  /** A reply of the wrong type for its request (e.g. write_ok to a read). */
  | 'unexpected-reply';

const VIOLATIONS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'not-a-message',
  'unknown-destination',
  'reply-never-requested',
  'init-not-answered',
  'exit-at-start',
]);

export const isViolation = (kind: FindingKind): boolean => VIOLATIONS.has(kind);

export interface Finding {
  readonly kind: FindingKind;
  /** Maelstrom id of the node, e.g. "n1". */
  readonly node: string;
  /** Seconds since the run started. */
  readonly timeS: number;
  /** What was wrong, in one line. */
  readonly message: string;
  /** The offending stdout line (cut at 500 characters), when there is one. */
  readonly line?: string;
  readonly violation: boolean;
}

const MAX_LINE_CHARS = 500;
/** Findings kept per kind (a node that writes garbage on every line is not recorded a million times). */
const MAX_PER_KIND = 50;

export class FindingLog {
  readonly findings: Finding[] = [];
  private readonly perKind = new Map<FindingKind, number>();
  /** Findings seen beyond MAX_PER_KIND, per kind. */
  readonly suppressed = new Map<FindingKind, number>();
  onFinding: ((finding: Finding) => void) | null = null;

  constructor(private readonly nowS: () => number) {}

  add(kind: FindingKind, node: string, message: string, line?: string): Finding {
    const finding: Finding = {
      kind,
      node,
      timeS: Math.round(this.nowS() * 1000) / 1000,
      message,
      ...(line !== undefined ? { line: line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}...` : line } : {}),
      violation: isViolation(kind),
    };
    const seen = this.perKind.get(kind) ?? 0;
    this.perKind.set(kind, seen + 1);
    if (seen < MAX_PER_KIND) this.findings.push(finding);
    else this.suppressed.set(kind, (this.suppressed.get(kind) ?? 0) + 1);
    this.onFinding?.(finding);
    return finding;
  }

  firstViolation(): Finding | null {
    return this.findings.find((f) => f.violation) ?? null;
  }
}

/** One line naming a finding, for the console and the exit message. */
export function describeFinding(f: Finding): string {
  const line = f.line !== undefined ? `: ${JSON.stringify(f.line.length > 120 ? `${f.line.slice(0, 120)}...` : f.line)}` : '';
  return `${f.kind} by ${f.node} at ${f.timeS.toFixed(3)} s: ${f.message}${line}`;
}
