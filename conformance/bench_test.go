package conformance

import (
	"bytes"
	"encoding/gob"
	"io"
	"net/rpc"
	"testing"

	"github.com/rollouts-java/conformance/internal/fixtures"
	"github.com/rollouts-java/conformance/internal/vectors"
)

// replayReader serves one byte slice at a time to a long-lived gob.Decoder; it implements
// io.ByteReader so that gob does not wrap it in a bufio.Reader that would read ahead.
type replayReader struct{ r bytes.Reader }

func (r *replayReader) Read(p []byte) (int, error) { return r.r.Read(p) }
func (r *replayReader) ReadByte() (byte, error)    { return r.r.ReadByte() }
func (r *replayReader) reset(b []byte)             { r.r.Reset(b) }

func decodeCall(b *testing.B, dec *gob.Decoder) {
	var header rpc.Request
	if err := dec.Decode(&header); err != nil {
		b.Fatal(err)
	}
	var arg any
	if err := dec.Decode(&arg); err != nil {
		b.Fatal(err)
	}
}

func benchmarkRequest(b *testing.B, method string, arg any) {
	pair, err := vectors.Request(method, arg)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("first", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(pair.First)))
		for b.Loop() {
			decodeCall(b, gob.NewDecoder(bytes.NewReader(pair.First)))
		}
	})
	b.Run("steady", func(b *testing.B) {
		var in replayReader
		in.reset(pair.First)
		dec := gob.NewDecoder(&in)
		decodeCall(b, dec)
		b.ReportAllocs()
		b.SetBytes(int64(len(pair.Steady)))
		for b.Loop() {
			in.reset(pair.Steady)
			decodeCall(b, dec)
		}
	})
}

// BenchmarkDecodeMetricRun decodes the host's metric Plugin.Run call (header + RunArgs).
func BenchmarkDecodeMetricRun(b *testing.B) {
	benchmarkRequest(b, "Plugin.Run", fixtures.MetricRunArgs())
}

// BenchmarkDecodeSetWeight decodes the host's router Plugin.SetWeight call.
func BenchmarkDecodeSetWeight(b *testing.B) {
	benchmarkRequest(b, "Plugin.SetWeight", fixtures.SetWeightArgs())
}

// BenchmarkEncodeMeasurementReply encodes a plugin's Plugin.Run reply (header + Measurement):
// "first" on a fresh stream (with type definitions), "steady" on a stream that sent them.
func BenchmarkEncodeMeasurementReply(b *testing.B) {
	m := fixtures.CompletedMeasurement()
	encode := func(b *testing.B, enc *gob.Encoder, seq uint64) {
		if err := enc.Encode(&rpc.Response{ServiceMethod: "Plugin.Run", Seq: seq}); err != nil {
			b.Fatal(err)
		}
		if err := enc.Encode(&m); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			encode(b, gob.NewEncoder(io.Discard), 0)
		}
	})
	b.Run("steady", func(b *testing.B) {
		enc := gob.NewEncoder(io.Discard)
		encode(b, enc, 0)
		b.ReportAllocs()
		seq := uint64(1)
		for b.Loop() {
			encode(b, enc, seq)
			seq++
		}
	})
}
