// Package node runs one lab Raft as a Maelstrom node: it reads init, makes the Raft with labrpc
// ends that travel as Maelstrom messages, serves lin-kv read / write / cas through Start and
// applyCh, and writes events.jsonl (boot, role, apply) for the invariant checker.
package node

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"labadapter/labgob"
	"labadapter/labrpc"
)

// Raft is the lab's API as the node uses it.
type Raft interface {
	Start(command interface{}) (int, int, bool)
	GetState() (int, bool)
	Kill()
}

// Lab is one lab Raft as the template main.go made it: the Raft, the receiver of its RPCs, the
// snapshot its Persister held before Make (nil if none) and the receive of its applyCh (ok=false
// once closed). The node reads applyCh itself, from one goroutine, as the tester does.
type Lab struct {
	Raft     Raft
	Receiver interface{}
	Snapshot []byte
	Next     func() (msg interface{}, ok bool)
}

// MakeFunc builds the lab Raft: the template main.go opens the Persister, reads its snapshot and
// calls the lab's Make with its own ApplyMsg channel.
type MakeFunc func(peers []*labrpc.ClientEnd, me int) Lab

type Settings struct {
	RPCTimeout    time.Duration
	OpTimeout     time.Duration
	Poll          time.Duration
	DeadlockBound time.Duration
	EventsFile    string
	FindingsFile  string
	Epoch         int64
	// SnapshotEvery > 0: rf.Snapshot every that many applied commands, as the 2D tester does.
	SnapshotEvery int
	// LongReordering: replies held back as labrpc's long reordering does (LAB_LONG_REORDERING=1).
	LongReordering bool
}

func envMs(name string, def int) time.Duration {
	if s := os.Getenv(name); s != "" {
		if v, err := strconv.Atoi(s); err == nil && v > 0 {
			return time.Duration(v) * time.Millisecond
		}
		fmt.Fprintf(os.Stderr, "lab-node: %s=%q is not a positive number of milliseconds; using %d\n", name, s, def)
	}
	return time.Duration(def) * time.Millisecond
}

func SettingsFromEnv() Settings {
	events := os.Getenv("LAB_EVENTS_FILE")
	if events == "" {
		events = "events.jsonl"
	}
	return Settings{
		RPCTimeout:     envMs("LAB_RPC_TIMEOUT_MS", 300),
		OpTimeout:      envMs("LAB_OP_TIMEOUT_MS", 2000),
		Poll:           envMs("LAB_POLL_MS", 5),
		DeadlockBound:  envMs("LAB_DEADLOCK_MS", 3000),
		EventsFile:     events,
		FindingsFile:   "lab-findings.jsonl",
		Epoch:          EpochFromEnv(),
		SnapshotEvery:  snapshotEveryFromEnv(),
		LongReordering: os.Getenv("LAB_LONG_REORDERING") == "1",
	}
}

// snapshotEveryFromEnv is LAB_SNAPSHOT_EVERY: 0 (or unset) for no snapshots, else a positive count.
func snapshotEveryFromEnv() int {
	s := os.Getenv("LAB_SNAPSHOT_EVERY")
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		fmt.Fprintf(os.Stderr, "lab-node: LAB_SNAPSHOT_EVERY=%q is not a count of applied commands (0 for none)\n", s)
		os.Exit(2)
	}
	return v
}

type node struct {
	s      Settings
	wire   *Wire
	tr     *Transport
	kv     *KV
	rf     Raft
	self   string
	ready  chan struct{}
	client string
	seq    int64
}

// Main runs the node until stdin ends or SIGTERM.
func Main(makeRaft MakeFunc) {
	labgob.Register(Op{})
	seedMathRand()
	s := SettingsFromEnv()
	n := &node{s: s, wire: NewWire(protocolOut), kv: NewKV(), ready: make(chan struct{})}
	var inited int32
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-sig
		select {
		case <-n.ready:
			n.rf.Kill()
		default:
		}
		os.Exit(0)
	}()
	err := ReadMessages(os.Stdin, func(m Message, b Body) {
		switch b.Type {
		case "init":
			if !atomic.CompareAndSwapInt32(&inited, 0, 1) {
				return
			}
			if err := n.init(makeRaft, b); err != nil {
				fmt.Fprintf(os.Stderr, "lab-node: %v\n", err)
				n.wire.ReplyError(m.Src, b.MsgID, ErrMalformedRequest, err.Error())
				os.Exit(1)
			}
			n.wire.Reply(m.Src, b.MsgID, map[string]interface{}{"type": "init_ok"})
		case "labrpc":
			go func() {
				<-n.ready
				n.tr.OnRequest(m, b)
			}()
		case "labrpc_reply":
			if n.tr != nil {
				n.tr.OnReply(b)
			}
		case "read", "write", "cas":
			go func() {
				select {
				case <-n.ready:
					n.serve(m, b)
				case <-time.After(s.OpTimeout):
					n.wire.ReplyError(m.Src, b.MsgID, ErrTemporarilyUnavail, "the node is not initialized")
				}
			}()
		default:
			if b.MsgID != nil {
				n.wire.ReplyError(m.Src, b.MsgID, 10, "unsupported message type "+b.Type)
			}
		}
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab-node: reading stdin: %v\n", err)
	}
	if n.rf != nil {
		n.rf.Kill()
	}
}

func (n *node) init(makeRaft MakeFunc, b Body) error {
	me := -1
	for i, id := range b.NodeIDs {
		if id == b.NodeID {
			me = i
		}
	}
	if me < 0 {
		return fmt.Errorf("init: node_id %q is not in node_ids %v", b.NodeID, b.NodeIDs)
	}
	n.self = b.NodeID
	n.wire.self = b.NodeID
	n.client = fmt.Sprintf("%s/%d", b.NodeID, time.Now().UnixNano())
	log, err := OpenEventLog(n.s.EventsFile, me+1, n.s.Epoch)
	if err != nil {
		return fmt.Errorf("cannot open the event log: %v", err)
	}
	server := labrpc.MakeServer()
	n.tr = NewTransport(n.wire, me, b.NodeIDs, n.s.RPCTimeout, server)
	if n.s.LongReordering {
		n.tr.WithLongReordering(NewLongReordering(time.Now().UnixNano() + int64(me)))
	}
	ends := make([]*labrpc.ClientEnd, len(b.NodeIDs))
	for i := range ends {
		ends[i] = labrpc.MakeEnd(i, n.tr)
	}
	lab := makeRaft(ends, me)
	rf := lab.Raft
	server.AddService(labrpc.MakeService(lab.Receiver))
	n.rf = rf
	if _, ok := rf.(Snapshotter); n.s.SnapshotEvery > 0 && !ok {
		return fmt.Errorf("LAB_SNAPSHOT_EVERY=%d, but the lab Raft has no func (rf *Raft) Snapshot(index int, snapshot []byte)", n.s.SnapshotEvery)
	}
	// As the tester's start1: the service starts from the Persister's snapshot, if any.
	snapshotIndex := 0
	if len(lab.Snapshot) > 0 {
		index, data, err := DecodeSnapshot(lab.Snapshot)
		if err != nil {
			return fmt.Errorf("the Persister's snapshot is not the service's: %v", err)
		}
		n.kv.Restore(index, data)
		snapshotIndex = index
	}
	watch := &Watch{GetState: rf.GetState, Log: log, Me: me + 1, Poll: n.s.Poll, Bound: n.s.DeadlockBound, FindingFile: n.s.FindingsFile}
	first, ok := watch.Call()
	if !ok {
		close(n.ready)
		return nil
	}
	log.Write(map[string]interface{}{"kind": "boot", "term": first.term, "votedFor": nil, "commit": 0, "lastIndex": 0, "snapshotIndex": snapshotIndex})
	if first.leader {
		log.Write(roleRecord(me+1, first))
	}
	applier := &Applier{Raft: rf, KV: n.kv, Log: log, Every: n.s.SnapshotEvery, Fatal: func(message string) {
		fmt.Fprintf(os.Stderr, "lab-node: %s\n", message)
		os.Exit(1)
	}}
	go func() {
		for {
			msg, ok := lab.Next()
			if !ok {
				return
			}
			applier.Handle(msg)
		}
	}()
	go watch.Run(first)
	close(n.ready)
	return nil
}

func (n *node) serve(m Message, b Body) {
	op := Op{Kind: b.Type, Key: string(b.Key), Client: n.client, Seq: atomic.AddInt64(&n.seq, 1)}
	switch b.Type {
	case "write":
		op.Value = string(b.Value)
	case "cas":
		op.From, op.To = string(b.From), string(b.To)
	}
	index, term, isLeader := n.rf.Start(op)
	if !isLeader {
		n.wire.ReplyError(m.Src, b.MsgID, ErrTemporarilyUnavail, "not the leader")
		return
	}
	done := n.kv.Await(op, index, term)
	timer := time.NewTimer(n.s.OpTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if !r.OK {
			n.wire.ReplyError(m.Src, b.MsgID, r.Code, r.Text)
			return
		}
		body := map[string]interface{}{"type": b.Type + "_ok"}
		if b.Type == "read" {
			body["value"] = json.RawMessage(r.Value)
		}
		n.wire.Reply(m.Src, b.MsgID, body)
	case <-timer.C:
		n.kv.Forget(index, done)
		n.wire.ReplyError(m.Src, b.MsgID, ErrTimeout, fmt.Sprintf("entry %d of term %d not applied within %v", index, term, n.s.OpTimeout))
	}
}
