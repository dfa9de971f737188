package node

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

// Watch polls GetState every poll interval and records each (term, isLeader) change as a role
// record. A GetState that does not return while the watchdog ticks through `bound` of running
// time is a deadlock: the goroutine dump goes to the node's log (stderr), a finding is written,
// and polling stops (the node keeps running, so the run goes on). The watchdog counts its own
// ticks rather than wall time, so a SIGSTOP pause is not mistaken for a deadlock.
type Watch struct {
	GetState    func() (int, bool)
	Log         *EventLog
	Me          int // node number in the event log (1..N)
	Poll        time.Duration
	Bound       time.Duration
	FindingFile string
	// OnState, when set, sees every polled state (the kv uses the term).
	OnState func(term int, leader bool)
}

type polled struct {
	term   int
	leader bool
}

// Call runs GetState under the watchdog. ok=false: it did not return within the bound.
func (w *Watch) Call() (polled, bool) {
	done := make(chan polled, 1)
	go func() {
		t, l := w.GetState()
		done <- polled{t, l}
	}()
	tick := w.Bound / 40
	if tick < time.Millisecond {
		tick = time.Millisecond
	}
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	ticks := 0
	start := time.Now()
	for {
		select {
		case p := <-done:
			return p, true
		case <-ticker.C:
			ticks++
			if time.Duration(ticks)*tick >= w.Bound {
				w.deadlock(time.Since(start))
				return polled{}, false
			}
		}
	}
}

func (w *Watch) deadlock(waited time.Duration) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	fmt.Fprintf(os.Stderr, "\n=== lab-node: DEADLOCK: GetState() did not return within %v (node %d); every goroutine follows ===\n%s=== end of goroutine dump ===\n", w.Bound, w.Me, buf)
	dump := "goroutines.txt"
	_ = os.WriteFile(dump, buf, 0o644)
	WriteFinding(w.FindingFile, map[string]interface{}{
		"kind":     "deadlock",
		"node":     w.Me,
		"time":     w.Log.Now(),
		"waitedMs": waited.Milliseconds(),
		"boundMs":  w.Bound.Milliseconds(),
		"message":  fmt.Sprintf("node %d: GetState() did not return within %v: a deadlock (its goroutine dump is in the node's stderr and goroutines.txt)", w.Me, w.Bound),
	})
}

// Run polls until GetState deadlocks (it never returns otherwise).
func (w *Watch) Run(first polled) {
	last := first
	for {
		time.Sleep(w.Poll)
		p, ok := w.Call()
		if !ok {
			return
		}
		if w.OnState != nil {
			w.OnState(p.term, p.leader)
		}
		if p != last {
			w.Log.Write(roleRecord(w.Me, p))
			last = p
		}
	}
}

func roleRecord(me int, p polled) map[string]interface{} {
	role := "follower"
	var leader interface{}
	if p.leader {
		role = "leader"
		leader = me
	}
	return map[string]interface{}{"kind": "role", "role": role, "term": p.term, "leader": leader}
}
