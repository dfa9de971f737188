package labgob

import (
	"bytes"
	"strings"
	"testing"
)

type entry struct {
	Term    int
	Command interface{}
}

type good struct {
	Term  int
	Votes []int
	Log   []entry
}

type bad struct {
	Term     int
	votedFor int
}

func reset() *bytes.Buffer {
	warnMu.Lock()
	defer warnMu.Unlock()
	warnedCase, warnedZero, Warnings = false, false, 0
	var out bytes.Buffer
	Output = &out
	return &out
}

func TestRoundTripWithRegisteredCommand(t *testing.T) {
	out := reset()
	Register(map[string]string{})
	var buf bytes.Buffer
	in := good{Term: 7, Votes: []int{1, 2}, Log: []entry{{Term: 1, Command: 42}, {Term: 7, Command: map[string]string{"k": "v"}}}}
	if err := NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	var got good
	if err := NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Term != 7 || len(got.Log) != 2 || got.Log[0].Command.(int) != 42 || got.Log[1].Command.(map[string]string)["k"] != "v" {
		t.Fatalf("round trip lost data: %+v", got)
	}
	if Warnings != 0 || out.Len() != 0 {
		t.Fatalf("unexpected warnings: %q", out.String())
	}
}

func TestLowerCaseFieldWarnsOnce(t *testing.T) {
	out := reset()
	var buf bytes.Buffer
	_ = NewEncoder(&buf).Encode(bad{Term: 1, votedFor: 3})
	_ = NewEncoder(&buf).Encode(bad{Term: 2, votedFor: 3})
	if Warnings != 2 {
		t.Fatalf("warnings = %d, want 2", Warnings)
	}
	if strings.Count(out.String(), "lower-case field votedFor") != 1 {
		t.Fatalf("want one printed warning naming votedFor, got %q", out.String())
	}
}

func TestDecodeIntoNonDefaultWarns(t *testing.T) {
	out := reset()
	var buf bytes.Buffer
	_ = NewEncoder(&buf).Encode(good{Term: 0})
	got := good{Term: 5}
	if err := NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Term != 5 {
		t.Fatalf("gob overwrote a default field (Term = %d): the warning's premise changed", got.Term)
	}
	if !strings.Contains(out.String(), "non-default variable/field Term") {
		t.Fatalf("no warning for decoding into a non-default value: %q", out.String())
	}
	out2 := reset()
	var buf2 bytes.Buffer
	_ = NewEncoder(&buf2).Encode(good{Term: 3})
	var fresh good
	_ = NewDecoder(&buf2).Decode(&fresh)
	if out2.Len() != 0 {
		t.Fatalf("warning for a zero value: %q", out2.String())
	}
}
