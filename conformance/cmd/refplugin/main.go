// Command refplugin is the Go reference for the benchmark (cmd/pluginbench): the three Java
// example plugins (examples/src/main/java/dev/rollouts/examples) written in Go on Argo's own
// net/rpc server types and go-plugin's Serve, doing the same work, so that the benchmark
// compares the two stacks and not two plugins. One executable serves the kind that the
// cookie ARGO_ROLLOUTS_RPC_PLUGIN names, as a Java executable may.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	metricrpc "github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	steprpc "github.com/argoproj/argo-rollouts/rollout/steps/plugin/rpc"
	routerrpc "github.com/argoproj/argo-rollouts/rollout/trafficrouting/plugin/rpc"
	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	goPlugin "github.com/hashicorp/go-plugin"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/rollouts-java/conformance/internal/routestate"
)

const cookieKey = "ARGO_ROLLOUTS_RPC_PLUGIN"

func main() {
	kind := os.Getenv(cookieKey)
	var plugins map[string]goPlugin.Plugin
	switch kind {
	case "metricprovider":
		plugins = map[string]goPlugin.Plugin{"RpcMetricProviderPlugin": &metricrpc.RpcMetricProviderPlugin{Impl: &loadMetric{loadavg: "/proc/loadavg"}}}
	case "trafficrouter":
		plugins = map[string]goPlugin.Plugin{"RpcTrafficRouterPlugin": &routerrpc.RpcTrafficRouterPlugin{Impl: &fileRouter{name: "rollouts-java/sample-router"}}}
	case "step":
		plugins = map[string]goPlugin.Plugin{"RpcStepPlugin": &steprpc.RpcStepPlugin{Impl: waitStep{}}}
	default:
		fmt.Fprintln(os.Stderr, "refplugin: run me through go-plugin with "+cookieKey+" = metricprovider, trafficrouter or step")
		os.Exit(1)
	}
	goPlugin.Serve(&goPlugin.ServeConfig{
		HandshakeConfig: goPlugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: cookieKey, MagicCookieValue: kind},
		Plugins:         plugins,
	})
}

// loadMetric is SystemLoadMetric: Successful while the 1-minute load is at most "max".
type loadMetric struct{ loadavg string }

type loadConfig struct {
	Max    *float64 `json:"max"`
	Settle string   `json:"settle"`
}

func (m *loadMetric) InitPlugin() types.RpcError { return types.RpcError{} }

func (m *loadMetric) config(metric v1alpha1.Metric) (loadConfig, error) {
	var c loadConfig
	for _, raw := range metric.Provider.Plugin {
		err := json.Unmarshal(raw, &c)
		return c, err
	}
	return c, fmt.Errorf("no plugin configuration")
}

func (m *loadMetric) Run(_ *v1alpha1.AnalysisRun, metric v1alpha1.Metric) v1alpha1.Measurement {
	c, err := m.config(metric)
	if err != nil {
		return errorMeasurement(v1alpha1.Measurement{}, err)
	}
	if c.Settle != "" {
		settle, err := time.ParseDuration(c.Settle)
		if err != nil {
			return errorMeasurement(v1alpha1.Measurement{}, err)
		}
		now := time.Now()
		return v1alpha1.Measurement{Phase: v1alpha1.AnalysisPhaseRunning, StartedAt: metaTime(now), ResumeAt: metaTime(now.Add(settle))}
	}
	return m.measure(c)
}

func (m *loadMetric) Resume(_ *v1alpha1.AnalysisRun, metric v1alpha1.Metric, measurement v1alpha1.Measurement) v1alpha1.Measurement {
	if measurement.ResumeAt != nil && time.Now().Before(measurement.ResumeAt.Time) {
		return measurement
	}
	c, err := m.config(metric)
	if err != nil {
		return errorMeasurement(measurement, err)
	}
	done := m.measure(c)
	done.StartedAt = measurement.StartedAt
	return done
}

func (m *loadMetric) Terminate(_ *v1alpha1.AnalysisRun, _ v1alpha1.Metric, measurement v1alpha1.Measurement) v1alpha1.Measurement {
	measurement.Phase = v1alpha1.AnalysisPhaseSuccessful
	measurement.Message = "terminated before measuring"
	measurement.FinishedAt = metaTime(time.Now())
	measurement.ResumeAt = nil
	return measurement
}

func (m *loadMetric) GarbageCollect(_ *v1alpha1.AnalysisRun, _ v1alpha1.Metric, limit int) types.RpcError {
	if limit < 0 {
		return types.RpcError{ErrorString: fmt.Sprintf("limit must not be negative: %d", limit)}
	}
	return types.RpcError{}
}

func (m *loadMetric) Type() string { return "SystemLoad" }

func (m *loadMetric) GetMetadata(v1alpha1.Metric) map[string]string {
	return map[string]string{"source": m.loadavg}
}

func (m *loadMetric) measure(c loadConfig) v1alpha1.Measurement {
	if c.Max == nil {
		return errorMeasurement(v1alpha1.Measurement{}, fmt.Errorf(`configuration needs "max", the highest acceptable load`))
	}
	text, err := os.ReadFile(m.loadavg)
	if err != nil {
		return errorMeasurement(v1alpha1.Measurement{}, err)
	}
	first := strings.Fields(string(text))[0]
	load, err := strconv.ParseFloat(first, 64)
	if err != nil {
		return errorMeasurement(v1alpha1.Measurement{}, err)
	}
	phase := v1alpha1.AnalysisPhaseFailed
	if load <= *c.Max {
		phase = v1alpha1.AnalysisPhaseSuccessful
	}
	now := metaTime(time.Now())
	return v1alpha1.Measurement{Phase: phase, Value: first, StartedAt: now, FinishedAt: now,
		Metadata: map[string]string{"max": strconv.FormatFloat(*c.Max, 'f', -1, 64)}}
}

func errorMeasurement(m v1alpha1.Measurement, err error) v1alpha1.Measurement {
	m.Phase = v1alpha1.AnalysisPhaseError
	m.Message = err.Error()
	m.FinishedAt = metaTime(time.Now())
	return m
}

func metaTime(t time.Time) *metav1.Time {
	mt := metav1.NewTime(t)
	return &mt
}

// fileRouter is FileTrafficRouter: the routing state in a JSON file, replaced atomically.
type fileRouter struct {
	name string
	mu   sync.Mutex // keeps each read-modify-write whole
}

type routeState = routestate.State

func (r *fileRouter) InitPlugin() types.RpcError { return types.RpcError{} }

func (r *fileRouter) file(ro *v1alpha1.Rollout) (string, error) {
	var c struct {
		File string `json:"file"`
	}
	if tr := ro.Spec.Strategy.Canary.TrafficRouting; tr != nil {
		if raw, ok := tr.Plugins[r.name]; ok {
			if err := json.Unmarshal(raw, &c); err != nil {
				return "", err
			}
		}
	}
	if c.File == "" {
		return "", fmt.Errorf("configuration of %s needs \"file\"", r.name)
	}
	return c.File, nil
}

func read(file string) (routeState, error) {
	s := routeState{HeaderRoutes: map[string]v1alpha1.SetHeaderRoute{}, MirrorRoutes: map[string]v1alpha1.SetMirrorRoute{}}
	text, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	err = json.Unmarshal(text, &s)
	return s, err
}

func (r *fileRouter) update(ro *v1alpha1.Rollout, change func(*routeState)) types.RpcError {
	file, err := r.file(ro)
	if err == nil {
		err = r.write(file, change)
	}
	if err != nil {
		return types.RpcError{ErrorString: err.Error()}
	}
	return types.RpcError{}
}

func (r *fileRouter) write(file string, change func(*routeState)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, err := read(file)
	if err != nil {
		return err
	}
	change(&s)
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	text, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".routes*.json")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(text); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

func (r *fileRouter) UpdateHash(ro *v1alpha1.Rollout, canary, stable string, additional []v1alpha1.WeightDestination) types.RpcError {
	return r.update(ro, func(s *routeState) { s.CanaryHash, s.StableHash, s.Additional = canary, stable, additional })
}

func (r *fileRouter) SetWeight(ro *v1alpha1.Rollout, weight int32, additional []v1alpha1.WeightDestination) types.RpcError {
	return r.update(ro, func(s *routeState) { s.CanaryWeight, s.Additional = weight, additional })
}

func (r *fileRouter) SetHeaderRoute(ro *v1alpha1.Rollout, route *v1alpha1.SetHeaderRoute) types.RpcError {
	return r.update(ro, func(s *routeState) { putOrRemove(s.HeaderRoutes, route.Name, *route, len(route.Match) == 0) })
}

func (r *fileRouter) SetMirrorRoute(ro *v1alpha1.Rollout, route *v1alpha1.SetMirrorRoute) types.RpcError {
	return r.update(ro, func(s *routeState) { putOrRemove(s.MirrorRoutes, route.Name, *route, len(route.Match) == 0) })
}

// putOrRemove stores a route, or removes it when it has no match (as Argo's routers do).
func putOrRemove[T any](routes map[string]T, name string, route T, remove bool) {
	if remove {
		delete(routes, name)
	} else {
		routes[name] = route
	}
}

func (r *fileRouter) VerifyWeight(ro *v1alpha1.Rollout, weight int32, _ []v1alpha1.WeightDestination) (types.RpcVerified, types.RpcError) {
	file, err := r.file(ro)
	if err != nil {
		return types.NotVerified, types.RpcError{ErrorString: err.Error()}
	}
	s, err := read(file)
	if err != nil {
		return types.NotVerified, types.RpcError{ErrorString: err.Error()}
	}
	if s.CanaryWeight == weight {
		return types.Verified, types.RpcError{}
	}
	return types.NotVerified, types.RpcError{}
}

func (r *fileRouter) RemoveManagedRoutes(ro *v1alpha1.Rollout) types.RpcError {
	return r.update(ro, func(s *routeState) {
		s.HeaderRoutes = map[string]v1alpha1.SetHeaderRoute{}
		s.MirrorRoutes = map[string]v1alpha1.SetMirrorRoute{}
	})
}

func (r *fileRouter) Type() string { return "FileTrafficRouter" }

// waitStep is WaitStep: waits, keeping its progress in the step status.
type waitStep struct{}

type waitProgress struct {
	StartedAt time.Time `json:"startedAt"`
	Checks    int       `json:"checks"`
}

func (waitStep) InitPlugin() types.RpcError { return types.RpcError{} }

func (waitStep) Run(_ *v1alpha1.Rollout, ctx *types.RpcStepContext) (types.RpcStepResult, types.RpcError) {
	var c struct {
		Duration string `json:"duration"`
		Fail     bool   `json:"fail"`
	}
	if len(ctx.Config) > 0 {
		if err := json.Unmarshal(ctx.Config, &c); err != nil {
			return types.RpcStepResult{}, types.RpcError{ErrorString: err.Error()}
		}
	}
	var wait time.Duration
	if c.Duration != "" {
		d, err := time.ParseDuration(c.Duration)
		if err != nil {
			return types.RpcStepResult{}, types.RpcError{ErrorString: err.Error()}
		}
		wait = d
	}
	p := waitProgress{StartedAt: time.Now()}
	if len(ctx.Status) > 0 {
		if err := json.Unmarshal(ctx.Status, &p); err != nil {
			return types.RpcStepResult{}, types.RpcError{ErrorString: err.Error()}
		}
	}
	p.Checks++
	status, _ := json.Marshal(p)
	if c.Fail {
		return types.RpcStepResult{Phase: types.PhaseFailed, Message: "failing as configured", Status: status}, types.RpcError{}
	}
	left := time.Until(p.StartedAt.Add(wait))
	if left <= 0 {
		return types.RpcStepResult{Phase: types.PhaseSuccessful, Status: status,
			Message: fmt.Sprintf("waited %s in %d checks", wait, p.Checks)}, types.RpcError{}
	}
	return types.RpcStepResult{Phase: types.PhaseRunning, Message: left.Truncate(time.Second).String() + " left",
		RequeueAfter: left, Status: status}, types.RpcError{}
}

func (waitStep) Terminate(*v1alpha1.Rollout, *types.RpcStepContext) (types.RpcStepResult, types.RpcError) {
	return types.RpcStepResult{Phase: types.PhaseSuccessful, Message: "wait terminated"}, types.RpcError{}
}

func (waitStep) Abort(*v1alpha1.Rollout, *types.RpcStepContext) (types.RpcStepResult, types.RpcError) {
	return types.RpcStepResult{Phase: types.PhaseSuccessful, Message: "wait aborted, nothing to undo"}, types.RpcError{}
}

func (waitStep) Type() string { return "Wait" }
