// Package labrpc matches the Raft lab's labrpc API over a real network: a ClientEnd's Call
// encodes the arguments with labgob, sends them through a Transport, and decodes the reply.
// Call returns false when no reply comes back within the transport's timeout (a dead or cut-off
// peer, a lost request or reply); calls may run concurrently. A Server dispatches requests to
// the exported methods of registered services by reflection, as the lab's does: a handler is a
// method with two arguments, the second a pointer to the reply, and no results.
package labrpc

import (
	"bytes"
	"fmt"
	"log"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"labadapter/labgob"
)

// Transport carries one encoded request to a peer and returns its encoded reply, or ok=false
// when none arrived in time.
type Transport interface {
	Call(peer int, svcMeth string, args []byte) (reply []byte, ok bool)
}

type ClientEnd struct {
	peer      int
	transport Transport
	// Bytes counts the encoded argument bytes sent (the lab's tester measures RPC bytes).
	Bytes int64
	Count int64
}

// MakeEnd returns the end that reaches peer through transport.
func MakeEnd(peer int, transport Transport) *ClientEnd {
	return &ClientEnd{peer: peer, transport: transport}
}

// Call sends an RPC and waits for the reply. It returns true when the peer answered; reply is
// then filled in. False means no answer in time: reply's content must not be used.
func (e *ClientEnd) Call(svcMeth string, args interface{}, reply interface{}) bool {
	var buf bytes.Buffer
	if err := labgob.NewEncoder(&buf).Encode(args); err != nil {
		log.Fatalf("labrpc.ClientEnd.Call(%s): cannot encode the arguments: %v", svcMeth, err)
	}
	atomic.AddInt64(&e.Bytes, int64(buf.Len()))
	atomic.AddInt64(&e.Count, 1)
	out, ok := e.transport.Call(e.peer, svcMeth, buf.Bytes())
	if !ok {
		return false
	}
	if err := labgob.NewDecoder(bytes.NewBuffer(out)).Decode(reply); err != nil {
		log.Fatalf("labrpc.ClientEnd.Call(%s): cannot decode the reply: %v", svcMeth, err)
	}
	return true
}

// Server holds the services of one node.
type Server struct {
	mu       sync.Mutex
	services map[string]*Service
}

func MakeServer() *Server {
	return &Server{services: map[string]*Service{}}
}

func (rs *Server) AddService(svc *Service) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.services[svc.name] = svc
}

// Dispatch runs "Service.Method" on the encoded arguments and returns the encoded reply.
// An unknown service or method, or arguments that do not decode, is an error (the lab's
// labrpc stops the tester there); the caller answers with no reply.
func (rs *Server) Dispatch(svcMeth string, args []byte) ([]byte, error) {
	dot := strings.LastIndex(svcMeth, ".")
	if dot < 0 {
		return nil, fmt.Errorf("labrpc: %q is not Service.Method", svcMeth)
	}
	name, method := svcMeth[:dot], svcMeth[dot+1:]
	rs.mu.Lock()
	svc, ok := rs.services[name]
	known := make([]string, 0, len(rs.services))
	for n := range rs.services {
		known = append(known, n)
	}
	rs.mu.Unlock()
	if !ok {
		sort.Strings(known)
		return nil, fmt.Errorf("labrpc: unknown service %s in %s; expecting one of %v", name, svcMeth, known)
	}
	return svc.dispatch(method, args)
}

// Service is one receiver's handler methods.
type Service struct {
	name    string
	rcvr    reflect.Value
	methods map[string]reflect.Method
}

// MakeService collects rcvr's exported methods that look like RPC handlers.
func MakeService(rcvr interface{}) *Service {
	svc := &Service{
		rcvr:    reflect.ValueOf(rcvr),
		name:    reflect.Indirect(reflect.ValueOf(rcvr)).Type().Name(),
		methods: map[string]reflect.Method{},
	}
	t := reflect.TypeOf(rcvr)
	for m := 0; m < t.NumMethod(); m++ {
		method := t.Method(m)
		mtype := method.Type
		if method.PkgPath != "" || mtype.NumIn() != 3 || mtype.In(2).Kind() != reflect.Ptr || mtype.NumOut() != 0 {
			continue
		}
		svc.methods[method.Name] = method
	}
	return svc
}

// Name is the service name ("Raft" for a *Raft).
func (svc *Service) Name() string { return svc.name }

func (svc *Service) dispatch(name string, args []byte) ([]byte, error) {
	method, ok := svc.methods[name]
	if !ok {
		known := make([]string, 0, len(svc.methods))
		for n := range svc.methods {
			known = append(known, n)
		}
		sort.Strings(known)
		return nil, fmt.Errorf("labrpc: unknown method %s of service %s; expecting one of %v", name, svc.name, known)
	}
	argsType := method.Type.In(1)
	argsPtr := reflect.New(argsType)
	if err := labgob.NewDecoder(bytes.NewBuffer(args)).Decode(argsPtr.Interface()); err != nil {
		return nil, fmt.Errorf("labrpc: cannot decode the arguments of %s.%s: %v", svc.name, name, err)
	}
	replyType := method.Type.In(2).Elem()
	replyPtr := reflect.New(replyType)
	method.Func.Call([]reflect.Value{svc.rcvr, argsPtr.Elem(), replyPtr})
	var out bytes.Buffer
	if err := labgob.NewEncoder(&out).EncodeValue(replyPtr); err != nil {
		return nil, fmt.Errorf("labrpc: cannot encode the reply of %s.%s: %v", svc.name, name, err)
	}
	return out.Bytes(), nil
}
