// The status ability of etcd: POST /v3/maintenance/status on each running member (its member id,
// the leader it knows, raft term, commit index, applied index), kept as the seam's NodeStatusView.
// etcd names members by uint64 ids (decimal strings in JSON); each member's own answer says its id,
// which is how a leader id is mapped back to our node id. Every poll that shows a member leading a
// term is kept, so that "at most one leader per term" can be checked from the polls (report()),
// and the leader after each poll makes the leadership timeline of the run's report.
import type http from 'node:http';
import type { Address, NodeStatusView, StatusAbility } from '../types.js';
import { callGateway, newGatewayAgent } from './gateway.js';

export interface EtcdStatusOptions {
  readonly nodeIds: readonly number[];
  readonly addressOf: (node: number) => Address;
  /** Only running members are polled (a paused or killed one would only time out). */
  readonly isRunning: (node: number) => boolean;
  readonly pollTimeoutMs?: number;
  /** A status older than this is not used to name the leader. */
  readonly freshMs?: number;
  /** Wall-clock ms at the run's start: the timeline's times are ns since then. */
  readonly epochMs: number;
}

/** One stretch of the timeline: `node` led `term` from fromNs to toNs (ns since the run's start). */
export interface LeaderSpan {
  readonly node: number;
  readonly term: number;
  readonly fromNs: number;
  toNs: number;
}

/** One parsed status answer. */
export interface MemberStatus {
  readonly memberId: string;
  readonly leaderId: string;
  readonly term: number;
  readonly commit: number;
  readonly applied: number;
}

export function parseStatus(body: Record<string, unknown>): MemberStatus | null {
  const header = body.header as Record<string, unknown> | undefined;
  const memberId = header?.member_id;
  if (typeof memberId !== 'string') return null;
  const num = (v: unknown): number => (typeof v === 'string' || typeof v === 'number' ? Number(v) : 0);
  return {
    memberId,
    leaderId: typeof body.leader === 'string' ? body.leader : '0',
    term: num(body.raftTerm),
    commit: num(body.raftIndex),
    applied: num(body.raftAppliedIndex ?? body.raftIndex),
  };
}

/** Two members that claimed the same term's leadership. */
export interface TwoLeaders {
  readonly term: number;
  readonly leaders: readonly number[];
}

export class EtcdStatus implements StatusAbility {
  private readonly agent: http.Agent = newGatewayAgent(16);
  /** Each node's last answer; the leader's member id is mapped when asked (its own answer may come later). */
  private readonly latest = new Map<number, { status: MemberStatus; atMs: number }>();
  /** etcd member id -> our node id. */
  private readonly nodeOfMember = new Map<string, number>();
  /** term -> the nodes seen leading it. */
  private readonly leadersByTerm = new Map<number, Set<number>>();
  private readonly spans: LeaderSpan[] = [];
  /** The last poll saw a leader (its span goes on while the next one sees the same). */
  private spanOpen = false;
  polls = 0;

  constructor(private readonly options: EtcdStatusOptions) {}

  /** Our node id of an etcd member id (null: not learnt yet, or 0 = no leader). */
  nodeOf(memberId: string): number | null {
    return this.nodeOfMember.get(memberId) ?? null;
  }

  memberIds(): Record<string, string> {
    return Object.fromEntries([...this.nodeOfMember].map(([member, node]) => [`n${node}`, member]));
  }

  leader(): number | null {
    const freshMs = this.options.freshMs ?? 1000;
    let best: { node: number; term: number } | null = null;
    for (const [node, { status, atMs }] of this.latest) {
      if (!this.options.isRunning(node) || Date.now() - atMs > freshMs) continue;
      if (status.leaderId === status.memberId && (best === null || status.term > best.term)) best = { node, term: status.term };
    }
    return best?.node ?? null;
  }

  statuses(): ReadonlyMap<number, NodeStatusView | null> {
    return new Map(
      this.options.nodeIds.map((id) => {
        const last = this.latest.get(id);
        return [id, this.options.isRunning(id) && last !== undefined ? this.view(id, last.status) : null];
      }),
    );
  }

  private view(node: number, s: MemberStatus): NodeStatusView {
    const leads = s.leaderId === s.memberId;
    return {
      role: leads ? 'leader' : s.leaderId === '0' ? 'no-leader' : 'follower',
      term: s.term,
      leader: leads ? node : this.nodeOf(s.leaderId),
      commit: s.commit,
      applied: s.applied,
    };
  }

  async poll(): Promise<void> {
    this.polls++;
    await Promise.all(this.options.nodeIds.map((id) => this.pollOne(id)));
    this.extendTimeline();
  }

  /** The leaders the polls saw, in order (the last one open until the last poll). */
  timeline(): readonly LeaderSpan[] {
    return this.spans;
  }

  private extendTimeline(): void {
    const node = this.leader();
    const open = this.spanOpen;
    this.spanOpen = node !== null;
    if (node === null) return;
    const nowNs = (Date.now() - this.options.epochMs) * 1e6;
    const term = this.latest.get(node)?.status.term ?? 0;
    const last = this.spans.at(-1);
    if (open && last !== undefined && last.node === node && last.term === term) last.toNs = nowNs;
    else this.spans.push({ node, term, fromNs: nowNs, toNs: nowNs });
  }

  /** Terms in which the polls saw more than one leader. */
  twoLeaders(): TwoLeaders[] {
    return [...this.leadersByTerm]
      .filter(([, leaders]) => leaders.size > 1)
      .map(([term, leaders]) => ({ term, leaders: [...leaders].sort((a, b) => a - b) }));
  }

  /** Terms seen with a leader. */
  termsWithLeader(): number {
    return this.leadersByTerm.size;
  }

  close(): void {
    this.agent.destroy();
  }

  private async pollOne(node: number): Promise<void> {
    if (!this.options.isRunning(node)) {
      this.latest.delete(node);
      return;
    }
    const result = await callGateway(this.agent, this.options.addressOf(node), '/v3/maintenance/status', {}, this.options.pollTimeoutMs ?? 500);
    if (result.kind !== 'ok') return;
    const parsed = parseStatus(result.body);
    if (parsed === null) return;
    this.nodeOfMember.set(parsed.memberId, node);
    this.latest.set(node, { status: parsed, atMs: Date.now() });
    if (parsed.leaderId === parsed.memberId) {
      const set = this.leadersByTerm.get(parsed.term) ?? new Set<number>();
      set.add(node);
      this.leadersByTerm.set(parsed.term, set);
    }
  }
}
