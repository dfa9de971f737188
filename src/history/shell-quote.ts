// Command lines that a user pastes into a POSIX shell: a word with anything but plain characters is
// single-quoted (a ' inside becomes '\'').
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `npx raft-chaos <argv...>`, every word quoted as needed. */
export function raftChaosCommand(argv: readonly string[]): string {
  return ['npx', 'raft-chaos', ...argv].map(shellQuote).join(' ');
}
