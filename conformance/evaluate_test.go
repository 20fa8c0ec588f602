package conformance

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	"github.com/argoproj/argo-rollouts/utils/evaluate"
	"github.com/sirupsen/logrus"
)

// updateEvaluateCorpus rewrites the expected outcomes of the evaluate corpus from what Argo's
// own evaluate package answers: `go test -run Evaluate -update`.
var updateEvaluateCorpus = flag.Bool("update", false, "rewrite testdata/evaluate/corpus.json from Argo's outcomes")

const evaluateCorpusPath = "testdata/evaluate/corpus.json"

// evaluateCorpus is the shared corpus: the Java test (metric-provider-prometheus) reads the
// same file and must agree with every outcome recorded here.
type evaluateCorpus struct {
	Description []string       `json:"description"`
	Cases       []evaluateCase `json:"cases"`
}

type evaluateCase struct {
	Name    string          `json:"name"`
	Success string          `json:"success"`
	Failure string          `json:"failure"`
	Result  taggedResult    `json:"result"`
	Want    evaluateOutcome `json:"want"`
}

// taggedResult carries a Go value through JSON with its Go type: JSON alone cannot tell a
// float64 from a []float64 element, and has no NaN or infinities.
//
//	nil       untyped nil (a provider that found nothing)
//	nilptr    (*float64)(nil), as Datadog passes an empty series
//	ptr       *float64 pointing at value
//	float64   value: number, or "NaN", "+Inf", "-Inf"
//	[]float64 value: array of the same (Prometheus vectors and matrices)
//	int       Go int
//	string    Go string
//	bool      Go bool
//	json      value decoded by encoding/json into any (web metric provider):
//	          float64, string, bool, nil, []any, map[string]any
type taggedResult struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value,omitempty"`
}

type evaluateOutcome struct {
	Phase string `json:"phase"`
	Error string `json:"error"`
}

func TestEvaluateCorpus(t *testing.T) {
	raw, err := os.ReadFile(evaluateCorpusPath)
	if err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	var corpus evaluateCorpus
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatalf("parse corpus: %v", err)
	}
	if len(corpus.Cases) < 300 {
		t.Errorf("corpus has %d cases, want at least 300", len(corpus.Cases))
	}
	names := map[string]bool{}
	logCtx := *logrus.NewEntry(logrus.New())
	changed := 0
	for i := range corpus.Cases {
		c := &corpus.Cases[i]
		if names[c.Name] {
			t.Errorf("duplicate case name %q", c.Name)
		}
		names[c.Name] = true
		result, err := c.Result.goValue()
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		metric := v1alpha1.Metric{SuccessCondition: c.Success, FailureCondition: c.Failure}
		phase, evalErr := evaluate.EvaluateResult(result, metric, logCtx)
		got := evaluateOutcome{Phase: string(phase)}
		if evalErr != nil {
			got.Error = evalErr.Error()
		}
		if got != c.Want {
			if *updateEvaluateCorpus {
				c.Want = got
				changed++
				continue
			}
			t.Errorf("%s: success=%q failure=%q result=%s: corpus says %+v, Argo says %+v",
				c.Name, c.Success, c.Failure, c.Result, c.Want, got)
		}
	}
	if *updateEvaluateCorpus {
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(corpus); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Clean(evaluateCorpusPath), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %d of %d outcomes in %s", changed, len(corpus.Cases), evaluateCorpusPath)
	}
}

func (r taggedResult) String() string {
	return fmt.Sprintf("%s:%s", r.Type, string(r.Value))
}

func (r taggedResult) goValue() (any, error) {
	switch r.Type {
	case "nil":
		return nil, nil
	case "nilptr":
		return (*float64)(nil), nil
	case "ptr":
		f, err := taggedFloat(r.Value)
		return &f, err
	case "float64":
		return taggedFloat(r.Value)
	case "[]float64":
		var items []json.RawMessage
		if err := json.Unmarshal(r.Value, &items); err != nil {
			return nil, err
		}
		out := make([]float64, 0, len(items))
		for _, it := range items {
			f, err := taggedFloat(it)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, nil
	case "int":
		var i int
		err := json.Unmarshal(r.Value, &i)
		return i, err
	case "string":
		var s string
		err := json.Unmarshal(r.Value, &s)
		return s, err
	case "bool":
		var b bool
		err := json.Unmarshal(r.Value, &b)
		return b, err
	case "json":
		var v any
		err := json.Unmarshal(r.Value, &v)
		return v, err
	}
	return nil, fmt.Errorf("unknown result type %q", r.Type)
}

// taggedFloat reads a JSON number or one of the strings "NaN", "+Inf", "-Inf".
func taggedFloat(raw json.RawMessage) (float64, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "NaN":
			return math.NaN(), nil
		case "+Inf":
			return math.Inf(1), nil
		case "-Inf":
			return math.Inf(-1), nil
		}
		return 0, fmt.Errorf("bad float tag %q", s)
	}
	var f float64
	err := json.Unmarshal(raw, &f)
	return f, err
}
