package genmodel

import (
	"reflect"

	metricrpc "github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	steprpc "github.com/argoproj/argo-rollouts/rollout/steps/plugin/rpc"
	routerrpc "github.com/argoproj/argo-rollouts/rollout/trafficrouting/plugin/rpc"
	"github.com/argoproj/argo-rollouts/utils/plugin/types"
)

// Root is a Go type that crosses the plugin wire by itself: an rpc argument or result.
type Root struct {
	Type reflect.Type
	// JavaName overrides the record name; empty means the Go name (subject to the
	// collision rule).
	JavaName string
}

func root[T any](javaName string) Root {
	return Root{Type: reflect.TypeFor[T](), JavaName: javaName}
}

// Roots are the arguments and results of every plugin rpc method, plus the shared result
// types. Importing the rpc packages also runs their gob.RegisterName calls, which
// ArgoGobNames reads back.
func Roots() []Root {
	return []Root{
		root[metricrpc.RunArgs](""),
		root[metricrpc.TerminateAndResumeArgs](""),
		root[metricrpc.GarbageCollectArgs](""),
		root[metricrpc.GetMetadataArgs](""),
		root[routerrpc.UpdateHashArgs](""),
		root[routerrpc.SetWeightAndVerifyWeightArgs](""),
		root[routerrpc.SetHeaderArgs](""),
		root[routerrpc.SetMirrorArgs](""),
		root[routerrpc.RemoveManagedRoutesArgs](""),
		root[routerrpc.VerifyWeightResponse](""),
		// The step package reuses the metric package's names (RunArgs) and has generic
		// ones (Response), so all four get a Step prefix.
		root[steprpc.RunArgs]("StepRunArgs"),
		root[steprpc.TerminateArgs]("StepTerminateArgs"),
		root[steprpc.AbortArgs]("StepAbortArgs"),
		root[steprpc.Response]("StepResponse"),
		root[types.RpcError](""),
		root[types.RpcStepContext](""),
		root[types.RpcStepResult](""),
		root[v1alpha1.Measurement](""),
	}
}
