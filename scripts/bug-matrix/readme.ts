// The README's bug-matrix block, between its markers; a README without them is refused by name.
import fs from 'node:fs';

export const README_START = '<!-- bug-matrix:start -->';
export const README_END = '<!-- bug-matrix:end -->';

export function replaceReadmeBlock(readme: string, block: string): void {
  const text = fs.readFileSync(readme, 'utf8');
  const i = text.indexOf(README_START);
  const j = text.indexOf(README_END);
  if (i === -1 || j < i) throw new RangeError(`${readme} has no ${README_START} ... ${README_END} markers`);
  fs.writeFileSync(readme, `${text.slice(0, i + README_START.length)}\n${block}\n${text.slice(j)}`);
}
