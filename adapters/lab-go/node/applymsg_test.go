package node

import "testing"

type msg2020 struct {
	CommandValid bool
	Command      interface{}
	CommandIndex int
}

type msg2023 struct {
	CommandValid  bool
	Command       interface{}
	CommandIndex  int
	CommandTerm   int
	SnapshotValid bool
	Snapshot      []byte
	SnapshotTerm  int
	SnapshotIndex int
}

func TestApplyMsgOfEveryYear(t *testing.T) {
	a := FromApplyMsg(msg2020{CommandValid: true, Command: 5, CommandIndex: 3})
	if !a.CommandValid || a.Command != 5 || a.CommandIndex != 3 || a.CommandTerm != 0 || a.SnapshotValid {
		t.Fatalf("2020: %+v", a)
	}
	b := FromApplyMsg(msg2023{SnapshotValid: true, SnapshotIndex: 9, SnapshotTerm: 2})
	if b.CommandValid || !b.SnapshotValid || b.SnapshotIndex != 9 || b.SnapshotTerm != 2 {
		t.Fatalf("2023 snapshot: %+v", b)
	}
	c := FromApplyMsg(msg2023{CommandValid: true, Command: "x", CommandIndex: 4, CommandTerm: 7})
	if c.CommandTerm != 7 {
		t.Fatalf("2023 command term: %+v", c)
	}
}

func TestCommandIDIsTheProjectsDigest(t *testing.T) {
	// src/history/digest.ts: digest('abc') === '1a47e90b' (FNV-1a, 32 bits).
	if got := fnvHex("abc"); got != "1a47e90b" {
		t.Fatalf("fnvHex(abc) = %s", got)
	}
	o := Op{Kind: "write", Key: `"r"`, Value: "1", Client: "n1/5", Seq: 2}
	if CommandID(o) != CommandID(&o) || CommandID(o) == CommandID(Op{Kind: "write", Key: `"r"`, Value: "1", Client: "n1/5", Seq: 3}) {
		t.Fatal("ids do not tell operations apart")
	}
}
