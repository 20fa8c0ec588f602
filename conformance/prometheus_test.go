package conformance

// Differential test of metric-provider-prometheus: every case runs the same metric through
// Argo's built-in provider (metricproviders/prometheus, the Go code the controller runs) and
// through our plugin (started and called through Argo's own plugin RPC client, as the
// controller does), against the same real Prometheus (scripts/prometheus-test-env.sh), and
// compares phase, value and message. Only the provider key differs: provider.prometheus for
// Argo, provider.plugin["rollouts-java/prometheus"] holding the same JSON for ours.

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/argoproj/argo-rollouts/metricproviders/prometheus"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	log "github.com/sirupsen/logrus"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/rollouts-java/conformance/internal/harness"
)

const prometheusPluginName = "rollouts-java/prometheus"

// promCase is one metric of an AnalysisTemplate: its conditions and provider.prometheus.
type promCase struct {
	name             string
	success, failure string
	prom             v1alpha1.PrometheusMetric
	// compareMessage is false where the texts come from different HTTP stacks (transport errors).
	compareMessage bool
}

func prometheusCases(address string) []promCase {
	q := func(query string) v1alpha1.PrometheusMetric {
		return v1alpha1.PrometheusMetric{Address: address, Query: query}
	}
	// The success-rate query of Argo's docs/analysis/prometheus.md, on the test app's series.
	successRate := q(`sum(rollouts_test_requests_total{code!~"5.*"}) / sum(rollouts_test_requests_total)`)
	negative := int64(-1)
	withTimeout := successRate
	withTimeout.Timeout = &negative
	rangeQuery := q(`rollouts_test_value{kind="latency_ms"}`)
	rangeQuery.RangeQuery = &v1alpha1.PrometheusRangeQueryArgs{
		Start: `now() - duration("5m")`, End: `now()`, Step: "1m"}
	badRange := rangeQuery
	badRange.RangeQuery = &v1alpha1.PrometheusRangeQueryArgs{Start: `now()`, End: `now()`, Step: "1x"}
	missingUnit := rangeQuery
	missingUnit.RangeQuery = &v1alpha1.PrometheusRangeQueryArgs{Start: `now()`, End: `now()`, Step: "60"}
	headers := successRate
	headers.Headers = []v1alpha1.WebMetricHeader{{Key: "X-Scope-OrgID", Value: "tenant_a"}}
	unreachable := q("vector(1)")
	unreachable.Address = "http://" + closedPort()
	noScheme := q("vector(1)")
	noScheme.Address = "prometheus:9090"
	return []promCase{
		{"docs success rate", "result[0] >= 0.95", "", successRate, true},
		{"docs success rate with headers", "result[0] >= 0.95", "", headers, true},
		{"success rate fails", "result[0] >= 0.99", "", successRate, true},
		{"failure condition only", "", "result[0] < 0.99", successRate, true},
		{"inconclusive", "result[0] > 0.99", "result[0] < 0.5", successRate, true},
		{"no conditions", "", "", successRate, true},
		{"scalar", "result == 0.5", "", q(`scalar(rollouts_test_value{kind="half"})`), true},
		{"two samples", "all(result, # >= 0.5)", "", q(`sort(rollouts_test_value{kind=~"ratio|half"})`), true},
		{"histogram quantile", "result[0] > 0.1", "", q(`histogram_quantile(0.5, sum by (le) (rollouts_test_latency_seconds_bucket))`), true},
		{"NaN vector", "isNaN(result[0])", "", q(`rollouts_test_value{kind="nan"}`), true},
		{"NaN threshold", "result[0] >= 0.95", "", q(`rollouts_test_value{kind="nan"}`), true},
		{"NaN scalar", "", "", q(`scalar(rollouts_test_value{kind="nan"})`), true},
		{"+Inf", "isInf(result[0])", "", q(`rollouts_test_value{kind="pos_inf"}`), true},
		{"-Inf", "result[0] < 0", "", q(`rollouts_test_value{kind="neg_inf"}`), true},
		{"empty vector", "len(result) == 0", "", q(`rollouts_test_value{kind="absent"}`), true},
		{"empty vector indexed", "result[0] >= 0.95", "", q(`rollouts_test_value{kind="absent"}`), true},
		{"default on empty", "default(result, 1) == 1", "", q(`rollouts_test_value{kind="absent"}`), true},
		{"condition not bool", "result[0]", "", successRate, true},
		{"condition syntax error", "result[0] >=", "", successRate, true},
		{"docs range query", "all(result, # < 1000)", "", rangeQuery, true},
		{"bad range step", "", "", badRange, true},
		{"range step without unit", "", "", missingUnit, true},
		{"PromQL syntax error", "result[0] > 1", "", q(`foo(`), true},
		// Go's text is json-iterator's decoding error with the raw body (timestamps) around it.
		{"string result", "", "", q(`"abc"`), false},
		{"negative timeout", "", "", withTimeout, true},
		{"address without scheme", "", "", noScheme, true},
		{"unreachable server", "", "", unreachable, false},
	}
}

func closedPort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// argoMeasurement runs the metric through Argo's built-in provider as the controller does:
// a provider construction error becomes the measurement's message.
func argoMeasurement(metric v1alpha1.Metric) v1alpha1.Measurement {
	entry := log.NewEntry(log.New())
	api, err := prometheus.NewPrometheusAPI(metric)
	if err == nil {
		var p *prometheus.Provider
		p, err = prometheus.NewPrometheusProvider(api, *entry, metric)
		if err == nil {
			return p.Run(&v1alpha1.AnalysisRun{}, metric)
		}
	}
	return v1alpha1.Measurement{Phase: v1alpha1.AnalysisPhaseError, Message: err.Error()}
}

// pluginLauncher writes a script running the plugin's shaded jar with the JDK of JAVA_HOME.
func pluginLauncher(t *testing.T) string {
	t.Helper()
	jar := os.Getenv("ROLLOUTS_PROMETHEUS_JAR")
	if jar == "" {
		root := filepath.Dir(filepath.Dir(harness.Path(t))) // conformance/harness/target -> conformance/harness
		jar = filepath.Join(root, "..", "..", "metric-provider-prometheus", "target", "metric-provider-prometheus-all.jar")
	}
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("the plugin jar %s is missing: run ./mvnw -B package first (or set ROLLOUTS_PROMETHEUS_JAR)", jar)
	}
	java := "java"
	if home := os.Getenv("JAVA_HOME"); home != "" {
		java = filepath.Join(home, "bin", "java")
	}
	script := filepath.Join(t.TempDir(), "prometheus-plugin")
	body := fmt.Sprintf("#!/bin/sh\nexec '%s' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '%s' dev.rollouts.prometheus.PrometheusMetricProvider \"$@\"\n", java, jar)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}

// startPrometheusPlugin starts the plugin with go-plugin configured as Argo's controller does
// and returns Argo's RPC client for it.
func startPrometheusPlugin(t *testing.T) rpc.MetricProviderPlugin {
	t.Helper()
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: cookieKey, MagicCookieValue: cookieValue},
		Plugins:         map[string]plugin.Plugin{dispenseName: &rpc.RpcMetricProviderPlugin{}},
		Cmd:             exec.Command(pluginLauncher(t)),
		Managed:         true,
		Logger:          hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Warn, Output: os.Stderr}),
	})
	t.Cleanup(client.Kill)
	conn, err := client.Client()
	if err != nil {
		t.Fatalf("starting the plugin: %v", err)
	}
	raw, err := conn.Dispense(dispenseName)
	if err != nil {
		t.Fatalf("dispense: %v", err)
	}
	p := raw.(rpc.MetricProviderPlugin)
	if e := p.InitPlugin(); e.Error() != "" {
		t.Fatalf("InitPlugin: %s", e.Error())
	}
	return p
}

func prometheusURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("PROMETHEUS_TEST_URL")
	if url == "" {
		t.Fatal("PROMETHEUS_TEST_URL is not set: run under scripts/prometheus-test-env.sh (see metric-provider-prometheus/README.md)")
	}
	return url
}

func TestPrometheusDifferential(t *testing.T) {
	address := prometheusURL(t)
	p := startPrometheusPlugin(t)
	run := &v1alpha1.AnalysisRun{ObjectMeta: metav1.ObjectMeta{Name: "differential", Namespace: "default"}}
	for _, c := range prometheusCases(address) {
		t.Run(c.name, func(t *testing.T) {
			builtIn := v1alpha1.Metric{Name: "m", SuccessCondition: c.success, FailureCondition: c.failure,
				Provider: v1alpha1.MetricProvider{Prometheus: c.prom.DeepCopy()}}
			config, err := json.Marshal(c.prom)
			if err != nil {
				t.Fatal(err)
			}
			viaPlugin := v1alpha1.Metric{Name: "m", SuccessCondition: c.success, FailureCondition: c.failure,
				Provider: v1alpha1.MetricProvider{Plugin: map[string]json.RawMessage{prometheusPluginName: config}}}

			want := argoMeasurement(builtIn)
			got := p.Run(run, viaPlugin)
			// Argo's plugin client prefixes the plugin's error messages.
			message := strings.TrimPrefix(got.Message, "failed to run via plugin: ")
			if got.Phase != want.Phase || got.Value != want.Value {
				t.Errorf("phase/value: plugin %s %q (%s), built-in %s %q (%s)",
					got.Phase, got.Value, message, want.Phase, want.Value, want.Message)
			}
			if c.compareMessage && message != want.Message {
				t.Errorf("message:\n plugin   %q\n built-in %q", message, want.Message)
			}
			if !c.compareMessage {
				t.Logf("messages (not compared):\n plugin   %q\n built-in %q", message, want.Message)
			}
			if want.StartedAt != nil && got.StartedAt == nil || want.FinishedAt != nil && got.FinishedAt == nil {
				t.Errorf("timestamps set: plugin started=%v finished=%v, built-in started=%v finished=%v",
					got.StartedAt != nil, got.FinishedAt != nil, want.StartedAt != nil, want.FinishedAt != nil)
			}
			wantMeta := (&prometheus.Provider{}).GetMetadata(builtIn)
			gotMeta := p.GetMetadata(viaPlugin)
			if fmt.Sprint(gotMeta) != fmt.Sprint(wantMeta) {
				t.Errorf("GetMetadata: plugin %v, built-in %v", gotMeta, wantMeta)
			}
		})
	}
}
