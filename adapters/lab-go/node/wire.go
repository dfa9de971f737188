package node

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
)

// Message is Maelstrom's envelope: one JSON object per line on stdin and stdout.
type Message struct {
	Src  string          `json:"src"`
	Dest string          `json:"dest"`
	Body json.RawMessage `json:"body"`
}

// Body holds the fields of every message type this node reads.
type Body struct {
	Type      string          `json:"type"`
	MsgID     *int64          `json:"msg_id,omitempty"`
	InReplyTo *int64          `json:"in_reply_to,omitempty"`
	NodeID    string          `json:"node_id,omitempty"`
	NodeIDs   []string        `json:"node_ids,omitempty"`
	Key       json.RawMessage `json:"key,omitempty"`
	Value     json.RawMessage `json:"value,omitempty"`
	From      json.RawMessage `json:"from,omitempty"`
	To        json.RawMessage `json:"to,omitempty"`
	Method    string          `json:"method,omitempty"`
	Args      []byte          `json:"args,omitempty"`
	Reply     []byte          `json:"reply,omitempty"`
	OK        *bool           `json:"ok,omitempty"`
	Code      int             `json:"code,omitempty"`
	Text      string          `json:"text,omitempty"`
}

// Maelstrom error codes used here.
const (
	ErrTimeout            = 0  // indefinite
	ErrTemporarilyUnavail = 11 // definite: the operation did not take effect
	ErrKeyDoesNotExist    = 20 // definite
	ErrPreconditionFailed = 22 // definite
	ErrMalformedRequest   = 12 // definite
)

// Wire writes messages to the protocol stdout, one line each, whole lines only.
type Wire struct {
	mu     sync.Mutex
	out    *bufio.Writer
	self   string
	nextID int64
}

func NewWire(out io.Writer) *Wire {
	return &Wire{out: bufio.NewWriter(out)}
}

func (w *Wire) NewMsgID() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.nextID++
	return w.nextID
}

// Send writes body (any JSON-marshalable value) to dest.
func (w *Wire) Send(dest string, body interface{}) {
	raw, err := json.Marshal(body)
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab-node: cannot encode a message body: %v\n", err)
		return
	}
	line, _ := json.Marshal(Message{Src: w.self, Dest: dest, Body: raw})
	w.mu.Lock()
	defer w.mu.Unlock()
	w.out.Write(line)
	w.out.WriteByte('\n')
	w.out.Flush()
}

// Reply answers req (whose msg_id is msgID) with body, setting in_reply_to.
func (w *Wire) Reply(dest string, msgID *int64, body map[string]interface{}) {
	if msgID != nil {
		body["in_reply_to"] = *msgID
	}
	body["msg_id"] = w.NewMsgID()
	w.Send(dest, body)
}

// ReplyError answers with Maelstrom's error message.
func (w *Wire) ReplyError(dest string, msgID *int64, code int, text string) {
	w.Reply(dest, msgID, map[string]interface{}{"type": "error", "code": code, "text": text})
}

// ReadMessages calls handle for every line of in until it ends.
func ReadMessages(in io.Reader, handle func(Message, Body)) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		var m Message
		if err := json.Unmarshal(line, &m); err != nil {
			fmt.Fprintf(os.Stderr, "lab-node: ignoring a line that is not a message: %v: %.200s\n", err, line)
			continue
		}
		var b Body
		if err := json.Unmarshal(m.Body, &b); err != nil {
			fmt.Fprintf(os.Stderr, "lab-node: ignoring a message with a bad body: %v: %.200s\n", err, line)
			continue
		}
		handle(m, b)
	}
	return sc.Err()
}
