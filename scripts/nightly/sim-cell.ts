// The one place that says how the nightly runs one simulated seed and reads its answer. Today it
// is `raft-chaos sim`'s swarm day (the seed picks its own fault mix and timing, cluster size,
// network, clocks and client load); a different simulator mode is a change here only.
export interface SimCellOptions {
  /** Virtual time of the fault phase, as `sim --time` takes it. */
  readonly simTime: string;
  readonly bugs: readonly string[];
}

/** The arguments of `node dist/src/cli.js` for one seed (the summary on stdout as one JSON line). */
export function simArgs(seed: number, o: SimCellOptions): string[] {
  return ['sim', '--seed', String(seed), '--time', o.simTime, ...o.bugs.flatMap((b) => ['--bug', b]), '--json'];
}

/** The command that replays one seed, from the project root, when the run did not print its own. */
export function simReplay(seed: number, o: SimCellOptions): string {
  return ['node dist/src/cli.js', ...simArgs(seed, o).filter((a) => a !== '--json')].join(' ');
}

export interface SimAnswer {
  readonly failures: readonly string[];
  /** The simulator's own replay command (it names what the seed picked, e.g. --nodes). */
  readonly replay: string | null;
}

/** The last stdout line of `sim --json`, or null when there is none that parses. */
export function readSimAnswer(stdout: string): SimAnswer | null {
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    const json = JSON.parse(last) as { failures?: unknown; replay?: unknown };
    const failures = Array.isArray(json.failures) ? json.failures.map(String) : [];
    return { failures, replay: typeof json.replay === 'string' ? json.replay : null };
  } catch {
    return null;
  }
}
