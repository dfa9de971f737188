package node

import (
	"fmt"
	"os"
	"sync"
	"time"

	"labadapter/labrpc"
)

// Transport carries labrpc calls as Maelstrom messages between nodes:
//
//	{type: "labrpc", method: "Raft.RequestVote", args: <base64 gob>, msg_id}
//	{type: "labrpc_reply", in_reply_to, reply: <base64 gob>, ok}
//
// so the host's network (partitions, latency, loss) acts on them. A call with no reply within
// the timeout returns false, as the lab's labrpc does for an unreachable server.
type Transport struct {
	wire    *Wire
	me      int
	peers   []string
	timeout time.Duration
	server  *labrpc.Server
	// reorder, when set, holds back replies as labrpc's long reordering does.
	reorder *LongReordering

	mu      sync.Mutex
	pending map[int64]chan Body
}

func NewTransport(wire *Wire, me int, peers []string, timeout time.Duration, server *labrpc.Server) *Transport {
	return &Transport{wire: wire, me: me, peers: peers, timeout: timeout, server: server, pending: map[int64]chan Body{}}
}

// WithLongReordering holds back the replies to this node's calls as labrpc's long reordering
// does, after they arrived, and waits MaxReorderDelay longer for them.
func (t *Transport) WithLongReordering(r *LongReordering) *Transport {
	t.reorder = r
	t.timeout += MaxReorderDelay
	return t
}

func (t *Transport) Call(peer int, svcMeth string, args []byte) ([]byte, bool) {
	if peer == t.me {
		// A node always reaches itself.
		out, err := t.server.Dispatch(svcMeth, args)
		if err != nil {
			fmt.Fprintf(os.Stderr, "lab-node: %v\n", err)
			return nil, false
		}
		return out, true
	}
	if peer < 0 || peer >= len(t.peers) {
		return nil, false
	}
	id := t.wire.NewMsgID()
	ch := make(chan Body, 1)
	t.mu.Lock()
	t.pending[id] = ch
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		delete(t.pending, id)
		t.mu.Unlock()
	}()
	t.wire.Send(t.peers[peer], map[string]interface{}{"type": "labrpc", "method": svcMeth, "args": args, "msg_id": id})
	timer := time.NewTimer(t.timeout)
	defer timer.Stop()
	select {
	case b := <-ch:
		if b.OK == nil || !*b.OK {
			return nil, false
		}
		return b.Reply, true
	case <-timer.C:
		return nil, false
	}
}

// OnReply routes a labrpc_reply to its waiting call (late replies are dropped). With long
// reordering the reply may be held back first: it came through the network (a cut made later does
// not stop it, as in labrpc, where the delay follows the handler and the reachability check).
func (t *Transport) OnReply(b Body) {
	if b.InReplyTo == nil {
		return
	}
	if t.reorder != nil {
		if d := t.reorder.Delay(); d > 0 {
			time.AfterFunc(d, func() { t.deliver(b) })
			return
		}
	}
	t.deliver(b)
}

func (t *Transport) deliver(b Body) {
	t.mu.Lock()
	ch := t.pending[*b.InReplyTo]
	t.mu.Unlock()
	if ch != nil {
		select {
		case ch <- b:
		default:
		}
	}
}

// OnRequest runs a peer's call in its own goroutine, as the lab's labrpc does, and answers it.
func (t *Transport) OnRequest(m Message, b Body) {
	go func() {
		out, err := t.server.Dispatch(b.Method, b.Args)
		ok := err == nil
		if err != nil {
			fmt.Fprintf(os.Stderr, "lab-node: call from %s: %v\n", m.Src, err)
		}
		body := map[string]interface{}{"type": "labrpc_reply", "ok": ok}
		if ok {
			body["reply"] = out
		}
		t.wire.Reply(m.Src, b.MsgID, body)
	}()
}
