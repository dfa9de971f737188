// The subject registry: `--subject NAME` looks a subject up here, and `raft-chaos subjects` lists
// them. A new subject lives in src/subjects/<name>/ and is added to SUBJECTS.
import type { FaultFamily } from '../plugins.js';
import type { Ability, Subject, SubjectOption } from './types.js';
import { raftChaosSubject } from './raft-chaos/index.js';
import { singleRegisterSubject } from './single-register/index.js';
import { maelstromSubject } from './maelstrom/subject.js';
import { etcdSubject } from './etcd/subject.js';

export type * from './types.js';
export { SubjectError, ABILITIES } from './types.js';

export const SUBJECTS: ReadonlyMap<string, Subject> = new Map([raftChaosSubject, singleRegisterSubject(), maelstromSubject(), etcdSubject()].map((s) => [s.name, s]));

export const SUBJECT_NAMES: readonly string[] = [...SUBJECTS.keys()];

export const DEFAULT_SUBJECT = 'raft-chaos';

/** The subject called `name`, or a RangeError naming the accepted names. */
export function lookupSubject(name: string): Subject {
  const subject = SUBJECTS.get(name);
  if (subject === undefined) throw new RangeError(`unknown subject ${JSON.stringify(name)}; accepted: ${SUBJECT_NAMES.join(', ')}`);
  return subject;
}

/** The ability each fault family needs (partitions need only the network, which every run has). */
export const FAMILY_ABILITY: Readonly<Record<FaultFamily, Ability | null>> = {
  partition: null,
  crash: 'kill',
  pause: 'pause',
  clock: 'clock',
};

/** One line per subject for `raft-chaos subjects`: name, abilities, what it is. */
export function describeSubject(subject: Subject): string {
  const abilities = ['client', ...subject.abilities].join(', ');
  return `${subject.name.padEnd(16)} abilities: ${abilities}${subject.ownNetwork ? ' (routes its own messages)' : ''} -- ${subject.description}`;
}

/**
 * Why a run cannot go ahead on this subject, in one line, or null: a nemesis family whose ability
 * the subject lacks, or a protocol option it does not honour set away from its default.
 */
export function refusal(
  subject: Subject,
  nemesis: { readonly name: string; readonly families: readonly FaultFamily[] },
  nonDefault: readonly { readonly option: SubjectOption; readonly flag: string; readonly defaultText: string }[],
): string | null {
  for (const family of nemesis.families) {
    const ability = FAMILY_ABILITY[family];
    if (ability === null || subject.abilities.includes(ability)) continue;
    const usable = (Object.keys(FAMILY_ABILITY) as FaultFamily[]).filter((f) => {
      const a = FAMILY_ABILITY[f];
      return a === null || subject.abilities.includes(a);
    });
    return `subject ${subject.name} has no ${ability} ability, so it cannot run --nemesis ${nemesis.name}; use --nemesis ${usable.join(',')} (or a part of it) instead`;
  }
  for (const { option, flag, defaultText } of nonDefault) {
    if (subject.honours.includes(option)) continue;
    return `subject ${subject.name} does not honour ${flag}; leave it at ${defaultText} or use --subject ${DEFAULT_SUBJECT}`;
  }
  return null;
}
