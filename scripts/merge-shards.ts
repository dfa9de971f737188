// `npx tsx scripts/merge-shards.ts --out DIR [--shards N] [--update-readme] FILE...`: merge the
// shard summaries of one nightly (each shard's summary.json) or of one bug matrix (each
// `--summary` file) into DIR/merged.json, DIR/index.html and DIR/summary.md. Refuses, with one
// line naming the file, and writes nothing, when a file is damaged or not a shard summary, when the
// shards are of different plans, or a shard is given twice, missing (--shards N: the number of
// shards started) or unfinished. Exit 254 for a refusal or a bad flag; else the merged verdict:
// 1 if a run was invalid (nightly) or a clean run was flagged (bug matrix), 255 if the tool failed
// in a run, else 0. --update-readme writes a merged bug matrix into README.md.
import { minimist } from 'zx';
import path from 'node:path';
import { replaceReadmeBlock } from './bug-matrix/readme.js';
import { mergeFiles } from './merge/merge.js';
import { ShardError } from './shard/summary-file.js';
import { MAX_SHARDS } from './shard/shard.js';

// --update-readme takes no value: a file named after it is a shard summary, not its value.
const argv = minimist(process.argv.slice(2), { boolean: ['update-readme'] });

function usage(message: string): never {
  process.stderr.write(`merge-shards: ${message}\n`);
  process.exit(254);
}

const files = argv._.map(String);
if (argv.out === undefined || argv.out === true) usage('--out DIR is required (where merged.json, index.html and summary.md go)');
if (files.length === 0) usage('name the shard summaries to merge, e.g. shards/*/summary.json');
let expect: number | undefined;
if (argv.shards !== undefined) {
  expect = Number(argv.shards);
  if (!Number.isInteger(expect) || expect < 1 || expect > MAX_SHARDS) usage(`--shards must be an integer from 1 to ${MAX_SHARDS}; got ${JSON.stringify(argv.shards)}`);
}
const outDir = path.resolve(String(argv.out));
let outcome;
try {
  outcome = mergeFiles(files, outDir, expect);
} catch (err) {
  if (err instanceof ShardError) usage(`refused: ${err.message}`);
  throw err;
}
const m = outcome.merged;
process.stdout.write(`merge-shards: ${m.kind}, ${m.shards.length} shard(s), ${m.cells.length} cells -> ${outcome.files.join(', ')}\n`);
if (argv['update-readme'] === true) {
  if (outcome.readmeBlock === null) usage('--update-readme is for a bug matrix; these are nightly shards');
  replaceReadmeBlock(path.resolve(import.meta.dirname, '..', 'README.md'), outcome.readmeBlock);
  process.stderr.write('README.md updated\n');
}
process.exit(outcome.exitCode);
