// `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line,
// e.g. `npm run bench -- checker`), each printing its own figures.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

if (files.length === 0) {
  console.error(`bench: no benchmark matches ${wanted.join(', ') || '(any)'} in ${here}`);
  process.exit(1);
}
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { main?: () => Promise<void> };
  if (typeof mod.main !== 'function') {
    console.error(`bench: ${file} exports no main()`);
    process.exit(1);
  }
  await mod.main();
}
