package node

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type snapMsg struct {
	CommandValid  bool
	Command       interface{}
	CommandIndex  int
	SnapshotValid bool
	Snapshot      []byte
	SnapshotTerm  int
	SnapshotIndex int
}

type fakeRaft struct {
	mu    sync.Mutex
	taken []int
	snaps [][]byte
}

func (f *fakeRaft) Snapshot(index int, snapshot []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.taken = append(f.taken, index)
	f.snaps = append(f.snaps, snapshot)
}

type condRaft struct {
	fakeRaft
	answer bool
	asked  []int
}

func (c *condRaft) CondInstallSnapshot(term, index int, snapshot []byte) bool {
	c.asked = append(c.asked, index)
	return c.answer
}

func testLog(t *testing.T) (*EventLog, func() []map[string]interface{}) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.jsonl")
	log, err := OpenEventLog(path, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return log, func() []map[string]interface{} {
		data, _ := os.ReadFile(path)
		var out []map[string]interface{}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if line == "" {
				continue
			}
			var m map[string]interface{}
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
		return out
	}
}

func write(key, value string, seq int64) Op {
	return Op{Kind: "write", Key: key, Value: value, Client: "n1/1", Seq: seq}
}

func TestSnapshotEveryNAppliedCommandsAsTheTester(t *testing.T) {
	log, records := testLog(t)
	rf := &fakeRaft{}
	kv := NewKV()
	p := &Applier{Raft: rf, KV: kv, Log: log, Every: 10, Fatal: func(m string) { t.Fatal(m) }}
	for i := 1; i <= 25; i++ {
		p.Handle(snapMsg{CommandValid: true, Command: write(`"k"`, string(rune('a'+i)), int64(i)), CommandIndex: i})
	}
	// The tester's rule: after index i with (i+1) % SnapShotInterval == 0.
	if len(rf.taken) != 2 || rf.taken[0] != 9 || rf.taken[1] != 19 {
		t.Fatalf("snapshots at %v, want [9 19]", rf.taken)
	}
	index, data, err := DecodeSnapshot(rf.snaps[1])
	if err != nil || index != 19 || data[`"k"`] != string(rune('a'+19)) {
		t.Fatalf("snapshot through 19: %d %v %v", index, data, err)
	}
	var snaps []map[string]interface{}
	for _, r := range records() {
		if r["kind"] == "snapshot" {
			snaps = append(snaps, r)
		}
	}
	if len(snaps) != 2 || snaps[0]["lastIndex"] != float64(9) || snaps[0]["installed"] != false || snaps[0]["lastTerm"] != float64(0) {
		t.Fatalf("snapshot records: %v", snaps)
	}
}

func TestNoSnapshotsWhenOff(t *testing.T) {
	log, _ := testLog(t)
	rf := &fakeRaft{}
	p := &Applier{Raft: rf, KV: NewKV(), Log: log, Every: 0, Fatal: func(m string) { t.Fatal(m) }}
	for i := 1; i <= 30; i++ {
		p.Handle(snapMsg{CommandValid: true, Command: write(`"k"`, "1", int64(i)), CommandIndex: i})
	}
	if len(rf.taken) != 0 {
		t.Fatalf("snapshots taken with Every 0: %v", rf.taken)
	}
}

func TestAnInstalledSnapshotReplacesTheState(t *testing.T) {
	log, records := testLog(t)
	kv := NewKV()
	p := &Applier{Raft: &fakeRaft{}, KV: kv, Log: log, Every: 10, Fatal: func(m string) { t.Fatal(m) }}
	p.Handle(snapMsg{CommandValid: true, Command: write(`"k"`, "1", 1), CommandIndex: 1})
	p.Handle(snapMsg{SnapshotValid: true, Snapshot: EncodeSnapshot(30, map[string]string{`"k"`: "7"}), SnapshotIndex: 30, SnapshotTerm: 4})
	if kv.LastApplied() != 30 {
		t.Fatalf("last applied %d after the snapshot through 30", kv.LastApplied())
	}
	r := op("read", `"k"`, "", 9)
	ch := kv.Await(r, 31, 4)
	p.Handle(snapMsg{CommandValid: true, Command: r, CommandIndex: 31})
	if got := await(t, ch); got.Value != "7" {
		t.Fatalf("read after the snapshot: %+v", got)
	}
	last := records()
	var installed map[string]interface{}
	for _, rec := range last {
		if rec["kind"] == "snapshot" {
			installed = rec
		}
	}
	// This ApplyMsg has no CommandTerm, so its applies are logged with term 0, and the snapshot too.
	if installed == nil || installed["installed"] != true || installed["lastIndex"] != float64(30) || installed["lastTerm"] != float64(0) {
		t.Fatalf("installed snapshot record: %v", installed)
	}
}

func TestCondInstallSnapshotDecides(t *testing.T) {
	log, _ := testLog(t)
	kv := NewKV()
	rf := &condRaft{answer: false}
	p := &Applier{Raft: rf, KV: kv, Log: log, Every: 10, Fatal: func(m string) { t.Fatal(m) }}
	p.Handle(snapMsg{SnapshotValid: true, Snapshot: EncodeSnapshot(20, map[string]string{}), SnapshotIndex: 20, SnapshotTerm: 2})
	if len(rf.asked) != 1 || rf.asked[0] != 20 || kv.LastApplied() != 0 {
		t.Fatalf("refused by CondInstallSnapshot, yet installed: asked %v, last applied %d", rf.asked, kv.LastApplied())
	}
	rf.answer = true
	p.Handle(snapMsg{SnapshotValid: true, Snapshot: EncodeSnapshot(20, map[string]string{}), SnapshotIndex: 20, SnapshotTerm: 2})
	if kv.LastApplied() != 20 {
		t.Fatalf("accepted by CondInstallSnapshot, not installed: %d", kv.LastApplied())
	}
}

func TestASnapshotNotMatchingItsIndexIsAnApplyError(t *testing.T) {
	log, _ := testLog(t)
	var fatal string
	p := &Applier{Raft: &fakeRaft{}, KV: NewKV(), Log: log, Every: 10, Fatal: func(m string) { fatal = m }}
	p.Handle(snapMsg{SnapshotValid: true, Snapshot: EncodeSnapshot(19, map[string]string{}), SnapshotIndex: 29})
	if !strings.Contains(fatal, "doesn't match") {
		t.Fatalf("apply error: %q", fatal)
	}
	fatal = ""
	p.Handle(snapMsg{SnapshotValid: true, Snapshot: []byte("not a snapshot"), SnapshotIndex: 29})
	if fatal == "" {
		t.Fatal("an undecodable snapshot was installed")
	}
}

// lockedRaft sends on applyCh with its lock held (the classic mistake) and takes the lock in Snapshot.
type lockedRaft struct {
	mu sync.Mutex
}

func (l *lockedRaft) Snapshot(index int, snapshot []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
}

func TestSnapshotFromTheReaderDeadlocksARaftThatAppliesHoldingItsLock(t *testing.T) {
	log, _ := testLog(t)
	rf := &lockedRaft{}
	applyCh := make(chan snapMsg)
	go func() {
		rf.mu.Lock()
		defer rf.mu.Unlock()
		for i := 1; i <= 12; i++ {
			applyCh <- snapMsg{CommandValid: true, Command: write(`"k"`, "1", int64(i)), CommandIndex: i}
		}
	}()
	p := &Applier{Raft: rf, KV: NewKV(), Log: log, Every: 10, Fatal: func(m string) { t.Fatal(m) }}
	done := make(chan int)
	go func() {
		n := 0
		for msg := range applyCh {
			p.Handle(msg)
			n++
		}
		done <- n
	}()
	select {
	case n := <-done:
		t.Fatalf("the reader went on (%d messages): no deadlock", n)
	case <-time.After(300 * time.Millisecond):
		// Stuck in Snapshot at index 9 while the Raft holds its lock sending index 10.
	}
	if got := p.KV.LastApplied(); got != 9 {
		t.Fatalf("stuck after index %d, want 9", got)
	}
}
