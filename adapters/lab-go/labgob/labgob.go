// Package labgob matches the Raft lab's labgob API: a gob encoder and decoder that warn, once
// per process, about the two mistakes gob lets pass silently: a struct field with a lower-case
// name (gob drops it, so it is never sent or persisted) and decoding into a value that is not
// the zero value (gob keeps the old content of fields the encoded value left at their default).
package labgob

import (
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"reflect"
	"sync"
	"unicode"
	"unicode/utf8"
)

var (
	warnMu     sync.Mutex
	warnedCase bool
	warnedZero bool
	// Warnings counts every warning given (also those not printed again), for tests.
	Warnings int
	// Output receives the warnings (the node's log: stderr).
	Output io.Writer = os.Stderr
)

type LabEncoder struct {
	gob *gob.Encoder
}

func NewEncoder(w io.Writer) *LabEncoder {
	return &LabEncoder{gob: gob.NewEncoder(w)}
}

func (enc *LabEncoder) Encode(e interface{}) error {
	checkValue(e)
	return enc.gob.Encode(e)
}

func (enc *LabEncoder) EncodeValue(value reflect.Value) error {
	checkValue(value.Interface())
	return enc.gob.EncodeValue(value)
}

type LabDecoder struct {
	gob *gob.Decoder
}

func NewDecoder(r io.Reader) *LabDecoder {
	return &LabDecoder{gob: gob.NewDecoder(r)}
}

func (dec *LabDecoder) Decode(e interface{}) error {
	checkValue(e)
	checkDefault(e)
	return dec.gob.Decode(e)
}

func Register(value interface{}) {
	checkValue(value)
	gob.Register(value)
}

func RegisterName(name string, value interface{}) {
	checkValue(value)
	gob.RegisterName(name, value)
}

func checkValue(value interface{}) {
	if value == nil {
		return
	}
	checkType(reflect.TypeOf(value), map[reflect.Type]bool{})
}

func checkType(t reflect.Type, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			r, _ := utf8.DecodeRuneInString(f.Name)
			if !unicode.IsUpper(r) {
				warn(&warnedCase, fmt.Sprintf("labgob error: lower-case field %v of %v in an RPC or in persisted state: gob ignores it, so your Raft never sends or saves it", f.Name, t.Name()))
			}
			checkType(f.Type, seen)
		}
	case reflect.Slice, reflect.Array, reflect.Ptr:
		checkType(t.Elem(), seen)
	case reflect.Map:
		checkType(t.Elem(), seen)
		checkType(t.Key(), seen)
	}
}

// checkDefault warns when e (a pointer) points at a value that is not the zero value: gob
// leaves fields that were default in the encoded value untouched, so old content survives.
func checkDefault(e interface{}) {
	if e == nil {
		return
	}
	v := reflect.ValueOf(e)
	if v.Kind() != reflect.Ptr || v.IsNil() {
		return
	}
	checkDefaultValue(v.Elem(), 1, "")
}

func checkDefaultValue(v reflect.Value, depth int, name string) {
	if depth > 3 {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			n := f.Name
			if name != "" {
				n = name + "." + n
			}
			checkDefaultValue(v.Field(i), depth+1, n)
		}
		return
	case reflect.Ptr:
		if v.IsNil() {
			return
		}
		checkDefaultValue(v.Elem(), depth+1, name)
		return
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
		if !v.IsZero() {
			what := name
			if what == "" {
				what = v.Type().String()
			}
			warn(&warnedZero, fmt.Sprintf("labgob warning: decoding into a non-default variable/field %v may not work: gob keeps the old value where the encoded one is default", what))
		}
	}
}

func warn(once *bool, text string) {
	warnMu.Lock()
	defer warnMu.Unlock()
	Warnings++
	if *once {
		return
	}
	*once = true
	fmt.Fprintln(Output, text)
}
