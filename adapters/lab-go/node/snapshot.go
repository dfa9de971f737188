package node

import (
	"bytes"
	"fmt"

	"labadapter/labgob"
)

// The service's snapshot, as the lab's tester makes one (config.go applierSnap: the index, then the
// state): labgob of the last applied index and the register map. Raft keeps it opaque; the adapter
// reads it back from an installed snapshot (ApplyMsg.SnapshotValid) and at restart from
// persister.ReadSnapshot().

// EncodeSnapshot is the snapshot of the state after applying through index.
func EncodeSnapshot(index int, data map[string]string) []byte {
	var w bytes.Buffer
	e := labgob.NewEncoder(&w)
	if err := e.Encode(index); err != nil {
		panic(fmt.Sprintf("lab-node: cannot encode a snapshot: %v", err))
	}
	if err := e.Encode(data); err != nil {
		panic(fmt.Sprintf("lab-node: cannot encode a snapshot: %v", err))
	}
	return w.Bytes()
}

// DecodeSnapshot reads what EncodeSnapshot wrote.
func DecodeSnapshot(b []byte) (int, map[string]string, error) {
	if len(b) == 0 {
		return 0, nil, fmt.Errorf("empty snapshot")
	}
	d := labgob.NewDecoder(bytes.NewBuffer(b))
	var index int
	data := map[string]string{}
	if err := d.Decode(&index); err != nil {
		return 0, nil, fmt.Errorf("snapshot index: %v", err)
	}
	if err := d.Decode(&data); err != nil {
		return 0, nil, fmt.Errorf("snapshot state: %v", err)
	}
	return index, data, nil
}

// Snapshot is the state machine's snapshot through its last applied index.
func (kv *KV) Snapshot() (int, []byte) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	return kv.lastApplied, EncodeSnapshot(kv.lastApplied, kv.data)
}

// LastApplied is the index the state machine has applied through.
func (kv *KV) LastApplied() int {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	return kv.lastApplied
}

// Restore replaces the state with a snapshot's, as the tester's ingestSnap does: even an older one
// (the state goes back; the event log shows it). Results remembered past the snapshot are dropped;
// operations waiting on an index the snapshot covers are left to their timeout (unknown), since a
// snapshot does not say which entry was at an index.
func (kv *KV) Restore(index int, data map[string]string) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	kv.data = data
	kv.lastApplied = index
	for i := range kv.recent {
		if i > index {
			delete(kv.recent, i)
		}
	}
}
