package conformance

import (
	"bytes"
	"encoding/gob"
	"encoding/hex"
	"net/rpc"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rollouts-java/conformance/internal/gobcheck"
	"github.com/rollouts-java/conformance/internal/vectors"
)

func readHex(t *testing.T, name string) []byte {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("%v (generate with `go run ./cmd/vectors`)", err)
	}
	b, err := hex.DecodeString(strings.Join(strings.Fields(string(text)), ""))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

// TestVectorsDecode decodes the committed testdata streams (first, then steady state, on one
// decoder) and requires the current fixtures. The bytes themselves are not compared: gob
// type ids are process-global, so another binary numbers the types differently.
func TestVectorsDecode(t *testing.T) {
	all, err := vectors.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range all {
		first, steady := readHex(t, v.Name+"-first.hex"), readHex(t, v.Name+"-steady.hex")
		if len(steady) >= len(first) {
			t.Errorf("%s: the steady-state stream (%d bytes) should be shorter than the first (%d)", v.Name, len(steady), len(first))
		}
		dec := gob.NewDecoder(bytes.NewReader(append(first, steady...)))
		for seq := range uint64(2) {
			var method string
			var gotSeq uint64
			if v.Reply {
				var h rpc.Response
				err = dec.Decode(&h)
				method, gotSeq = h.ServiceMethod, h.Seq
			} else {
				var h rpc.Request
				err = dec.Decode(&h)
				method, gotSeq = h.ServiceMethod, h.Seq
			}
			if err != nil || method != v.Method || gotSeq != seq {
				t.Fatalf("%s header %d = %q seq %d, %v", v.Name, seq, method, gotSeq, err)
			}
			var body any = new(any)
			if v.Reply {
				body = reflect.New(reflect.TypeOf(v.Body)).Interface()
			}
			if err := dec.Decode(body); err != nil {
				t.Fatalf("%s body %d: %v", v.Name, seq, err)
			}
			if d := gobcheck.GobVisibleDiff(v.Body, body); d != "" {
				t.Errorf("testdata/%s-*.hex do not hold the current fixtures; run `go run ./cmd/vectors` (-fixture +file):\n%s", v.Name, d)
			}
		}
	}
}
