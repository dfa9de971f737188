// Leftovers of netns runs: namespaces, links and records whose controller is gone (killed with
// SIGKILL, or the machine's power cut mid-run). Found by the run id in their names; removed by the
// next netns run and by `raft-chaos clean`. Runs whose controller is alive are listed, not touched.
import { runIdOfLink, runIdOfNamespace, type NetRunId } from './names.js';
import { ownerAlive, readRecords, removeRecord, type NetnsRecord } from './state.js';
import { listLinks, listNamespaces, removeNetDevices } from './topology.js';
import { killNamespaceProcesses } from './processes.js';

export interface NetnsRunTrace {
  readonly runId: NetRunId;
  readonly record: NetnsRecord | null;
  /** True while the controller that made it runs. */
  readonly live: boolean;
  readonly namespaces: readonly string[];
  readonly links: readonly string[];
}

/** Every run that left something on this machine, grouped by run id. */
export async function findNetnsRuns(): Promise<NetnsRunTrace[]> {
  const [namespaces, links] = await Promise.all([listNamespaces(), listLinks()]);
  const records = new Map(readRecords().map((r) => [r.runId, r]));
  const ids = new Set<NetRunId>(records.keys());
  for (const n of namespaces) {
    const id = runIdOfNamespace(n);
    if (id !== null) ids.add(id);
  }
  for (const l of links) {
    const id = runIdOfLink(l);
    if (id !== null) ids.add(id);
  }
  return [...ids].sort().map((runId) => {
    const record = records.get(runId) ?? null;
    return {
      runId,
      record,
      live: record !== null && ownerAlive(record),
      namespaces: namespaces.filter((n) => runIdOfNamespace(n) === runId),
      links: links.filter((l) => runIdOfLink(l) === runId),
    };
  });
}

/** Remove one run's namespaces (after killing what still runs in them), links and record. */
export async function removeNetnsRun(trace: NetnsRunTrace): Promise<void> {
  const ids = new Set<number>(trace.record?.nodeIds ?? []);
  for (const n of trace.namespaces) ids.add(Number(/-n(\d+)$/.exec(n)?.[1]));
  for (const l of trace.links) {
    const m = /[vp](\d+)$/.exec(l);
    if (m) ids.add(Number(m[1]));
  }
  const nodeIds = [...ids].filter((i) => Number.isInteger(i) && i > 0);
  await Promise.all(trace.namespaces.map((ns) => killNamespaceProcesses(ns)));
  await removeNetDevices(trace.runId, nodeIds);
  removeRecord(trace.runId);
}

/** Remove every run whose controller is gone; returns what was removed. */
export async function removeLeftovers(options: { readonly includeLive?: boolean } = {}): Promise<NetnsRunTrace[]> {
  const removed: NetnsRunTrace[] = [];
  for (const trace of await findNetnsRuns()) {
    if (trace.live && options.includeLive !== true) continue;
    await removeNetnsRun(trace);
    removed.push(trace);
  }
  return removed;
}
