//go:build !argo_v1_7

package controllerpath

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	stepplugin "github.com/argoproj/argo-rollouts/rollout/steps/plugin"
	stepclient "github.com/argoproj/argo-rollouts/rollout/steps/plugin/client"
	steprpc "github.com/argoproj/argo-rollouts/rollout/steps/plugin/rpc"
	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	"github.com/sirupsen/logrus"

	"github.com/rollouts-java/conformance/internal/fixtures"
)

// stepIndex is the fixture Rollout's plugin step.
const stepIndex = 4

// waitProgress is WaitStep's status JSON.
type waitProgress struct {
	StartedAt time.Time `json:"startedAt"`
	Checks    int       `json:"checks"`
}

// acquireStep obtains the plugin as the rollout reconciler does for a plugin step
// (steps plugin resolver -> client.GetPlugin).
func acquireStep(t *testing.T) steprpc.StepPlugin {
	t.Helper()
	p, err := stepclient.GetPlugin(stepName)
	if err != nil {
		t.Fatalf("GetPlugin: %v", err)
	}
	return p
}

func stepContext(config string, status json.RawMessage) *types.RpcStepContext {
	return &types.RpcStepContext{PluginName: stepName, Config: json.RawMessage(config), Status: status}
}

func progressOf(t *testing.T, what string, r types.RpcStepResult) waitProgress {
	t.Helper()
	var p waitProgress
	if err := json.Unmarshal(r.Status, &p); err != nil {
		t.Fatalf("%s: status %q is not WaitStep's progress: %v", what, r.Status, err)
	}
	return p
}

var leftMessage = regexp.MustCompile(`^(59m[0-9]+s|1h0m0s) left$`)

// TestStepEveryMethod calls every method of the step plugin client with the fixtures' Rollout
// and checks phases, messages, requeue and the status the plugin keeps between calls.
func TestStepEveryMethod(t *testing.T) {
	startController(t, distConfigMap(t))
	ro := fixtures.Rollout()
	p := acquireStep(t)

	if err := p.InitPlugin(); err.HasError() {
		t.Errorf("InitPlugin: %v", err)
	}
	if got := p.Type(); got != "Wait" {
		t.Errorf("Type = %q, want Wait", got)
	}

	first, err := p.Run(ro, stepContext(`{"duration":"1h"}`, nil))
	if err.HasError() {
		t.Fatalf("Run: %v", err)
	}
	if first.Phase != types.PhaseRunning || !leftMessage.MatchString(first.Message) ||
		first.RequeueAfter <= 59*time.Minute || first.RequeueAfter > time.Hour {
		t.Errorf("first Run: phase %q message %q requeue %v, want Running, \"59m..s left\", about 1h",
			first.Phase, first.Message, first.RequeueAfter)
	}
	progress := progressOf(t, "first Run", first)
	if progress.Checks != 1 || progress.StartedAt.IsZero() {
		t.Errorf("first Run: progress %+v, want 1 check and a start time", progress)
	}

	// The controller hands the persisted status back; the plugin counts on from it.
	second, err := p.Run(ro, stepContext(`{"duration":"1h"}`, first.Status))
	if err.HasError() {
		t.Fatalf("second Run: %v", err)
	}
	if got := progressOf(t, "second Run", second); got.Checks != 2 || !got.StartedAt.Equal(progress.StartedAt) {
		t.Errorf("second Run: progress %+v, want 2 checks since %v", got, progress.StartedAt)
	}

	done, err := p.Run(ro, stepContext(`{"duration":"0s"}`, second.Status))
	if err.HasError() || done.Phase != types.PhaseSuccessful || done.Message != "waited 0s in 3 checks" || done.RequeueAfter != 0 {
		t.Errorf("Run of an elapsed wait: %+v, %v; want Successful \"waited 0s in 3 checks\"", done, err)
	}
	failed, err := p.Run(ro, stepContext(`{"duration":"1h","fail":true}`, nil))
	if err.HasError() || failed.Phase != types.PhaseFailed || failed.Message != "failing as configured" {
		t.Errorf("Run with fail: %+v, %v; want Failed \"failing as configured\"", failed, err)
	}

	terminated, err := p.Terminate(ro, stepContext(`{"duration":"1h"}`, first.Status))
	if err.HasError() || terminated.Phase != types.PhaseSuccessful || terminated.Message != "wait terminated" {
		t.Errorf("Terminate: %+v, %v", terminated, err)
	}
	aborted, err := p.Abort(ro, stepContext(`{"duration":"1h"}`, first.Status))
	if err.HasError() || aborted.Phase != types.PhaseSuccessful || aborted.Message != "wait aborted, nothing to undo" {
		t.Errorf("Abort: %+v, %v", aborted, err)
	}

	bad, err := p.Run(ro, stepContext(`{"duration":"soon"}`, nil))
	if !err.HasError() || bad.Phase != "" {
		t.Errorf("Run with an unparsable duration: %+v, %v; want an RpcError and no result", bad, err)
	}
}

// TestStepThroughTheReconciler runs the plugin step through the controller's step-plugin
// code (resolver and stepPlugin.Run/Terminate/Abort), which turns results into the
// StepPluginStatus stored in the Rollout, requeue backoff included.
func TestStepThroughTheReconciler(t *testing.T) {
	startController(t, distConfigMap(t))
	log := logrus.NewEntry(logrus.StandardLogger())
	resolve := func(config string) stepplugin.StepPlugin {
		t.Helper()
		sp, err := stepplugin.NewResolver().Resolve(stepIndex,
			v1alpha1.PluginStep{Name: stepName, Config: json.RawMessage(config)}, log)
		if err != nil {
			t.Fatalf("Resolve: %v", err)
		}
		return sp
	}
	ro := fixtures.Rollout()
	ro.Status.Canary.StepPluginStatuses = nil

	// A wait longer than 10 s is requeued after what the plugin asked for.
	status, err := resolve(`{"duration":"1h"}`).Run(ro)
	if err != nil || status == nil {
		t.Fatalf("Run: %v, %v", status, err)
	}
	backoff, berr := status.Backoff.Duration()
	if status.Phase != v1alpha1.StepPluginPhaseRunning || status.Executions != 1 || berr != nil ||
		backoff <= 59*time.Minute || backoff > time.Hour || status.Index != stepIndex || status.Name != stepName {
		t.Errorf("Run 1h: %+v, want Running, 1 execution, backoff about 1h", status)
	}
	if !leftMessage.MatchString(status.Message) {
		t.Errorf("Run 1h: message %q", status.Message)
	}

	// 10 s or less is requeued after the controller's default 30 s.
	short, err := resolve(`{"duration":"5s"}`).Run(ro)
	if err != nil || short.Phase != v1alpha1.StepPluginPhaseRunning || short.Backoff != "30s" {
		t.Errorf("Run 5s: %+v, %v; want Running with backoff 30s", short, err)
	}

	// Abort and Terminate act on the Run operation recorded in the Rollout's status.
	ro.Status.Canary.StepPluginStatuses = []v1alpha1.StepPluginStatus{*status}
	aborted, err := resolve(`{"duration":"1h"}`).Abort(ro)
	if err != nil || aborted == nil || aborted.Operation != v1alpha1.StepPluginOperationAbort ||
		aborted.Phase != v1alpha1.StepPluginPhaseSuccessful || aborted.Message != "wait aborted, nothing to undo" {
		t.Errorf("Abort: %+v, %v", aborted, err)
	}
	terminated, err := resolve(`{"duration":"1h"}`).Terminate(ro)
	if err != nil || terminated == nil || terminated.Operation != v1alpha1.StepPluginOperationTerminate ||
		terminated.Phase != v1alpha1.StepPluginPhaseSuccessful || terminated.Message != "wait terminated" {
		t.Errorf("Terminate: %+v, %v", terminated, err)
	}

	// A failing step ends the Run operation in Failed, which aborts the rollout.
	ro.Status.Canary.StepPluginStatuses = nil
	failed, err := resolve(`{"fail":true}`).Run(ro)
	if err != nil || failed.Phase != v1alpha1.StepPluginPhaseFailed || failed.FinishedAt == nil ||
		failed.Message != "failing as configured" {
		t.Errorf("Run fail: %+v, %v", failed, err)
	}
}
