// `raft-chaos subjects`: every system under test `--subject` accepts, one line each, with its
// abilities (which nemeses and checkers it can support).
import type { CommandModule } from 'yargs';
import { SUBJECTS, describeSubject } from '../subjects/index.js';

export function subjectsText(): string {
  return `${[...SUBJECTS.values()].map(describeSubject).join('\n')}\n`;
}

export const subjectsCommand: CommandModule = {
  command: 'subjects',
  describe: 'List the systems under test (--subject) and their abilities',
  handler: () => {
    process.stdout.write(subjectsText());
  },
};
