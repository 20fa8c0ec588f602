package genmodel

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// GobName returns the name under which t is registered with gob (gob.Register or
// gob.RegisterName), read back from the wire: a zero T is encoded as an interface value,
// exactly as Argo's clients send arguments, and the name is taken from the first message
// (gob.md §7). ok is false when t is not registered.
func GobName(t reflect.Type) (name string, ok bool, err error) {
	v := reflect.New(reflect.TypeFor[any]())
	v.Elem().Set(reflect.New(t)) // Argo registers new(T); gob names T and *T alike
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).EncodeValue(v); err != nil {
		if strings.Contains(err.Error(), "type not registered for interface") {
			return "", false, nil
		}
		return "", false, err
	}
	name, err = interfaceName(buf.Bytes())
	return name, err == nil, err
}

// interfaceName parses `uint length, int typeId (8 = interface), 00, uint nameLength, name`.
func interfaceName(b []byte) (string, error) {
	r := wireReader{b: b}
	r.uint() // message length
	if id := r.int(); id != 8 {
		return "", fmt.Errorf("gob: top-level type id %d, want 8 (interface)", id)
	}
	if r.uint() != 0 {
		return "", errors.New("gob: missing singleton marker before the interface value")
	}
	n := r.uint()
	if r.err != nil || n > uint64(len(r.b)) {
		return "", errors.New("gob: truncated interface name")
	}
	return string(r.b[:n]), nil
}

// wireReader decodes gob integers (gob.md §1.1, §1.2).
type wireReader struct {
	b   []byte
	err error
}

func (r *wireReader) uint() uint64 {
	if len(r.b) == 0 {
		r.err = errors.New("gob: unexpected end")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	if c < 0x80 {
		return uint64(c)
	}
	n := int(-int8(c))
	if n > 8 || n > len(r.b) {
		r.err = errors.New("gob: bad unsigned integer")
		return 0
	}
	var x uint64
	for _, d := range r.b[:n] {
		x = x<<8 | uint64(d)
	}
	r.b = r.b[n:]
	return x
}

func (r *wireReader) int() int64 {
	u := r.uint()
	if u&1 != 0 {
		return ^int64(u >> 1)
	}
	return int64(u >> 1)
}

// GobNames maps the gob name of every registered root to its record name.
func (m *Model) GobNames(roots []Root) (map[string]string, error) {
	names := map[string]string{}
	for _, r := range roots {
		name, ok, err := GobName(r.Type)
		if err != nil {
			return nil, fmt.Errorf("gob name of %s: %w", qualified(r.Type), err)
		}
		if ok {
			names[name] = m.RecordOf(r.Type).Name
		}
	}
	return names, nil
}
