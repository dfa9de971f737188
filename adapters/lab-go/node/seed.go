package node

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand"
)

// seedMathRand seeds math/rand's global source, as the lab tester's make_config does
// (rand.Seed(makeSeed())) before it makes any Raft. Before Go 1.20 that source starts from the
// same fixed seed in every process, so without this every node of a run would draw the same
// election timeouts, time out together and split the vote term after term. (From Go 1.20 the
// source is seeded at random already, and from 1.24 rand.Seed is ignored.)
func seedMathRand() int64 {
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		return 0 // keep the default source: nothing better is at hand
	}
	seed := int64(binary.LittleEndian.Uint64(b[:]) >> 1)
	rand.Seed(seed) //nolint:staticcheck // the tester's own call, for the Go versions that need it
	return seed
}
