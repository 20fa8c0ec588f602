package conformance

import (
	"fmt"
	"io"
	"net/rpc"
	"os"
	"strconv"
	"testing"

	"github.com/rollouts-java/conformance/internal/fixtures"
	"github.com/rollouts-java/conformance/internal/gobcheck"
	"github.com/rollouts-java/conformance/internal/harness"
	"github.com/rollouts-java/conformance/internal/randval"
)

// goReference round-trips the items Go -> Go and fails the test if that alone changes a
// value beyond what gob cannot carry (gobcheck.GobVisibleDiff; with exact, nothing may
// change). Every later difference is then Java's.
func goReference(t *testing.T, items []fixtures.Item, exact bool, context string) []any {
	t.Helper()
	want, err := gobcheck.RoundTrip(items)
	if err != nil {
		t.Fatalf("%sGo -> Go round trip failed: %v", context, err)
	}
	for i, it := range items {
		diff := gobcheck.GobVisibleDiff
		if exact {
			diff = gobcheck.Diff
		}
		if d := diff(it.Value, want[i]); d != "" {
			t.Fatalf("%sGo -> Go round trip changes %s, the fixture is not gob-stable (-original +decoded):\n%s", context, it.Name, d)
		}
	}
	return want
}

// throughJava sends the items on one gob stream through `harness args...` and returns what
// Go decodes from the harness's output stream.
func throughJava(t *testing.T, args []string, items []fixtures.Item) ([]any, error) {
	t.Helper()
	var got []any
	err := harness.Stream(t, args,
		func(w io.Writer) error { return gobcheck.Encode(w, items) },
		func(r io.Reader) error {
			var err error
			got, err = gobcheck.Decode(r, items)
			return err
		})
	return got, err
}

// assertSame compares Java's values with the Go reference, type by type.
func assertSame(t *testing.T, items []fixtures.Item, want, got []any, context string) {
	t.Helper()
	for i, it := range items {
		if wt, gt := gobcheck.DynamicType(want[i]), gobcheck.DynamicType(got[i]); wt != gt {
			t.Errorf("%s%s: Java sent a %s, Go sent a %s", context, it.Name, gt, wt)
			continue
		}
		if d := gobcheck.Diff(want[i], got[i]); d != "" {
			t.Errorf("%s%s differs after the Java round trip (-go +java):\n%s", context, it.Name, d)
		}
	}
}

func roundTripThroughJava(t *testing.T, args []string, items []fixtures.Item, exact bool, context string) {
	t.Helper()
	want := goReference(t, items, exact, context)
	got, err := throughJava(t, args, items)
	if err != nil {
		t.Fatalf("%s%v", context, err)
	}
	assertSame(t, items, want, got, context)
}

// TestGobEchoArguments sends every argument Argo sends, encoded exactly as Argo's client
// encodes it (a pointer to an `any` holding the argument struct), through the Java generic
// decoder and encoder, and requires Go to decode the same registered type and value.
func TestGobEchoArguments(t *testing.T) {
	items := append([]fixtures.Item{fixtures.NilArgument()}, fixtures.Arguments()...)
	for _, it := range items {
		t.Run(it.Name, func(t *testing.T) {
			roundTripThroughJava(t, []string{"gob-echo"}, []fixtures.Item{it}, false, "")
		})
	}
}

// TestGobEchoOneStream sends all arguments twice on one stream, so the second occurrence of
// every type reuses the type definitions of the first, then the same values framed as
// net/rpc frames them (rpc.Request header, argument) with the nil argument of InitPlugin.
func TestGobEchoOneStream(t *testing.T) {
	args := fixtures.Arguments()
	var items []fixtures.Item
	items = append(items, args...)
	items = append(items, args...)
	items = append(items, fixtures.NilArgument())
	roundTripThroughJava(t, []string{"gob-echo"}, items, false, "one stream: ")

	var calls []fixtures.Item
	methods := []string{"Plugin.InitPlugin"}
	bodies := []fixtures.Item{fixtures.NilArgument()}
	for _, a := range args {
		methods = append(methods, "Plugin."+a.Name)
		bodies = append(bodies, a)
	}
	for seq := range 2 * len(bodies) {
		i := seq % len(bodies)
		header := rpc.Request{ServiceMethod: methods[i], Seq: uint64(seq)}
		calls = append(calls,
			fixtures.Item{Name: fmt.Sprintf("header %d", seq), Value: &header, New: func() any { return new(rpc.Request) }},
			bodies[i])
	}
	roundTripThroughJava(t, []string{"gob-echo"}, calls, false, "net/rpc framed: ")
}

// TestGobTypedResults sends every result type through the Java typed records (decode into
// the record, encode the record) and requires Go to decode the same value into its type.
func TestGobTypedResults(t *testing.T) {
	groups := map[string][]fixtures.Item{}
	for _, it := range fixtures.Results() {
		groups[it.HarnessType] = append(groups[it.HarnessType], it)
	}
	for _, typ := range randval.ResultTypes {
		items := groups[typ]
		if len(items) == 0 {
			t.Fatalf("no fixture for result type %s", typ)
		}
		t.Run(typ, func(t *testing.T) {
			// Each value twice: the second reuses the type definitions.
			roundTripThroughJava(t, []string{"gob-typed", typ}, append(items, items...), false, "")
		})
	}
}

const (
	defaultSeed       = 20250314
	defaultIterations = 20
)

func envInt(t *testing.T, name string, def int64) int64 {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, s, err)
	}
	return v
}

// TestGobRandomRoundTrip fills every argument and result type with random values gob can
// represent (see package randval) and requires them to survive Go -> Java -> Go unchanged.
// The seed is fixed (CONFORMANCE_SEED overrides it, CONFORMANCE_ITERATIONS the count) and
// printed with every failure.
func TestGobRandomRoundTrip(t *testing.T) {
	seed := envInt(t, "CONFORMANCE_SEED", defaultSeed)
	iterations := int(envInt(t, "CONFORMANCE_ITERATIONS", defaultIterations))
	if testing.Short() {
		iterations = 3
	}
	context := fmt.Sprintf("seed %d (rerun with CONFORMANCE_SEED=%d): ", seed, seed)

	t.Run("arguments", func(t *testing.T) {
		f := randval.NewFiller(seed)
		var items []fixtures.Item
		for i := range iterations {
			items = append(items, randval.Arguments(f, i)...)
		}
		roundTripThroughJava(t, []string{"gob-echo"}, items, true, context)
	})
	for _, typ := range randval.ResultTypes {
		t.Run(typ, func(t *testing.T) {
			f := randval.NewFiller(seed)
			var items []fixtures.Item
			for i := range iterations {
				items = append(items, randval.Result(f, typ, i))
			}
			roundTripThroughJava(t, []string{"gob-typed", typ}, items, true, context)
		})
	}
}

// TestRandomValuesAreGobStable checks the random filler alone (no Java): every random value
// must survive Go -> Go, otherwise the property test above would blame Java for gob's limits.
func TestRandomValuesAreGobStable(t *testing.T) {
	seed := envInt(t, "CONFORMANCE_SEED", defaultSeed)
	f := randval.NewFiller(seed)
	for i := range 10 {
		goReference(t, randval.Arguments(f, i), true, fmt.Sprintf("seed %d: ", seed))
		for _, typ := range randval.ResultTypes {
			goReference(t, []fixtures.Item{randval.Result(f, typ, i)}, true, fmt.Sprintf("seed %d: ", seed))
		}
	}
}
