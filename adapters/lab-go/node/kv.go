package node

import (
	"fmt"
	"sync"
)

// Op is the command handed to Start: one read, write or cas of a lin-kv key. Key and values are
// JSON texts. Client and Seq make every operation unique, so an index holding another entry is
// told apart from ours. The fields are exported for labgob.
type Op struct {
	Kind   string
	Key    string
	Value  string
	From   string
	To     string
	Client string
	Seq    int64
}

func (o Op) Text() string {
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%d", o.Kind, o.Key, o.Value, o.From, o.To, o.Client, o.Seq)
}

func (o Op) same(p Op) bool { return o.Client == p.Client && o.Seq == p.Seq }

// Result of applying an Op: ok with a value (reads), or a Maelstrom error code.
type Result struct {
	OK    bool
	Value string
	Code  int
	Text  string
}

type waiter struct {
	op   Op
	term int
	done chan Result
}

type appliedAt struct {
	op     Op
	result Result
	other  bool // the entry was not an Op
}

// KV is the register state machine over applyCh, as the lab's kvraft: an operation goes through
// Start and is answered once the entry at the returned index is applied. Another entry at that
// index is a definite failure; no apply in time is unknown (the caller's timeout).
type KV struct {
	mu          sync.Mutex
	data        map[string]string
	lastApplied int
	recent      map[int]appliedAt
	waiters     map[int][]*waiter
}

const keepApplied = 100000

func NewKV() *KV {
	return &KV{data: map[string]string{}, recent: map[int]appliedAt{}, waiters: map[int][]*waiter{}}
}

func (kv *KV) execute(op Op) Result {
	switch op.Kind {
	case "read":
		v, ok := kv.data[op.Key]
		if !ok {
			return Result{Code: ErrKeyDoesNotExist, Text: "key does not exist"}
		}
		return Result{OK: true, Value: v}
	case "write":
		kv.data[op.Key] = op.Value
		return Result{OK: true}
	case "cas":
		v, ok := kv.data[op.Key]
		if !ok {
			return Result{Code: ErrKeyDoesNotExist, Text: "key does not exist"}
		}
		if v != op.From {
			return Result{Code: ErrPreconditionFailed, Text: fmt.Sprintf("expected %s, found %s", op.From, v)}
		}
		kv.data[op.Key] = op.To
		return Result{OK: true}
	}
	return Result{Code: ErrMalformedRequest, Text: "unknown operation " + op.Kind}
}

// Apply takes one committed entry. Indexes at or below the last applied one change nothing
// (the event log still records them, for the apply-order check).
func (kv *KV) Apply(index int, cmd interface{}) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	if index <= kv.lastApplied {
		return
	}
	kv.lastApplied = index
	var at appliedAt
	switch c := cmd.(type) {
	case Op:
		at = appliedAt{op: c, result: kv.execute(c)}
	case *Op:
		at = appliedAt{op: *c, result: kv.execute(*c)}
	default:
		at = appliedAt{other: true}
	}
	kv.recent[index] = at
	delete(kv.recent, index-keepApplied)
	for _, w := range kv.waiters[index] {
		w.done <- kv.outcome(w.op, index, at)
	}
	delete(kv.waiters, index)
}

func (kv *KV) outcome(op Op, index int, at appliedAt) Result {
	if !at.other && at.op.same(op) {
		return at.result
	}
	return Result{Code: ErrTemporarilyUnavail, Text: fmt.Sprintf("another entry was committed at index %d: leadership was lost", index)}
}

// Await returns a channel that yields the result of op, started at index in term.
func (kv *KV) Await(op Op, index, term int) <-chan Result {
	done := make(chan Result, 1)
	kv.mu.Lock()
	defer kv.mu.Unlock()
	if index <= kv.lastApplied {
		if at, ok := kv.recent[index]; ok {
			done <- kv.outcome(op, index, at)
		}
		// Older than what is remembered: only the caller's timeout answers (unknown).
		return done
	}
	kv.waiters[index] = append(kv.waiters[index], &waiter{op: op, term: term, done: done})
	return done
}

// Forget drops op's waiter after a timeout.
func (kv *KV) Forget(index int, done <-chan Result) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	ws := kv.waiters[index]
	for i, w := range ws {
		if (<-chan Result)(w.done) == done {
			kv.waiters[index] = append(ws[:i], ws[i+1:]...)
			break
		}
	}
	if len(kv.waiters[index]) == 0 {
		delete(kv.waiters, index)
	}
}
