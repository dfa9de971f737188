package node

import (
	"testing"
	"time"
)

func op(kind, key, value string, seq int64) Op {
	return Op{Kind: kind, Key: key, Value: value, Client: "n1/1", Seq: seq}
}

func await(t *testing.T, ch <-chan Result) Result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(time.Second):
		t.Fatal("no result")
		return Result{}
	}
}

func TestOperationsAnsweredWhenTheirIndexIsApplied(t *testing.T) {
	kv := NewKV()
	read := op("read", `"r"`, "", 1)
	ch := kv.Await(read, 1, 1)
	kv.Apply(1, read)
	if r := await(t, ch); r.OK || r.Code != ErrKeyDoesNotExist {
		t.Fatalf("read of a missing key: %+v", r)
	}
	w := op("write", `"r"`, "3", 2)
	ch = kv.Await(w, 2, 1)
	kv.Apply(2, w)
	if r := await(t, ch); !r.OK {
		t.Fatalf("write: %+v", r)
	}
	cas := Op{Kind: "cas", Key: `"r"`, From: "4", To: "5", Client: "n1/1", Seq: 3}
	ch = kv.Await(cas, 3, 1)
	kv.Apply(3, cas)
	if r := await(t, ch); r.Code != ErrPreconditionFailed {
		t.Fatalf("cas with a wrong from: %+v", r)
	}
	cas2 := Op{Kind: "cas", Key: `"r"`, From: "3", To: "5", Client: "n1/1", Seq: 4}
	kv.Apply(4, cas2)
	// Awaited after it was applied: answered from what was applied there.
	if r := await(t, kv.Await(cas2, 4, 1)); !r.OK {
		t.Fatalf("cas: %+v", r)
	}
	r2 := op("read", `"r"`, "", 5)
	ch = kv.Await(r2, 5, 1)
	kv.Apply(5, r2)
	if r := await(t, ch); !r.OK || r.Value != "5" {
		t.Fatalf("read after cas: %+v", r)
	}
}

func TestAnotherEntryAtTheIndexIsADefiniteFailure(t *testing.T) {
	kv := NewKV()
	mine := op("write", `"r"`, "1", 1)
	theirs := Op{Kind: "write", Key: `"r"`, Value: "2", Client: "n2/1", Seq: 1}
	ch := kv.Await(mine, 1, 3)
	kv.Apply(1, theirs)
	if r := await(t, ch); r.OK || r.Code != ErrTemporarilyUnavail {
		t.Fatalf("another entry at the index: %+v", r)
	}
	// A no-op (not an Op) at the index is another entry too.
	ch = kv.Await(op("read", `"r"`, "", 2), 2, 3)
	kv.Apply(2, nil)
	if r := await(t, ch); r.OK {
		t.Fatalf("a no-op answered a read: %+v", r)
	}
}

func TestReappliedIndexesChangeNothing(t *testing.T) {
	kv := NewKV()
	kv.Apply(1, op("write", `"r"`, "1", 1))
	kv.Apply(1, op("write", `"r"`, "9", 2))
	r := op("read", `"r"`, "", 3)
	kv.Apply(2, r)
	if got := await(t, kv.Await(r, 2, 1)); got.Value != "1" {
		t.Fatalf("an index applied twice changed the state: %+v", got)
	}
}

func TestForgetDropsTheWaiter(t *testing.T) {
	kv := NewKV()
	o := op("read", `"r"`, "", 1)
	ch := kv.Await(o, 7, 1)
	kv.Forget(7, ch)
	if len(kv.waiters) != 0 {
		t.Fatalf("waiters left: %v", kv.waiters)
	}
}
