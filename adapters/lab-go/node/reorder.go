package node

import (
	"math/rand"
	"sync"
	"time"
)

// LongReordering is the lab labrpc's long reordering (Network.LongReordering(true), set by the
// 2C test Figure8Unreliable): after the handler ran and its server was found reachable, 600 of
// 900 replies are held back 200 + rand(1 + rand(2000)) ms before the caller gets them, so a reply
// may come after the replies of later calls, and after a cut. The formula is labrpc's; the
// caller's transport holds the reply back once it arrived.
type LongReordering struct {
	mu  sync.Mutex
	rng *rand.Rand
}

// MaxReorderDelay is the longest hold-back; a caller waits this much longer for a reply.
const MaxReorderDelay = 2200 * time.Millisecond

func NewLongReordering(seed int64) *LongReordering {
	return &LongReordering{rng: rand.New(rand.NewSource(seed))}
}

// Delay is how long to hold back one reply (0: sent at once).
func (r *LongReordering) Delay() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rng.Intn(900) >= 600 {
		return 0
	}
	return time.Duration(200+r.rng.Intn(1+r.rng.Intn(2000))) * time.Millisecond
}
