package labrpc

import (
	"sync"
	"testing"
	"time"
)

type EchoArgs struct {
	X    int
	Wait time.Duration
}
type EchoReply struct {
	Y int
}

type Echo struct {
	mu       sync.Mutex
	calls    int
	inFlight int
	maxIn    int
}

func (e *Echo) Double(args *EchoArgs, reply *EchoReply) {
	e.mu.Lock()
	e.inFlight++
	if e.inFlight > e.maxIn {
		e.maxIn = e.inFlight
	}
	e.mu.Unlock()
	time.Sleep(args.Wait)
	e.mu.Lock()
	e.calls++
	e.inFlight--
	e.mu.Unlock()
	reply.Y = 2 * args.X
}

// Not a handler: wrong shape, and unexported.
func (e *Echo) Calls() int                          { return e.calls }
func (e *Echo) helper(args *EchoArgs, r *EchoReply) {}

// loopback delivers to a server in the same process, dropping calls to cut peers and giving up
// after timeout, as the network transport does.
type loopback struct {
	server  *Server
	timeout time.Duration
	mu      sync.Mutex
	cut     map[int]bool
}

func (l *loopback) Call(peer int, svcMeth string, args []byte) ([]byte, bool) {
	l.mu.Lock()
	cut := l.cut[peer]
	l.mu.Unlock()
	if cut {
		time.Sleep(l.timeout)
		return nil, false
	}
	type result struct {
		out []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := l.server.Dispatch(svcMeth, args)
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		return r.out, r.err == nil
	case <-time.After(l.timeout):
		return nil, false
	}
}

func setup() (*Echo, *loopback) {
	echo := &Echo{}
	server := MakeServer()
	server.AddService(MakeService(echo))
	return echo, &loopback{server: server, timeout: 100 * time.Millisecond, cut: map[int]bool{}}
}

func TestCallDispatchesByReflection(t *testing.T) {
	_, net := setup()
	end := MakeEnd(1, net)
	var reply EchoReply
	if !end.Call("Echo.Double", &EchoArgs{X: 21}, &reply) {
		t.Fatal("call failed")
	}
	if reply.Y != 42 {
		t.Fatalf("reply.Y = %d, want 42", reply.Y)
	}
	if end.Count != 1 || end.Bytes == 0 {
		t.Fatalf("count %d bytes %d", end.Count, end.Bytes)
	}
}

func TestHandlersAreOnlyExportedTwoArgumentMethods(t *testing.T) {
	svc := MakeService(&Echo{})
	if _, ok := svc.methods["Double"]; !ok || len(svc.methods) != 1 || svc.Name() != "Echo" {
		t.Fatalf("methods %v name %s", svc.methods, svc.Name())
	}
	_, net := setup()
	if _, err := net.server.Dispatch("Echo.Calls", nil); err == nil {
		t.Fatal("a non-handler method was dispatched")
	}
	if _, err := net.server.Dispatch("Nope.Double", nil); err == nil {
		t.Fatal("an unknown service was dispatched")
	}
}

func TestNoReplyInTimeIsFalse(t *testing.T) {
	_, net := setup()
	end := MakeEnd(1, net)
	var reply EchoReply
	if end.Call("Echo.Double", &EchoArgs{X: 1, Wait: 300 * time.Millisecond}, &reply) {
		t.Fatal("a call slower than the timeout returned true")
	}
	net.cut[1] = true
	if end.Call("Echo.Double", &EchoArgs{X: 1}, &reply) {
		t.Fatal("a call to a cut peer returned true")
	}
}

func TestConcurrentCalls(t *testing.T) {
	echo, net := setup()
	end := MakeEnd(1, net)
	var wg sync.WaitGroup
	errs := make(chan int, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var reply EchoReply
			if !end.Call("Echo.Double", &EchoArgs{X: i, Wait: 50 * time.Millisecond}, &reply) || reply.Y != 2*i {
				errs <- i
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for i := range errs {
		t.Errorf("call %d failed or got a wrong reply", i)
	}
	if echo.Calls() != 20 {
		t.Fatalf("handler ran %d times", echo.Calls())
	}
	if echo.maxIn < 2 {
		t.Fatalf("calls never overlapped (at most %d handler at a time)", echo.maxIn)
	}
}
