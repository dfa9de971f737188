// `raft-chaos clean`: remove what netns runs left behind on this machine (namespaces, veths,
// bridges, records of runs whose controller is gone, e.g. killed with SIGKILL), listed by run id.
// Runs whose controller still runs are listed and left alone. With --hosts FILE, also every
// raft-chaos nftables table on those ssh hosts.
import type { Argv, CommandModule } from 'yargs';
import { EXIT } from '../util/exit-codes.js';
import { findNetnsRuns, removeNetnsRun } from '../net/netns/leftovers.js';
import { readHostsFile } from '../net/hosts/hosts-file.js';
import { sshRunner } from '../net/hosts/runner.js';
import { removeStaleTables } from '../net/hosts/ssh-network.js';

interface CleanArgs {
  hosts?: string;
  'dry-run': boolean;
}

function builder(yargs: Argv): Argv<CleanArgs> {
  return yargs
    .option('hosts', { type: 'string', describe: 'Also remove raft-chaos firewall tables on the ssh hosts of this file' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'List what would be removed, remove nothing' })
    .example('$0 clean', 'remove namespaces, veths and bridges of netns runs whose controller is gone') as unknown as Argv<CleanArgs>;
}

async function handler(args: CleanArgs): Promise<void> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    process.stderr.write('raft-chaos clean: needs root (network namespaces and links are root\'s to remove)\n');
    process.exit(EXIT.badArguments);
  }
  const traces = await findNetnsRuns();
  let removed = 0;
  for (const t of traces) {
    const what = `${t.namespaces.length} namespace(s), ${t.links.length} link(s)${t.record !== null ? ', a record' : ''}`;
    const whose = t.record?.runDir !== undefined ? ` (${t.record.runDir})` : '';
    if (t.live) {
      process.stdout.write(`run ${t.runId}${whose}: ${what}; its controller (pid ${t.record?.ownerPid}) still runs: left alone\n`);
      continue;
    }
    if (args['dry-run']) {
      process.stdout.write(`run ${t.runId}${whose}: ${what}: would remove\n`);
      continue;
    }
    await removeNetnsRun(t);
    removed++;
    process.stdout.write(`run ${t.runId}${whose}: removed ${what}\n`);
  }
  if (args.hosts !== undefined) {
    const file = readHostsFile(args.hosts);
    for (const h of file.hosts) {
      const runner = sshRunner(h.target, file.ssh);
      const tables = args['dry-run'] ? [] : await removeStaleTables(runner, null);
      for (const t of tables) process.stdout.write(`${h.target}: removed table ${t}\n`);
      removed += tables.length;
    }
  }
  if (traces.length === 0 && removed === 0) process.stdout.write('nothing to clean\n');
  process.exit(EXIT.valid);
}

export const cleanCommand: CommandModule<object, CleanArgs> = {
  command: 'clean',
  describe: 'Remove network namespaces, links and firewall tables that killed netns or ssh runs left behind',
  builder,
  handler,
};
