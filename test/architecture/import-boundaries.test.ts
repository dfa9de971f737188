// Arrows point down only: the rules of boundaries.ts hold on the real source tree, and each rule
// reports a made-up file that breaks it (so the test fails when an arrow comes back).
import { describe, expect, it } from 'vitest';
import { checkBoundaries, importsOf, readTree, RULES } from './boundaries.js';

describe('import boundaries', () => {
  it('hold on src/', () => {
    const tree = readTree(process.cwd(), ['src']);
    expect(tree.size).toBeGreaterThan(100);
    expect(checkBoundaries(tree)).toEqual([]);
  });

  it('every rule catches a file that breaks it', () => {
    const broken = new Map([
      ['src/control/run.ts', "import { EXIT } from '../commands/exit-codes.js';\n"],
      ['src/checker/perf.ts', "import type { FaultOp } from '../faults/apply.js';\nconst x = await import('../control/run.js');\n"],
      ['src/raft/step.ts', "import fs from 'node:fs';\nimport type { OpRecord } from '../history/types.js';\n"],
      ['src/subjects/x/index.ts', "export { runTest } from '../../control/run.js';\n"],
      ['src/control/network/p.ts', "import { ClientPool } from '../clients.js';\n"],
      ['src/generators/g.ts', "import fs from 'node:fs';\nimport { SimCluster } from '../sim/cluster.js';\n"],
      ['src/checker/check-file.ts', "import { generateHistory } from '../../test/fixtures/synthetic/histories.js';\n"],
      ['src/checker/invariants/index.ts', "import { checkOperations } from '../linearizability/check-async.js';\n"],
      ['src/checker/models/kv.ts', "import { search } from '../linearizability/search.js';\n"],
      ['src/checker/perf/index.ts', "import type { Violation } from '../invariants/violations.js';\n"],
      ['src/record/types.ts', "import type { SimClusterOptions } from '../sim/cluster.js';\n"],
    ]);
    const found = checkBoundaries(broken);
    for (const rule of RULES) expect(found.some((v) => v.rule === rule.name), rule.name).toBe(true);
    expect(found.filter((v) => v.file === 'src/raft/step.ts').map((v) => v.imports)).toEqual(['node:fs', 'src/history/types.ts']);
    // Allowed arrows are not reported.
    expect(checkBoundaries(new Map([['src/subjects/raft-chaos/cluster.ts', "import { ProxyNetwork } from '../../control/network/proxy-network.js';\n"]]))).toEqual([]);
    expect(checkBoundaries(new Map([['src/record/types.ts', "import type { Gen } from '../generators/types.js';\nimport type { Workload } from '../plugins.js';\n"]]))).toEqual([]);
    expect(checkBoundaries(new Map([['src/checker/perf/types.ts', "import type { LeaderStint } from '../invariants/types.js';\n"]]))).toEqual([]);
  });

  it('finds static, type-only, re-export and dynamic imports', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b.js';",
      "export * from './c.js';",
      "export type { D } from './d.js';",
      "const e = await import('./e.js');",
      "import './f.js';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js']);
  });
});
