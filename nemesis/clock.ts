// Clock skew: every --nemesis-interval seconds, alternately skew some nodes' clocks and reset every
// clock. Three shapes (ClockSpec in src/plugins.ts):
//   bump   -- jump forward or back by up to maxBumpMs;
//   strobe -- flip between an offset and true time every periodMs for durationMs;
//   drift  -- run at `rate` times true time (0.5 = half speed, 2 = double).
// A node's election and heartbeat timeouts and its leader lease are counted in ticks of its own
// clock (src/node/clock.ts), so skew shortens or stretches them exactly as on a real server. Raft's
// safety never depends on clocks (§5.2, §9); only leases do (thesis §6.4.1), which is what
// `--read-mode lease` with this nemesis probes.
import type { ClockSpec, Nemesis, TargetSpec } from '../src/plugins.js';
import type { Rng } from '../src/raft/types.js';
import { healAll } from '../src/generators/index.js';
import { alternate } from './alternate.js';
import { pick } from '../src/util/rng.js';

export type ClockKind = ClockSpec['kind'];

export const CLOCK_KINDS: readonly ClockKind[] = ['bump', 'strobe', 'drift'];
export const CLOCK_TARGETS: readonly TargetSpec[] = ['one', 'minority', 'leader', 'followers', 'all'];
export const CLOCK_RATES: readonly number[] = [0.5, 0.67, 1.5, 2];

export interface ClockNemesisOptions {
  readonly kinds?: readonly ClockKind[];
  readonly targets?: readonly TargetSpec[];
  /** Largest bump or strobe offset, either way (default 3000 ms). */
  readonly maxOffsetMs?: number;
  /** Drift rates to draw from (default 0.5, 0.67, 1.5, 2). */
  readonly rates?: readonly number[];
  /** Strobe flip periods to draw from (default 20, 50, 100, 200 ms). */
  readonly strobePeriodsMs?: readonly number[];
  /** Name in the registry (default 'clock'). */
  readonly name?: string;
}

const MIN_OFFSET_MS = 100;

/** A signed offset with |offset| in [MIN_OFFSET_MS, maxMs]. */
function drawOffsetMs(rng: Rng, maxMs: number): number {
  const size = MIN_OFFSET_MS + rng.int(Math.max(1, maxMs - MIN_OFFSET_MS + 1));
  return rng.int(2) === 0 ? size : -size;
}

export function clockNemesis(options: ClockNemesisOptions = {}): Nemesis {
  const kinds = options.kinds ?? CLOCK_KINDS;
  const targets = options.targets ?? CLOCK_TARGETS;
  const rates = options.rates ?? CLOCK_RATES;
  const periodsMs = options.strobePeriodsMs ?? [20, 50, 100, 200];
  const maxOffsetMs = options.maxOffsetMs ?? 3000;
  if (kinds.length === 0) throw new RangeError('clock nemesis needs at least one kind (bump, strobe, drift)');
  if (targets.length === 0) throw new RangeError('clock nemesis needs at least one target spec');
  if (rates.length === 0 || rates.some((r) => !(r > 0 && r <= 100))) {
    throw new RangeError(`clock nemesis rates must be in (0, 100], got ${JSON.stringify(rates)}`);
  }
  if (!(maxOffsetMs >= MIN_OFFSET_MS)) throw new RangeError(`clock nemesis maxOffsetMs must be at least ${MIN_OFFSET_MS}, got ${maxOffsetMs}`);
  if (periodsMs.length === 0 || periodsMs.some((p) => !(p > 0))) {
    throw new RangeError(`clock nemesis strobe periods must be positive, got ${JSON.stringify(periodsMs)}`);
  }

  const drawSpec = (rng: Rng, intervalS: number): ClockSpec => {
    const kind = pick(rng, kinds);
    const target = pick(rng, targets);
    switch (kind) {
      case 'bump':
        return { kind, targets: target, offsetMs: drawOffsetMs(rng, maxOffsetMs) };
      case 'strobe': {
        const periodMs = pick(rng, periodsMs);
        // Strobe for most of the window, so it is over before the stop-clock that closes it.
        const durationMs = Math.max(periodMs, Math.round(intervalS * 800));
        return { kind, targets: target, offsetMs: drawOffsetMs(rng, maxOffsetMs), periodMs, durationMs };
      }
      case 'drift':
        return { kind, targets: target, rate: pick(rng, rates) };
      default: {
        const never: never = kind;
        throw new Error(`unknown clock kind ${JSON.stringify(never)}`);
      }
    }
  };

  const name = options.name ?? 'clock';
  return {
    name,
    description: `alternately skew clocks (${kinds.join(', ')}; offsets up to ±${maxOffsetMs} ms, rates ${rates.join('/')}) and reset every clock, every --nemesis-interval seconds`,
    families: ['clock'],
    generator: (nemesisOptions) =>
      alternate(nemesisOptions.intervalS, ({ rng }) => ({ f: 'start-clock', value: drawSpec(rng, nemesisOptions.intervalS) }), { f: 'stop-clock', value: null }),
    final: healAll,
  };
}
