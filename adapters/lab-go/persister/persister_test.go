package persister

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestSavesSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	p, err := OpenPersister(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.ReadRaftState() != nil || p.RaftStateSize() != 0 || p.SnapshotSize() != 0 {
		t.Fatal("a fresh persister is not empty")
	}
	p.SaveRaftState([]byte("term 3"))
	p.SaveStateAndSnapshot([]byte("term 4"), []byte("snap A"))
	p.SaveRaftState([]byte("term 5"))
	q, err := OpenPersister(dir)
	if err != nil {
		t.Fatal(err)
	}
	if string(q.ReadRaftState()) != "term 5" || string(q.ReadSnapshot()) != "snap A" || q.RaftStateSize() != 6 || q.SnapshotSize() != 6 {
		t.Fatalf("reopened: state %q snapshot %q", q.ReadRaftState(), q.ReadSnapshot())
	}
	q.Save([]byte("term 6"), nil)
	r, _ := OpenPersister(dir)
	if string(r.ReadRaftState()) != "term 6" || r.ReadSnapshot() != nil {
		t.Fatalf("Save: state %q snapshot %q", r.ReadRaftState(), r.ReadSnapshot())
	}
	if _, err := os.Stat(filepath.Join(dir, persisterFile+".tmp")); err == nil {
		// The temporary file is renamed away by every completed save.
		t.Fatal("a temporary file was left behind")
	}
}

func TestReadsAreCopies(t *testing.T) {
	p, _ := OpenPersister(t.TempDir())
	state := []byte("abc")
	p.SaveRaftState(state)
	state[0] = 'X'
	got := p.ReadRaftState()
	got[1] = 'Y'
	if string(p.ReadRaftState()) != "abc" {
		t.Fatalf("the persister shares memory with its callers: %q", p.ReadRaftState())
	}
}

func TestCopyIsInMemory(t *testing.T) {
	dir := t.TempDir()
	p, _ := OpenPersister(dir)
	p.SaveRaftState([]byte("one"))
	c := p.Copy()
	c.SaveRaftState([]byte("two"))
	if string(p.ReadRaftState()) != "one" || string(c.ReadRaftState()) != "two" {
		t.Fatal("copy and original share state")
	}
	r, _ := OpenPersister(dir)
	if string(r.ReadRaftState()) != "one" {
		t.Fatalf("saving to a copy wrote the node's file: %q", r.ReadRaftState())
	}
}

func TestCorruptFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	p, _ := OpenPersister(dir)
	p.SaveRaftState(bytes.Repeat([]byte("x"), 100))
	file := filepath.Join(dir, persisterFile)
	data, _ := os.ReadFile(file)
	data[40] ^= 0xff
	os.WriteFile(file, data, 0o644)
	if _, err := OpenPersister(dir); err == nil {
		t.Fatal("a corrupt file was loaded")
	}
	os.WriteFile(file, data[:10], 0o644)
	if _, err := OpenPersister(dir); err == nil {
		t.Fatal("a cut file was loaded")
	}
}
