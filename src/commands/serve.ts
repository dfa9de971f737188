import type { CommandModule } from 'yargs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../util/exit-codes.js';
import { startResultsServer } from '../report/server.js';

interface ServeArgs {
  port: number;
  resultsDir: string;
}

// `raft-chaos serve`: browse results/ on 127.0.0.1 until Ctrl-C.
export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve the results directory on http://127.0.0.1 (loopback only) until Ctrl-C',
  builder: (y) =>
    y
      .option('port', { type: 'number', default: 8080, describe: 'TCP port (0 picks a free one)' })
      .option('results-dir', { type: 'string', default: 'results', describe: 'the directory to serve' }) as never,
  handler: async (args) => {
    const port = args.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${String(port)}"`);
    const resultsDir = resolve(args.resultsDir);
    if (!(await stat(resultsDir).then((s) => s.isDirectory(), () => false)))
      throw new UsageError(`--results-dir: no directory at "${args.resultsDir}"`);
    let server;
    try {
      server = await startResultsServer({ resultsDir, port });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`--port ${port} is already in use; pick another (or --port 0)`);
      throw err;
    }
    process.stdout.write(`Serving ${resultsDir} at ${server.url}  (127.0.0.1 only; Ctrl-C to stop)\n`);
    if (await stat(resolve(resultsDir, 'latest')).then((s) => s.isDirectory(), () => false))
      process.stdout.write(`Latest run: ${server.url}latest/\n`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.stdout.write('\nStopping.\n');
        void server.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
