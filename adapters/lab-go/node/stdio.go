package node

import (
	"os"
	"syscall"
)

// protocolOut is the real standard output, kept for Maelstrom messages only. At start the
// process's fd 1 and os.Stdout are pointed at stderr, so the lab package's fmt.Println and log
// output land in the node's log and never inside the protocol.
var protocolOut *os.File

func init() {
	fd, err := syscall.Dup(1)
	if err != nil {
		protocolOut = os.Stdout
		return
	}
	syscall.CloseOnExec(fd)
	protocolOut = os.NewFile(uintptr(fd), "protocol-stdout")
	_ = syscall.Dup3(2, 1, 0)
	os.Stdout = os.Stderr
}
