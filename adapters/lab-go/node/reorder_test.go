package node

import (
	"testing"
	"time"
)

func TestLongReorderingHoldsBackTwoThirdsUpTo2200ms(t *testing.T) {
	r := NewLongReordering(1)
	held, n := 0, 30000
	for i := 0; i < n; i++ {
		d := r.Delay()
		if d == 0 {
			continue
		}
		held++
		if d < 200*time.Millisecond || d > MaxReorderDelay {
			t.Fatalf("delay %v outside 200 ms .. 2200 ms", d)
		}
	}
	if frac := float64(held) / float64(n); frac < 0.64 || frac > 0.69 {
		t.Fatalf("%.3f of replies held back, labrpc holds back 600/900", frac)
	}
}

func TestACallWaitsForTheLongestHeldBackReply(t *testing.T) {
	tr := NewTransport(nil, 0, []string{"n1", "n2"}, 300*time.Millisecond, nil).WithLongReordering(NewLongReordering(1))
	if tr.timeout != 300*time.Millisecond+MaxReorderDelay || tr.reorder == nil {
		t.Fatalf("timeout %v with long reordering", tr.timeout)
	}
}

func TestAHeldBackReplyReachesItsCallLate(t *testing.T) {
	// A seed whose first draw holds the reply back, read from a twin of the same seed.
	var seed int64
	var d time.Duration
	for seed = 1; d == 0; seed++ {
		d = NewLongReordering(seed).Delay()
	}
	tr := NewTransport(nil, 0, []string{"n1", "n2"}, 300*time.Millisecond, nil).WithLongReordering(NewLongReordering(seed - 1))
	ch := make(chan Body, 1)
	id := int64(7)
	tr.pending[id] = ch
	start := time.Now()
	tr.OnReply(Body{Type: "labrpc_reply", InReplyTo: &id})
	select {
	case <-ch:
		if waited := time.Since(start); waited < d-10*time.Millisecond {
			t.Fatalf("the reply came after %v, held back %v", waited, d)
		}
	case <-time.After(MaxReorderDelay + time.Second):
		t.Fatal("the held-back reply never came")
	}
}
