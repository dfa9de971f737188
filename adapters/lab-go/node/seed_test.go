package node

import (
	"math/rand"
	"testing"
)

// Two nodes (two processes, each seeding once) must not draw the same election timeouts.
func TestSeedMathRandDiffersBetweenCalls(t *testing.T) {
	a := seedMathRand()
	first := rand.Intn(1 << 30)
	b := seedMathRand()
	second := rand.Intn(1 << 30)
	if a == b {
		t.Fatalf("two seeds were equal: %d", a)
	}
	if first == second {
		t.Fatalf("the same first draw after two seeds (%d, %d): %d", a, b, first)
	}
}
