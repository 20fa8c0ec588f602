// Package gobcheck encodes fixture items on one gob stream, decodes them back, and compares
// decoded values with the semantics the conformance tests need.
package gobcheck

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"net/rpc"
	"reflect"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/rollouts-java/conformance/internal/fixtures"
)

// Encode writes the items as consecutive top-level values on one gob stream, as a single
// gob.Encoder does (each type definition is sent once, before its first use).
func Encode(w io.Writer, items []fixtures.Item) error {
	enc := gob.NewEncoder(w)
	for _, it := range items {
		if err := enc.Encode(it.Value); err != nil {
			return fmt.Errorf("encode %s: %w", it.Name, err)
		}
	}
	return nil
}

// Decode reads one value per item from r with one gob.Decoder, each into item.New().
func Decode(r io.Reader, items []fixtures.Item) ([]any, error) {
	dec := gob.NewDecoder(r)
	out := make([]any, 0, len(items))
	for _, it := range items {
		dst := it.New()
		if err := dec.Decode(dst); err != nil {
			return out, fmt.Errorf("decode value %d (%s): %w", len(out), it.Name, err)
		}
		out = append(out, dst)
	}
	return out, nil
}

// RoundTrip encodes the items with Go and decodes them with Go: the reference every Java
// result is compared with.
func RoundTrip(items []fixtures.Item) ([]any, error) {
	var buf bytes.Buffer
	if err := Encode(&buf, items); err != nil {
		return nil, err
	}
	return Decode(&buf, items)
}

// Unwrap strips the pointers and interfaces around a value: Argo encodes `&args` with args
// holding a T, gob decodes into an `any` holding a *T (names are registered with new(T)).
func Unwrap(v any) any {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface) {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil
	}
	return rv.Interface()
}

// Times are compared as instants (time.Time.Equal): the Java SDK maps metav1.Time to
// java.time.Instant and re-encodes it in UTC, so a zone offset is not expected to survive,
// the instant including nanoseconds is. (All fixtures are in UTC anyway.)
var timeAsInstant = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// ignoreRPCLinks ignores net/rpc's unexported free-list pointers, which gob never carries.
var ignoreRPCLinks = cmpopts.IgnoreUnexported(rpc.Request{}, rpc.Response{})

// Diff compares two values strictly, apart from time zones: a value decoded from Java's
// stream with the Go reference, or a value built to be gob-exact (randval) with its Go -> Go
// round trip. Quantities must agree in their only exported field (Format) and in their
// amount (which gob loses, so it is zero after a round trip).
func Diff(want, got any) string {
	return cmp.Diff(Unwrap(want), Unwrap(got), timeAsInstant, ignoreRPCLinks,
		cmp.Comparer(func(a, b resource.Quantity) bool { return a.Format == b.Format && a.Cmp(b) == 0 }))
}

// GobVisibleDiff compares an original value with its Go -> Go round trip, treating what gob
// cannot carry as equal: pointers to zero scalars and empty slices and maps inside structs
// arrive as nil (see Normalize), and resource.Quantity transmits only its Format (the amount
// lives in unexported fields), so quantities are compared by Format alone.
func GobVisibleDiff(original, decoded any) string {
	return cmp.Diff(NormalizedCopy(Unwrap(original)), Unwrap(decoded), timeAsInstant, ignoreRPCLinks,
		cmp.Comparer(func(a, b resource.Quantity) bool { return a.Format == b.Format }))
}

// DynamicType names the concrete type inside an interface (or the type of v otherwise), so
// tests can check that the registered name, not only the shape, survived.
func DynamicType(v any) string {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Interface {
		rv = rv.Elem()
	}
	if rv.IsValid() && rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return "<nil>"
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return "<invalid>"
	}
	return rv.Type().String()
}
