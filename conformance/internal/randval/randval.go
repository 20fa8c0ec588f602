// Package randval fills Argo's wire types with random values that gob can represent
// exactly, so that a Go -> gob -> Go round trip returns them unchanged.
//
// What gob cannot represent, and how the filler avoids it:
//   - a pointer to a zero scalar (0, "", false, zero time) is omitted like a nil pointer and
//     decodes as nil: such pointers are set to nil;
//   - an empty but non-nil slice or map inside a struct is omitted and decodes as nil: the
//     filler never creates one (at least one element) and the normaliser turns any into nil;
//   - a nil pointer inside a slice or map cannot be encoded at all: no wire type has one;
//   - resource.Quantity sends only its Format (the amount is unexported): it gets a Format
//     and no amount;
//   - metav1.Time travels as time.MarshalBinary: random instants with nanoseconds, in UTC;
//   - intstr.IntOrString uses its own filler, which yields valid (Type, IntVal|StrVal) pairs;
//   - json.RawMessage holds small valid JSON objects, as the API server would send.
package randval

import (
	"encoding/json"
	"fmt"
	"time"

	metricrpc "github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	steprpc "github.com/argoproj/argo-rollouts/rollout/steps/plugin/rpc"
	routerrpc "github.com/argoproj/argo-rollouts/rollout/trafficrouting/plugin/rpc"
	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/randfill"

	"github.com/rollouts-java/conformance/internal/fixtures"
	"github.com/rollouts-java/conformance/internal/gobcheck"
)

// NewFiller returns a deterministic filler for the given seed.
func NewFiller(seed int64) *randfill.Filler {
	return randfill.NewWithSeed(seed).
		NilChance(0.4).
		NumElements(1, 2).
		Funcs(
			func(t *metav1.Time, c randfill.Continue) {
				// 1900..2200, any nanosecond.
				sec := c.Int63n(300*365*24*3600) - 70*365*24*3600
				t.Time = time.Unix(sec, c.Int63n(1e9)).UTC()
			},
			func(q *resource.Quantity, c randfill.Continue) {
				formats := []resource.Format{resource.DecimalSI, resource.BinarySI, resource.DecimalExponent}
				*q = resource.Quantity{Format: formats[c.Intn(len(formats))]}
			},
			func(m *json.RawMessage, c randfill.Continue) {
				obj := map[string]any{"s": c.String(12), "n": c.Int63n(1 << 40), "b": c.Bool()}
				if c.Bool() {
					obj["list"] = []any{c.String(5), c.Float64()}
				}
				raw, err := json.Marshal(obj)
				if err != nil {
					panic(err)
				}
				*m = raw
			},
		)
}

// Fill fills *target and normalises it (see the package comment).
func Fill(f *randfill.Filler, target any) {
	f.Fill(target)
	gobcheck.Normalize(target)
}

func randomValue[T any](f *randfill.Filler) T {
	var v T
	Fill(f, &v)
	return v
}

// Arguments returns one random value of every argument type, wrapped as Argo wraps them.
// The i-th call with the same filler state returns the same values.
func Arguments(f *randfill.Filler, i int) []fixtures.Item {
	name := func(n string) string { return fmt.Sprintf("random %s #%d", n, i) }
	return []fixtures.Item{
		fixtures.Argument(name("metric RunArgs"), randomValue[metricrpc.RunArgs](f)),
		fixtures.Argument(name("metric TerminateAndResumeArgs"), randomValue[metricrpc.TerminateAndResumeArgs](f)),
		fixtures.Argument(name("metric GarbageCollectArgs"), randomValue[metricrpc.GarbageCollectArgs](f)),
		fixtures.Argument(name("metric GetMetadataArgs"), randomValue[metricrpc.GetMetadataArgs](f)),
		fixtures.Argument(name("router UpdateHashArgs"), randomValue[routerrpc.UpdateHashArgs](f)),
		fixtures.Argument(name("router SetWeightAndVerifyWeightArgs"), randomValue[routerrpc.SetWeightAndVerifyWeightArgs](f)),
		fixtures.Argument(name("router SetHeaderArgs"), randomValue[routerrpc.SetHeaderArgs](f)),
		fixtures.Argument(name("router SetMirrorArgs"), randomValue[routerrpc.SetMirrorArgs](f)),
		fixtures.Argument(name("router RemoveManagedRoutesArgs"), randomValue[routerrpc.RemoveManagedRoutesArgs](f)),
		fixtures.Argument(name("step RunArgs"), randomValue[steprpc.RunArgs](f)),
		fixtures.Argument(name("step TerminateArgs"), randomValue[steprpc.TerminateArgs](f)),
		fixtures.Argument(name("step AbortArgs"), randomValue[steprpc.AbortArgs](f)),
	}
}

// Result returns a random value of the result type that `harness gob-typed` calls
// harnessType.
func Result(f *randfill.Filler, harnessType string, i int) fixtures.Item {
	name := fmt.Sprintf("random %s #%d", harnessType, i)
	switch harnessType {
	case "Measurement":
		return fixtures.Result(name, harnessType, randomValue[v1alpha1.Measurement](f))
	case "RpcError":
		return fixtures.Result(name, harnessType, randomValue[types.RpcError](f))
	case "VerifyWeightResponse":
		return fixtures.Result(name, harnessType, randomValue[routerrpc.VerifyWeightResponse](f))
	case "StepResponse":
		return fixtures.Result(name, harnessType, randomValue[steprpc.Response](f))
	case "RpcStepResult":
		return fixtures.Result(name, harnessType, randomValue[types.RpcStepResult](f))
	case "Metadata":
		m := randomValue[map[string]string](f)
		if m == nil {
			// A nil top-level map arrives as an empty map; send what gob can carry.
			m = map[string]string{}
		}
		return fixtures.Result(name, harnessType, m)
	case "String":
		return fixtures.Result(name, harnessType, randomValue[string](f))
	case "Uint32":
		return fixtures.Result(name, harnessType, randomValue[uint32](f))
	case "Empty":
		return fixtures.Result(name, harnessType, struct{}{})
	}
	panic("unknown harness type " + harnessType)
}

// ResultTypes lists the `harness gob-typed` type names, in HARNESS.md order.
var ResultTypes = []string{"Measurement", "RpcError", "VerifyWeightResponse", "StepResponse",
	"RpcStepResult", "Metadata", "String", "Uint32", "Empty"}
