package node

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestStuckGetStateIsADeadlockFinding(t *testing.T) {
	dir := t.TempDir()
	log, err := OpenEventLog(filepath.Join(dir, "events.jsonl"), 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	block := make(chan struct{})
	defer close(block)
	old, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(old)
	w := &Watch{GetState: func() (int, bool) { <-block; return 0, false }, Log: log, Me: 2, Poll: time.Millisecond, Bound: 200 * time.Millisecond, FindingFile: filepath.Join(dir, "lab-findings.jsonl")}
	if _, ok := w.Call(); ok {
		t.Fatal("a GetState that never returns was not reported")
	}
	data, err := os.ReadFile(filepath.Join(dir, "lab-findings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]interface{}
	if err := json.Unmarshal(data, &f); err != nil || f["kind"] != "deadlock" || f["node"] != float64(2) {
		t.Fatalf("finding: %s", data)
	}
	dump, _ := os.ReadFile(filepath.Join(dir, "goroutines.txt"))
	if !strings.Contains(string(dump), "goroutine") {
		t.Fatalf("no goroutine dump: %q", dump)
	}
}

func TestRoleChangesAreRecorded(t *testing.T) {
	dir := t.TempDir()
	log, _ := OpenEventLog(filepath.Join(dir, "events.jsonl"), 1, 0)
	var mu sync.Mutex
	states := []polled{{1, false}, {1, false}, {2, true}, {2, true}, {3, false}}
	k := 0
	get := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		p := states[k]
		if k < len(states)-1 {
			k++
		}
		return p.term, p.leader
	}
	w := &Watch{GetState: get, Log: log, Me: 1, Poll: time.Millisecond, Bound: time.Second, FindingFile: filepath.Join(dir, "f.jsonl")}
	first, _ := w.Call()
	go w.Run(first)
	deadline := time.Now().Add(2 * time.Second)
	for {
		data, _ := os.ReadFile(filepath.Join(dir, "events.jsonl"))
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) == 2 {
			if !strings.Contains(lines[0], `"role":"leader"`) || !strings.Contains(lines[0], `"term":2`) || !strings.Contains(lines[0], `"leader":1`) ||
				!strings.Contains(lines[1], `"role":"follower"`) || !strings.Contains(lines[1], `"term":3`) {
				t.Fatalf("records: %v", lines)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("records: %q", data)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
