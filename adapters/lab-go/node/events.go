package node

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// EventLog appends the records of the project's events.jsonl format (src/history/events.ts)
// that a lab Raft lets us observe: boot, role (from GetState), apply (from applyCh). Each record
// is one write(2), so a SIGKILL loses nothing already written.
type EventLog struct {
	mu    sync.Mutex
	f     *os.File
	node  int
	epoch int64
}

func OpenEventLog(path string, node int, epochNs int64) (*EventLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &EventLog{f: f, node: node, epoch: epochNs}, nil
}

// Now is nanoseconds since the run's epoch.
func (l *EventLog) Now() int64 { return time.Now().UnixNano() - l.epoch }

func (l *EventLog) Write(fields map[string]interface{}) {
	fields["node"] = l.node
	if _, ok := fields["time"]; !ok {
		fields["time"] = l.Now()
	}
	line, err := json.Marshal(fields)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab-node: cannot encode an event: %v\n", err)
		return
	}
	line = append(line, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(line); err != nil {
		fmt.Fprintf(os.Stderr, "lab-node: cannot write an event: %v\n", err)
	}
}

// EpochFromEnv is RAFT_CHAOS_EPOCH_NS (Unix nanoseconds at the run's start, set by the host), or
// midnight UTC of today, so that every node of a run shares one epoch and times stay below 2^53.
func EpochFromEnv() int64 {
	if s := os.Getenv("RAFT_CHAOS_EPOCH_NS"); s != "" {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return v
		}
		fmt.Fprintf(os.Stderr, "lab-node: RAFT_CHAOS_EPOCH_NS=%q is not an integer; using midnight UTC\n", s)
	}
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).UnixNano()
}

// Findings are what the adapter itself detects about the lab Raft (a deadlock), one JSON object a
// line in lab-findings.jsonl next to the event log.
func WriteFinding(path string, finding map[string]interface{}) {
	line, _ := json.Marshal(finding)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab-node: cannot write %s: %v\n", path, err)
		return
	}
	defer f.Close()
	f.Write(append(line, '\n'))
}
