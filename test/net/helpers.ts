// Helpers of the namespace tests: whether this machine can run them (root, namespaces, nftables),
// a TCP probe run inside a namespace, and the check that a run left nothing behind.
import { execFileSync } from 'node:child_process';
import { probeNetnsSupport, type NetnsSupport } from '../../src/net/netns/support.js';
import type { HostRunner } from '../../src/net/hosts/runner.js';

let support: NetnsSupport | null = null;

/** The support probe, once; prints a visible notice when the namespace tests must be skipped. */
export async function netnsSupport(label: string): Promise<NetnsSupport> {
  support ??= await probeNetnsSupport();
  if (support.missing !== null) {
    process.stderr.write(`\n*** SKIPPED ${label}: needs ${support.missing} (run the tests as root on Linux) ***\n\n`);
  }
  return support;
}

/** Synchronous variant for describe.skipIf: root and `ip netns` at hand. */
export function looksNetnsCapable(): boolean {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function skipNotice(label: string, why: string): void {
  process.stderr.write(`\n*** SKIPPED ${label}: ${why} ***\n\n`);
}

/** Connect from the runner's host to host:port and read what the server says; 'timeout' or 'refused' otherwise. */
export async function probeTcp(runner: HostRunner, host: string, port: number, timeoutMs = 700): Promise<string> {
  const script = `const s=require('net').connect(${port},${JSON.stringify(host)});let d='';s.on('data',c=>d+=c);s.on('end',()=>{console.log('said:'+d);process.exit(0)});s.on('error',e=>{console.log(e.code==='ECONNREFUSED'?'refused':'error:'+e.code);process.exit(0)});setTimeout(()=>{console.log('timeout');process.exit(0)},${timeoutMs});`;
  const r = await runner.run([process.execPath, '-e', script]);
  return r.stdout.trim();
}

/** A server script that answers every connection on each port with `text` and closes. */
export function greeterScript(address: string, ports: readonly number[], text: string): string {
  return `const net=require('net');for(const p of ${JSON.stringify(ports)})net.createServer(s=>{s.on('error',()=>{});s.end(${JSON.stringify(text)})}).listen(p,${JSON.stringify(address)});setInterval(()=>{},1000);`;
}

/** What of a run is still on this machine: namespaces, links, nft tables in the root namespace. */
export function tracesOf(runId: string): { namespaces: string[]; links: string[]; rootRules: string } {
  const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.includes(runId));
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(runId));
  const rootRules = execFileSync('nft', ['list', 'ruleset'], { encoding: 'utf8' });
  return { namespaces, links, rootRules: rootRules.includes(runId) ? rootRules : '' };
}
