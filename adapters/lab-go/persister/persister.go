// The Raft lab's Persister, kept on disk: both API versions (SaveRaftState, SaveStateAndSnapshot
// and 2023's Save), every save written to a temporary file, fsync'd, renamed over the previous
// one and the directory fsync'd before it returns, so a SIGKILL keeps every completed save and
// never pairs a new raft state with an old snapshot. The build copies this file into the lab
// package (with that package's name), where the lab's own persister.go would be.
package persister

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"os"
	"path/filepath"
	"sync"
)

const persisterFile = "lab-persister.bin"

var persisterMagic = []byte("lab-persister-1\n")

type Persister struct {
	mu        sync.Mutex
	dir       string // "" for an in-memory copy
	raftstate []byte
	snapshot  []byte
}

// MakePersister opens the persister of the node's working directory (the node's data directory),
// loading what an earlier incarnation saved.
func MakePersister() *Persister {
	p, err := OpenPersister(".")
	if err != nil {
		log.Fatalf("%v", err)
	}
	return p
}

// OpenPersister loads the persister kept in dir (empty state if nothing was saved yet).
func OpenPersister(dir string) (*Persister, error) {
	p := &Persister{dir: dir}
	data, err := os.ReadFile(filepath.Join(dir, persisterFile))
	if os.IsNotExist(err) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("persister: cannot read %s: %v", filepath.Join(dir, persisterFile), err)
	}
	state, snap, err := decodePersisted(data)
	if err != nil {
		return nil, fmt.Errorf("persister: %s is corrupt (%v); refusing to start with wrong state", filepath.Join(dir, persisterFile), err)
	}
	p.raftstate, p.snapshot = state, snap
	return p, nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	c := make([]byte, len(b))
	copy(c, b)
	return c
}

// Copy returns an in-memory copy: saving to it does not touch the node's files.
func (ps *Persister) Copy() *Persister {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return &Persister{raftstate: clone(ps.raftstate), snapshot: clone(ps.snapshot)}
}

func (ps *Persister) ReadRaftState() []byte {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return clone(ps.raftstate)
}

func (ps *Persister) RaftStateSize() int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return len(ps.raftstate)
}

func (ps *Persister) ReadSnapshot() []byte {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return clone(ps.snapshot)
}

func (ps *Persister) SnapshotSize() int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return len(ps.snapshot)
}

// SaveRaftState saves the raft state and keeps the snapshot (the 2020-2022 API).
func (ps *Persister) SaveRaftState(state []byte) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.writeLocked(clone(state), ps.snapshot)
}

// SaveStateAndSnapshot saves both in one atomic write (the 2020-2022 API).
func (ps *Persister) SaveStateAndSnapshot(state []byte, snapshot []byte) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.writeLocked(clone(state), clone(snapshot))
}

// Save saves both in one atomic write (the 2023 API).
func (ps *Persister) Save(raftstate []byte, snapshot []byte) {
	ps.SaveStateAndSnapshot(raftstate, snapshot)
}

func (ps *Persister) writeLocked(state, snap []byte) {
	if ps.dir != "" {
		if err := writeAtomically(ps.dir, encodePersisted(state, snap)); err != nil {
			log.Fatalf("persister: cannot save: %v", err)
		}
	}
	ps.raftstate, ps.snapshot = state, snap
}

func encodePersisted(state, snap []byte) []byte {
	var buf bytes.Buffer
	buf.Write(persisterMagic)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(state)))
	buf.Write(n[:])
	buf.Write(state)
	binary.BigEndian.PutUint64(n[:], uint64(len(snap)))
	buf.Write(n[:])
	buf.Write(snap)
	var c [4]byte
	binary.BigEndian.PutUint32(c[:], crc32.ChecksumIEEE(buf.Bytes()))
	buf.Write(c[:])
	return buf.Bytes()
}

func decodePersisted(data []byte) (state, snap []byte, err error) {
	if len(data) < len(persisterMagic)+20 || !bytes.Equal(data[:len(persisterMagic)], persisterMagic) {
		return nil, nil, fmt.Errorf("not a persister file or cut short (%d bytes)", len(data))
	}
	body, sum := data[:len(data)-4], binary.BigEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, nil, fmt.Errorf("checksum mismatch")
	}
	r := bytes.NewReader(body[len(persisterMagic):])
	read := func() ([]byte, error) {
		var n uint64
		if err := binary.Read(r, binary.BigEndian, &n); err != nil {
			return nil, err
		}
		if n > uint64(r.Len()) {
			return nil, fmt.Errorf("length %d past the end", n)
		}
		b := make([]byte, n)
		_, err := io.ReadFull(r, b)
		return b, err
	}
	if state, err = read(); err != nil {
		return nil, nil, err
	}
	if snap, err = read(); err != nil {
		return nil, nil, err
	}
	if len(state) == 0 {
		state = nil
	}
	if len(snap) == 0 {
		snap = nil
	}
	return state, snap, nil
}

func writeAtomically(dir string, data []byte) error {
	tmp := filepath.Join(dir, persisterFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, persisterFile)); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
