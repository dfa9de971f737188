package node

import (
	"fmt"
	"hash/fnv"
	"reflect"
)

// Applied is one ApplyMsg of the lab's applyCh, read by field name so that every year's ApplyMsg
// works (CommandTerm and the snapshot fields are optional).
type Applied struct {
	CommandValid bool
	Command      interface{}
	CommandIndex int
	CommandTerm  int
	// HasCommandTerm: the lab's ApplyMsg has a CommandTerm field (not every year's does).
	HasCommandTerm bool
	SnapshotValid  bool
	Snapshot       []byte
	SnapshotIndex  int
	SnapshotTerm   int
}

func FromApplyMsg(msg interface{}) Applied {
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Ptr {
		v = v.Elem()
	}
	var a Applied
	if v.Kind() != reflect.Struct {
		return a
	}
	boolField := func(name string) bool {
		f := v.FieldByName(name)
		return f.IsValid() && f.Kind() == reflect.Bool && f.Bool()
	}
	intField := func(name string) int {
		f := v.FieldByName(name)
		if f.IsValid() && f.CanInt() {
			return int(f.Int())
		}
		return 0
	}
	a.CommandValid = boolField("CommandValid")
	if f := v.FieldByName("Command"); f.IsValid() && f.CanInterface() {
		a.Command = f.Interface()
	}
	a.CommandIndex = intField("CommandIndex")
	a.CommandTerm = intField("CommandTerm")
	a.HasCommandTerm = v.FieldByName("CommandTerm").IsValid()
	a.SnapshotValid = boolField("SnapshotValid")
	a.SnapshotIndex = intField("SnapshotIndex")
	a.SnapshotTerm = intField("SnapshotTerm")
	if f := v.FieldByName("Snapshot"); f.IsValid() && f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Uint8 {
		a.Snapshot = f.Bytes()
	}
	return a
}

// CommandID is the entry id written to the event log: FNV-1a (32 bits, hex) of the command's
// text, the same function as src/history/digest.ts. Equal commands on two nodes get equal ids.
func CommandID(cmd interface{}) string {
	var text string
	switch c := cmd.(type) {
	case Op:
		text = c.Text()
	case *Op:
		text = c.Text()
	default:
		text = fmt.Sprintf("%T:%v", cmd, cmd)
	}
	return fnvHex(text)
}

func fnvHex(text string) string {
	h := fnv.New32a()
	h.Write([]byte(text))
	return fmt.Sprintf("%08x", h.Sum32())
}
