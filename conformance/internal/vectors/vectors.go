// Package vectors produces the byte streams the benchmarks decode and encode, framed exactly
// as Go's net/rpc gob codec frames them: per call a rpc.Request header value followed by the
// argument value (a pointer to an `any`, as Argo passes it); per reply a rpc.Response header
// followed by the result value.
package vectors

import (
	"bytes"
	"encoding/gob"
	"net/rpc"

	"github.com/rollouts-java/conformance/internal/fixtures"
)

// Pair is a stream's first message group (with every type definition it needs) and a later,
// identical one (steady state: no type definitions) that continues the same gob stream.
type Pair struct {
	First, Steady []byte
}

// Request returns the first and a steady-state call of method with the argument, as the host
// writes them on a fresh Plugin stream (seq 0 and seq 1).
func Request(method string, arg any) (Pair, error) {
	return pair(func(seq uint64) any { return &rpc.Request{ServiceMethod: method, Seq: seq} }, &arg)
}

// Reply returns the first and a steady-state reply of method with the result, as a Go plugin
// writes them (seq 0 and seq 1).
func Reply(method string, result any) (Pair, error) {
	return pair(func(seq uint64) any { return &rpc.Response{ServiceMethod: method, Seq: seq} }, result)
}

// pair encodes header(0), body, header(1), body on one gob stream and splits the bytes.
func pair(header func(seq uint64) any, body any) (Pair, error) {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	var chunks [2][]byte
	for seq := range uint64(2) {
		start := buf.Len()
		if err := enc.Encode(header(seq)); err != nil {
			return Pair{}, err
		}
		if err := enc.Encode(body); err != nil {
			return Pair{}, err
		}
		chunks[seq] = bytes.Clone(buf.Bytes()[start:])
	}
	return Pair{First: chunks[0], Steady: chunks[1]}, nil
}

// Named is one vector pair with its file name stem and what it carries.
type Named struct {
	Name string
	Pair
	// Method is the header's ServiceMethod; Body the argument or result value (by value).
	Method string
	Body   any
	// Reply tells whether the header is a rpc.Response (else a rpc.Request).
	Reply bool
}

// All returns the benchmark payloads: the metric Plugin.Run request, the router
// Plugin.SetWeight request and the Measurement reply of Plugin.Run.
func All() ([]Named, error) {
	run, err := Request("Plugin.Run", fixtures.MetricRunArgs())
	if err != nil {
		return nil, err
	}
	setWeight, err := Request("Plugin.SetWeight", fixtures.SetWeightArgs())
	if err != nil {
		return nil, err
	}
	m := fixtures.CompletedMeasurement()
	reply, err := Reply("Plugin.Run", &m)
	if err != nil {
		return nil, err
	}
	return []Named{
		{Name: "metric-run-request", Pair: run, Method: "Plugin.Run", Body: fixtures.MetricRunArgs()},
		{Name: "setweight-request", Pair: setWeight, Method: "Plugin.SetWeight", Body: fixtures.SetWeightArgs()},
		{Name: "measurement-reply", Pair: reply, Method: "Plugin.Run", Body: m, Reply: true},
	}, nil
}
