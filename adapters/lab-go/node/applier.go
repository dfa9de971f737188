package node

import (
	"fmt"
)

// Snapshotter is the lab's 2D API on the Raft: the service hands Raft a snapshot of its state
// through index (2021 on; a 2A-2C skeleton has it as an empty stub).
type Snapshotter interface {
	Snapshot(index int, snapshot []byte)
}

// CondInstaller is 6.824 2021/2022's CondInstallSnapshot (gone from 6.5840's skeleton): the
// service asks Raft whether to switch to a snapshot it received on applyCh.
type CondInstaller interface {
	CondInstallSnapshot(lastIncludedTerm int, lastIncludedIndex int, snapshot []byte) bool
}

// Applier reads applyCh as the lab's tester does. With Every = 0 it is the 2A-2C tester's
// applier: commands are applied, other messages ignored. With Every = N > 0 it is the 2D tester's
// applierSnap (SnapShotInterval = 10 there): after applying command index i with (i+1) % N == 0
// it calls rf.Snapshot(i, snapshot) from this same goroutine, the one that reads applyCh, so a
// Raft that holds its lock while sending on applyCh and takes it in Snapshot deadlocks as in the
// lab; a SnapshotValid message replaces the state by the snapshot's (after CondInstallSnapshot
// agrees, where the Raft has it). Every step is written to the event log first: apply records as
// they arrive, snapshot records once Raft took the snapshot (installed false) or the state was
// replaced (installed true).
type Applier struct {
	Raft  interface{}
	KV    *KV
	Log   *EventLog
	Every int
	// Fatal ends the node on what the tester calls an apply error (its log.Fatalf).
	Fatal func(message string)
}

// logTerm is the term written for a snapshot: the Raft's own term only when its ApplyMsg carries
// CommandTerm too, so that a snapshot's term and the apply records' terms (0 without CommandTerm)
// compare as equals in the checker.
func logTerm(a Applied, term int) int {
	if a.HasCommandTerm {
		return term
	}
	return 0
}

// Handle takes one message of applyCh.
func (p *Applier) Handle(msg interface{}) {
	a := FromApplyMsg(msg)
	switch {
	case a.CommandValid:
		p.Log.Write(map[string]interface{}{"kind": "apply", "index": a.CommandIndex, "term": a.CommandTerm, "id": CommandID(a.Command)})
		p.KV.Apply(a.CommandIndex, a.Command)
		if p.Every > 0 && (a.CommandIndex+1)%p.Every == 0 {
			p.snapshot(a)
		}
	case a.SnapshotValid && p.Every > 0:
		p.install(a)
	}
}

func (p *Applier) snapshot(a Applied) {
	s, ok := p.Raft.(Snapshotter)
	if !ok {
		return
	}
	index, data := p.KV.Snapshot()
	if index != a.CommandIndex {
		// An index applied again (the event log already shows it): the state is not the state
		// through this index, so there is nothing honest to hand Raft.
		return
	}
	s.Snapshot(index, data)
	p.Log.Write(map[string]interface{}{"kind": "snapshot", "lastIndex": index, "lastTerm": logTerm(a, a.CommandTerm), "installed": false})
}

func (p *Applier) install(a Applied) {
	if c, ok := p.Raft.(CondInstaller); ok && !c.CondInstallSnapshot(a.SnapshotTerm, a.SnapshotIndex, a.Snapshot) {
		return
	}
	index, data, err := DecodeSnapshot(a.Snapshot)
	if err != nil {
		p.Fatal(fmt.Sprintf("apply error: the snapshot sent on applyCh (SnapshotIndex %d) is not the service's: %v", a.SnapshotIndex, err))
		return
	}
	if index != a.SnapshotIndex {
		p.Fatal(fmt.Sprintf("apply error: snapshot doesn't match m.SnapshotIndex: the snapshot is through index %d, SnapshotIndex is %d", index, a.SnapshotIndex))
		return
	}
	p.KV.Restore(index, data)
	p.Log.Write(map[string]interface{}{"kind": "snapshot", "lastIndex": index, "lastTerm": logTerm(a, a.SnapshotTerm), "installed": true})
}
