// The import arrows of the project, as data, and a checker for them: every relative import of every
// source file is resolved to a repository path and matched against the rules. Used by
// import-boundaries.test.ts on the real tree, and on made-up trees to show the rules bite.
import fs from 'node:fs';
import path from 'node:path';

export interface Rule {
  readonly name: string;
  /** Files the rule applies to (repository paths, forward slashes). */
  readonly from: RegExp;
  /** A resolved import target these files must not reach (relative imports), or a bare module name test. */
  readonly forbidden: (target: string, bare: boolean) => boolean;
}

export const RULES: readonly Rule[] = [
  {
    name: 'src/control does not import src/commands',
    from: /^src\/control\//,
    forbidden: (t, bare) => !bare && t.startsWith('src/commands/'),
  },
  {
    name: 'the checker imports neither src/control nor src/faults',
    from: /^src\/checker\//,
    forbidden: (t, bare) => !bare && (t.startsWith('src/control/') || t.startsWith('src/faults/')),
  },
  {
    name: 'nothing in src imports test code (fixtures and synthetic data live in test/)',
    from: /^src\//,
    forbidden: (t, bare) => !bare && t.startsWith('test/'),
  },
  {
    name: 'the invariant checker is independent of the linearizability search, the models, the readers and perf',
    from: /^src\/checker\/invariants\//,
    forbidden: (t, bare) => !bare && /^src\/checker\/(linearizability|models|readers|perf)\//.test(t),
  },
  {
    name: 'models and readers sit below the checkers that use them',
    from: /^src\/checker\/(models|readers)\//,
    forbidden: (t, bare) => !bare && /^src\/checker\/(linearizability|invariants|perf)\//.test(t),
  },
  {
    name: 'perf uses only the invariant checker\'s types, never the linearizability search',
    from: /^src\/checker\/perf\//,
    forbidden: (t, bare) => !bare && (/^src\/checker\/(linearizability|models|readers)\//.test(t) || (t.startsWith('src/checker/invariants/') && t !== 'src/checker/invariants/types.ts')),
  },
  {
    name: 'the Raft core imports nothing but its own folder (no Node modules either)',
    from: /^src\/raft\//,
    forbidden: (t, bare) => bare || !t.startsWith('src/raft/'),
  },
  {
    name: 'generators do no I/O: they import their own folder, the fault vocabulary and the Rng type only',
    from: /^src\/generators\//,
    forbidden: (t, bare) => bare || !(t.startsWith('src/generators/') || t === 'src/plugins.ts' || t === 'src/raft/types.ts'),
  },
  {
    name: 'the test record\'s type sits below both executors: it imports only the generator types and the plugin vocabulary',
    from: /^src\/record\//,
    forbidden: (t, bare) => bare || !(t.startsWith('src/record/') || t === 'src/generators/types.ts' || t === 'src/plugins.ts'),
  },
  {
    name: 'subjects use only the network part of src/control, and never the commands',
    from: /^src\/subjects\//,
    forbidden: (t, bare) => !bare && (t.startsWith('src/commands/') || (t.startsWith('src/control/') && !t.startsWith('src/control/network/'))),
  },
  {
    name: 'the network part of src/control does not reach back into the runner or the subjects beyond their types',
    from: /^src\/control\/network\//,
    forbidden: (t, bare) => !bare && ((t.startsWith('src/control/') && !t.startsWith('src/control/network/')) || (t.startsWith('src/subjects/') && t !== 'src/subjects/types.ts')),
  },
];

export interface Violation {
  readonly rule: string;
  readonly file: string;
  readonly imports: string;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Every module specifier a TypeScript source imports or re-exports (static and literal dynamic). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec !== undefined) out.push(spec);
  }
  return out;
}

/** The repository path a relative specifier of `file` names (`.js` resolved to the `.ts` source). */
export function resolveImport(file: string, spec: string): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  return joined.replace(/\.js$/, '.ts');
}

/** Violations of `rules` in a tree given as repository path -> source text. */
export function checkBoundaries(files: ReadonlyMap<string, string>, rules: readonly Rule[] = RULES): Violation[] {
  const violations: Violation[] = [];
  for (const [file, text] of files) {
    const applicable = rules.filter((r) => r.from.test(file));
    if (applicable.length === 0) continue;
    for (const spec of importsOf(text)) {
      const bare = !spec.startsWith('.');
      const target = bare ? spec : resolveImport(file, spec);
      for (const rule of applicable) if (rule.forbidden(target, bare)) violations.push({ rule: rule.name, file, imports: target });
    }
  }
  return violations;
}

/** Every .ts file under `dirs` of the repository at `root`, as repository path -> text. */
export function readTree(root: string, dirs: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts')) files.set(child, fs.readFileSync(path.join(root, child), 'utf8'));
    }
  };
  for (const d of dirs) walk(d);
  return files;
}
