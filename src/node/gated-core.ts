// A RaftCore wrapper that can hold back its Ready. While the gate is closed, hasReady() says
// false, so the host's Ready loop does nothing and the core keeps accumulating: every message,
// tick and proposal taken in one turn of the event loop then comes out in ONE Ready -- one write,
// one fsync, one batch of messages (group commit). Holding a Ready back is always safe: nothing
// leaves the node before it is persisted either way.
import type { RaftCore } from '../raft/types.js';

export interface GatedCore extends RaftCore {
  closeGate(): void;
  openGate(): void;
}

export function gateCore(core: RaftCore): GatedCore {
  let closed = false;
  return {
    tick: () => core.tick(),
    step: (message) => core.step(message),
    propose: (data) => core.propose(data),
    readIndex: (requestId, mode) => core.readIndex(requestId, mode),
    hasReady: () => !closed && core.hasReady(),
    ready: () => core.ready(),
    advance: (ready) => core.advance(ready),
    compact: (index, data) => core.compact(index, data),
    transferLeadership: (target) => core.transferLeadership(target),
    status: () => core.status(),
    entries: (from, to) => core.entries(from, to),
    closeGate: () => {
      closed = true;
    },
    openGate: () => {
      closed = false;
    },
  };
}
