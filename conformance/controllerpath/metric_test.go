package controllerpath

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	metricplugin "github.com/argoproj/argo-rollouts/metricproviders/plugin"
	metricclient "github.com/argoproj/argo-rollouts/metricproviders/plugin/client"
	metricrpc "github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	"github.com/google/go-cmp/cmp"

	"github.com/rollouts-java/conformance/internal/fixtures"
)

// loadValue is what SystemLoadMetric reports: the first field of /proc/loadavg, as written.
var loadValue = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)

// sampleMetric is the fixtures' plugin metric configured for the named sample-metric plugin
// with the given JSON, as the analysis controller hands it over ({{args}} substituted).
func sampleMetric(name, config string) v1alpha1.Metric {
	m := fixtures.PluginMetric()
	m.Provider.Plugin = map[string]json.RawMessage{name: json.RawMessage(config)}
	return m
}

// acquireMetric obtains the plugin as the analysis reconciler does for every measurement
// (metricproviders.ProviderFactory -> plugin.NewRpcPlugin -> client.GetMetricPlugin).
func acquireMetric(t *testing.T, metric v1alpha1.Metric) metricrpc.MetricProviderPlugin {
	t.Helper()
	p, err := metricclient.GetMetricPlugin(metric)
	if err != nil {
		t.Fatalf("GetMetricPlugin: %v", err)
	}
	return p
}

// checkCompleted checks a measurement SystemLoadMetric finished with want.
func checkCompleted(t *testing.T, what string, m v1alpha1.Measurement, want v1alpha1.AnalysisPhase, max string) {
	t.Helper()
	if m.Phase != want || m.Message != "" {
		t.Errorf("%s: phase %q message %q, want phase %q and no message", what, m.Phase, m.Message, want)
	}
	if !loadValue.MatchString(m.Value) {
		t.Errorf("%s: value %q is not a load average", what, m.Value)
	}
	if m.StartedAt == nil || m.FinishedAt == nil || m.FinishedAt.Before(m.StartedAt) || m.ResumeAt != nil {
		t.Errorf("%s: times started %v finished %v resume %v", what, m.StartedAt, m.FinishedAt, m.ResumeAt)
	}
	if diff := cmp.Diff(map[string]string{"max": max}, m.Metadata); diff != "" {
		t.Errorf("%s: metadata (-want +got):\n%s", what, diff)
	}
}

// TestMetricEveryMethod calls every method of the metric plugin client with the realistic
// AnalysisRun and checks each answer against SystemLoadMetric's documented behaviour.
func TestMetricEveryMethod(t *testing.T) {
	startController(t, distConfigMap(t))
	run := fixtures.AnalysisRun()
	measure := sampleMetric(metricName, `{"max":10000}`)
	p := acquireMetric(t, measure)

	if err := p.InitPlugin(); err.HasError() {
		t.Errorf("InitPlugin: %v", err)
	}
	if got := p.Type(); got != "SystemLoad" {
		t.Errorf("Type = %q, want SystemLoad", got)
	}
	if diff := cmp.Diff(map[string]string{"source": "/proc/loadavg"}, p.GetMetadata(measure)); diff != "" {
		t.Errorf("GetMetadata (-want +got):\n%s", diff)
	}

	checkCompleted(t, "Run max 10000", p.Run(run, measure), v1alpha1.AnalysisPhaseSuccessful, "10000.0")
	checkCompleted(t, "Run max -1", p.Run(run, sampleMetric(metricName, `{"max":-1}`)),
		v1alpha1.AnalysisPhaseFailed, "-1.0")

	settling := sampleMetric(metricName, `{"max":10000,"settle":"1h"}`)
	started := p.Run(run, settling)
	if started.Phase != v1alpha1.AnalysisPhaseRunning || started.FinishedAt != nil ||
		started.StartedAt == nil || started.ResumeAt == nil {
		t.Fatalf("Run with settle: %+v, want Running with StartedAt and ResumeAt, no FinishedAt", started)
	}
	if wait := started.ResumeAt.Sub(started.StartedAt.Time); wait <= 59*time.Minute || wait > time.Hour {
		t.Errorf("Run with settle 1h: ResumeAt - StartedAt = %v", wait)
	}
	// Resumed before ResumeAt: the measurement comes back unchanged, still in progress.
	if diff := cmp.Diff(started, p.Resume(run, settling, started)); diff != "" {
		t.Errorf("Resume before ResumeAt changed the measurement (-want +got):\n%s", diff)
	}
	// Resumed after ResumeAt (the fixture's ResumeAt lies in the past): measured, keeping
	// StartedAt.
	due := fixtures.RunningMeasurement()
	resumed := p.Resume(run, settling, due)
	checkCompleted(t, "Resume after ResumeAt", resumed, v1alpha1.AnalysisPhaseSuccessful, "10000.0")
	if resumed.StartedAt == nil || !resumed.StartedAt.Equal(due.StartedAt) {
		t.Errorf("Resume: StartedAt %v, want the measurement's %v", resumed.StartedAt, due.StartedAt)
	}

	terminated := p.Terminate(run, settling, due)
	if terminated.Phase != v1alpha1.AnalysisPhaseSuccessful || terminated.Message != "terminated before measuring" ||
		terminated.FinishedAt == nil || !terminated.StartedAt.Equal(due.StartedAt) || terminated.ResumeAt != nil {
		t.Errorf("Terminate: %+v", terminated)
	}
	if diff := cmp.Diff(due.Metadata, terminated.Metadata); diff != "" {
		t.Errorf("Terminate kept metadata (-want +got):\n%s", diff)
	}

	if err := p.GarbageCollect(run, measure, 10); err.HasError() {
		t.Errorf("GarbageCollect(10): %v", err)
	}
}

// TestMetricErrorsAsTheControllerSeesThem: a plugin exception arrives in-band and the
// controller's own wrappers add their prefixes.
func TestMetricErrorsAsTheControllerSeesThem(t *testing.T) {
	startController(t, distConfigMap(t))
	run := fixtures.AnalysisRun()
	unconfigured := sampleMetric(metricName, `{}`)
	p := acquireMetric(t, unconfigured)

	m := p.Run(run, unconfigured)
	want := `failed to run via plugin: configuration needs "max", the highest acceptable load`
	if m.Phase != v1alpha1.AnalysisPhaseError || m.Message != want || m.FinishedAt == nil {
		t.Errorf("Run without max: phase %q message %q finished %v, want Error %q with FinishedAt",
			m.Phase, m.Message, m.FinishedAt, want)
	}
	m = p.Resume(run, unconfigured, fixtures.RunningMeasurement())
	want = `failed to resume via plugin: configuration needs "max", the highest acceptable load`
	if m.Phase != v1alpha1.AnalysisPhaseError || m.Message != want {
		t.Errorf("Resume without max: phase %q message %q, want Error %q", m.Phase, m.Message, want)
	}

	// The analysis reconciler's provider (metricproviders.NewProvider for a plugin metric).
	provider, err := metricplugin.NewRpcPlugin(unconfigured)
	if err != nil {
		t.Fatalf("NewRpcPlugin: %v", err)
	}
	if got := provider.Type(); got != "SystemLoad" {
		t.Errorf("provider Type = %q", got)
	}
	err = provider.GarbageCollect(run, unconfigured, -1)
	want = "failed to garbage collect via plugin: limit must not be negative: -1"
	if err == nil || err.Error() != want {
		t.Errorf("GarbageCollect(-1) = %v, want %q", err, want)
	}
}

// TestEveryDistMetricProviderServes: every metric provider in dist's ConfigMap (the example
// and the production plugins), installed by the controller's download code, is acquired the
// way the analysis reconciler acquires it and answers every call in-band: no call comes back
// as an "rpc call error", whatever the plugin makes of an empty configuration.
func TestEveryDistMetricProviderServes(t *testing.T) {
	startController(t, distConfigMap(t))
	run := fixtures.AnalysisRun()
	for _, e := range distEntries(t, "metricProviderPlugins") {
		t.Run(e.Name, func(t *testing.T) {
			measure := sampleMetric(e.Name, `{}`)
			p := acquireMetric(t, measure)
			if err := p.InitPlugin(); err.HasError() {
				t.Errorf("InitPlugin: %v", err)
			}
			for what, text := range map[string]string{
				"Type":           p.Type(),
				"Run":            p.Run(run, measure).Message,
				"GetMetadata":    p.GetMetadata(measure)["error"],
				"GarbageCollect": p.GarbageCollect(run, measure, 10).Error(),
			} {
				if strings.Contains(text, "rpc call error") {
					t.Errorf("%s: %s", what, text)
				}
			}
			if m := p.Run(run, measure); m.Phase == "" || m.FinishedAt == nil && m.Phase != v1alpha1.AnalysisPhaseRunning {
				t.Errorf("Run answered %+v", m)
			}
		})
	}
}
