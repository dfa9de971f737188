// A host runner: every operation on a node's host (start a process, signal it, add a firewall rule,
// write a config, read a file back) is one command run through a prefix. The same code then runs on
// a network namespace of this machine (`ip netns exec NS ...`), on a remote machine (`ssh user@host
// ...`), or here (no prefix). An ssh prefix gets the command as one shell-quoted string (ssh joins
// its arguments with spaces and hands them to the remote shell); the others get argv as it is.
import { execa } from 'execa';
import { shellQuote } from '../../history/shell-quote.js';

export interface CommandLine {
  readonly file: string;
  readonly args: readonly string[];
}

export interface HostRunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export class HostCommandError extends Error {
  override name = 'HostCommandError';
  constructor(
    message: string,
    readonly result: HostRunResult | null,
  ) {
    super(message);
  }
}

export interface HostRunOptions {
  /** Text on the command's stdin. */
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Do not throw on a non-zero exit; the result says how it ended. */
  readonly allowFailure?: boolean;
}

export class HostRunner {
  /**
   * @param name for messages, e.g. "netns rchaos-abc123-n1" or "ssh root@10.0.0.2"
   * @param prefix the command that runs the rest on the host ([] = this machine as it is)
   * @param quoted true when the prefix hands its arguments to a shell (ssh)
   */
  constructor(
    readonly name: string,
    readonly prefix: readonly string[],
    readonly quoted: boolean,
  ) {}

  /** The local command line that runs argv on the host. */
  command(argv: readonly string[]): CommandLine {
    if (argv.length === 0) throw new Error(`${this.name}: an empty command`);
    const tail = this.quoted ? [argv.map(shellQuote).join(' ')] : [...argv];
    const full = [...this.prefix, ...tail];
    return { file: full[0] as string, args: full.slice(1) };
  }

  /** Run argv on the host to completion; throws HostCommandError naming the host on failure. */
  async run(argv: readonly string[], options: HostRunOptions = {}): Promise<HostRunResult> {
    const { file, args } = this.command(argv);
    const child = await execa(file, args, {
      ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' }),
      reject: false,
      timeout: options.timeoutMs ?? 20_000,
      stripFinalNewline: false,
      windowsHide: true,
    });
    const result: HostRunResult = {
      stdout: String(child.stdout ?? ''),
      stderr: String(child.stderr ?? ''),
      exitCode: child.exitCode ?? -1,
    };
    if (child.timedOut) {
      throw new HostCommandError(`${this.name}: \`${argv.join(' ')}\` did not finish within ${options.timeoutMs ?? 20_000} ms`, result);
    }
    if (child.failed && child.exitCode === undefined) {
      throw new HostCommandError(`${this.name}: cannot run \`${file}\`: ${child.shortMessage ?? child.message}`, null);
    }
    if (result.exitCode !== 0 && options.allowFailure !== true) {
      const why = result.stderr.trim().split('\n').slice(-3).join(' / ') || `exit ${result.exitCode}`;
      throw new HostCommandError(`${this.name}: \`${argv.join(' ')}\` failed: ${why}`, result);
    }
    return result;
  }

  /** Send a signal to a process on the host (`kill -s SIG pid`); a process already gone is not an error. */
  async signal(pid: number, signal: NodeJS.Signals): Promise<void> {
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`${this.name}: bad pid ${pid}`);
    await this.run(['kill', '-s', signal.replace(/^SIG/, ''), String(pid)], { allowFailure: true, timeoutMs: 10_000 });
  }

  /** Is the process there (`kill -0`)? */
  async isAlive(pid: number): Promise<boolean> {
    const r = await this.run(['kill', '-0', String(pid)], { allowFailure: true, timeoutMs: 10_000 });
    return r.exitCode === 0;
  }

  /** Write a file on the host (its folder is made first). */
  async writeFile(file: string, text: string): Promise<void> {
    await this.run(['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1"', 'sh', file], { input: text });
  }

  /** Read a file back from the host; null when it is not there. */
  async readFile(file: string): Promise<string | null> {
    const r = await this.run(['sh', '-c', 'test -f "$1" || exit 3; cat "$1"', 'sh', file], { allowFailure: true, timeoutMs: 60_000 });
    if (r.exitCode === 3) return null;
    if (r.exitCode !== 0) throw new HostCommandError(`${this.name}: cannot read ${file}: ${r.stderr.trim() || `exit ${r.exitCode}`}`, r);
    return r.stdout;
  }

  /** Remove a folder on the host (rm -rf); the path must be absolute and not /. */
  async removeTree(dir: string): Promise<void> {
    if (!dir.startsWith('/') || dir.replace(/\/+$/, '') === '') throw new Error(`${this.name}: refusing to remove ${JSON.stringify(dir)}`);
    await this.run(['rm', '-rf', '--', dir], { allowFailure: true });
  }
}

/** This machine, no prefix. */
export function localRunner(): HostRunner {
  return new HostRunner('local', [], false);
}

/** A network namespace of this machine. */
export function netnsRunner(namespace: string): HostRunner {
  return new HostRunner(`netns ${namespace}`, ['ip', 'netns', 'exec', namespace], false);
}

export interface SshOptions {
  /** Private key file (-i). */
  readonly identityFile?: string;
  /** known_hosts file; default: ssh's own. */
  readonly knownHostsFile?: string;
  readonly port?: number;
  /** Further -o options, e.g. ["ConnectTimeout=5"]. */
  readonly options?: readonly string[];
}

/** A machine reached with OpenSSH (`ssh user@host`), never asking for a password. */
export function sshRunner(target: string, ssh: SshOptions = {}): HostRunner {
  const prefix = ['ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=5', '-o', 'LogLevel=ERROR'];
  if (ssh.identityFile !== undefined) prefix.push('-i', ssh.identityFile, '-o', 'IdentitiesOnly=yes');
  if (ssh.knownHostsFile !== undefined) prefix.push('-o', `UserKnownHostsFile=${ssh.knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes');
  if (ssh.port !== undefined) prefix.push('-p', String(ssh.port));
  for (const o of ssh.options ?? []) prefix.push('-o', o);
  prefix.push('-T', target, '--');
  return new HostRunner(`ssh ${target}`, prefix, true);
}
