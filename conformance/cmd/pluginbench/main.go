// Command pluginbench measures plugins the way the Argo Rollouts controller drives them: go-plugin's
// client with Argo's handshakes and dispense names, Argo's own RPC client stubs, and the
// realistic AnalysisRun and Rollout of internal/fixtures. It runs the Java example plugins of
// dist/ and the Go reference plugins (cmd/refplugin, same work on Argo's rpc server types) in
// the same run and prints one table with the Java/Go ratios (docs/benchmarks.md).
//
//	go run ./cmd/pluginbench                      # from conformance/, after ./mvnw -B package
//	go run ./cmd/pluginbench -starts 5 -calls 500 # quicker
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	metricrpc "github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	steprpc "github.com/argoproj/argo-rollouts/rollout/steps/plugin/rpc"
	routerrpc "github.com/argoproj/argo-rollouts/rollout/trafficrouting/plugin/rpc"
	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	"github.com/hashicorp/go-hclog"
	goPlugin "github.com/hashicorp/go-plugin"

	"github.com/rollouts-java/conformance/internal/fixtures"
)

// kind is one plugin kind as Argo's client package for it configures go-plugin.
type kind struct {
	name, cookie, dispense, javaFile string
	plugin                           goPlugin.Plugin
}

var (
	metricKind = kind{"metric", "metricprovider", "RpcMetricProviderPlugin", "sample-metric", &metricrpc.RpcMetricProviderPlugin{}}
	routerKind = kind{"router", "trafficrouter", "RpcTrafficRouterPlugin", "sample-router", &routerrpc.RpcTrafficRouterPlugin{}}
	stepKind   = kind{"step", "step", "RpcStepPlugin", "sample-step", &steprpc.RpcStepPlugin{}}
	kinds      = []kind{metricKind, routerKind, stepKind}
)

// session is one started plugin process.
type session struct {
	client *goPlugin.Client
	rpc    goPlugin.ClientProtocol
	plugin any
	pid    int
}

// start does what Argo's client packages do on the first acquisition: exec, handshake,
// Dispense, InitPlugin, Control.Ping; it returns the time all that took.
func start(path string, k kind) (*session, time.Duration, error) {
	client := goPlugin.NewClient(&goPlugin.ClientConfig{
		HandshakeConfig: goPlugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: "ARGO_ROLLOUTS_RPC_PLUGIN", MagicCookieValue: k.cookie},
		Plugins:         map[string]goPlugin.Plugin{k.dispense: k.plugin},
		Cmd:             exec.Command(path),
		Managed:         true,
		// Argo's default logger formats every line at Trace; only the output is dropped.
		Logger: hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Trace, Output: io.Discard}),
	})
	began := time.Now()
	rpcClient, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, 0, err
	}
	raw, err := rpcClient.Dispense(k.dispense)
	if err != nil {
		client.Kill()
		return nil, 0, err
	}
	var initErr types.RpcError
	switch p := raw.(type) {
	case metricrpc.MetricProviderPlugin:
		initErr = p.InitPlugin()
	case routerrpc.TrafficRouterPlugin:
		initErr = p.InitPlugin()
	case steprpc.StepPlugin:
		initErr = p.InitPlugin()
	}
	if initErr.HasError() {
		client.Kill()
		return nil, 0, initErr
	}
	if err := rpcClient.Ping(); err != nil {
		client.Kill()
		return nil, 0, err
	}
	took := time.Since(began)
	return &session{client: client, rpc: rpcClient, plugin: raw, pid: client.ReattachConfig().Pid}, took, nil
}

// rssKiB reads VmRSS of the plugin process (the launcher execs java, so this is the JVM).
func rssKiB(pid int) int {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kib, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kib
		}
	}
	return -1
}

// result holds one language's numbers, keyed by row name.
type result map[string]float64

type row struct{ key, label, unit string }

var rows = []row{
	{"start.metric", "exec to dispensed + InitPlugin + Ping, metric (median)", "ms"},
	{"start.router", "exec to dispensed + InitPlugin + Ping, router (median)", "ms"},
	{"start.step", "exec to dispensed + InitPlugin + Ping, step (median)", "ms"},
	{"type.p50", "metric Type p50", "µs"},
	{"type.p99", "metric Type p99", "µs"},
	{"run.p50", "metric Run p50", "µs"},
	{"run.p99", "metric Run p99", "µs"},
	{"setweight.p50", "router SetWeight p50", "µs"},
	{"setweight.p99", "router SetWeight p99", "µs"},
	{"steprun.p50", "step Run p50", "µs"},
	{"steprun.p99", "step Run p99", "µs"},
	{"throughput", "metric Run, concurrent callers on one client", "calls/s"},
	{"rss.idle.metric", "RSS idle after start, metric", "MiB"},
	{"rss.idle.router", "RSS idle after start, router", "MiB"},
	{"rss.idle.step", "RSS idle after start, step", "MiB"},
	{"rss.load.metric", "RSS after the metric load", "MiB"},
	{"rss.load.router", "RSS after the router load", "MiB"},
}

type settings struct {
	starts, warmup, calls, callers, perCaller int
	idle                                      time.Duration
	routesDir                                 string
}

func percentile(sorted []time.Duration, p float64) float64 {
	i := int(p * float64(len(sorted)-1))
	return float64(sorted[i].Nanoseconds()) / 1e3
}

// latency runs warmup then n sequential calls and stores p50 and p99 in µs.
func latency(res result, key string, s settings, call func() error) error {
	for range s.warmup {
		if err := call(); err != nil {
			return err
		}
	}
	times := make([]time.Duration, s.calls)
	for i := range times {
		began := time.Now()
		if err := call(); err != nil {
			return err
		}
		times[i] = time.Since(began)
	}
	slices.Sort(times)
	res[key+".p50"] = percentile(times, 0.50)
	res[key+".p99"] = percentile(times, 0.99)
	return nil
}

func measureRun(p metricrpc.MetricProviderPlugin, run *v1alpha1.AnalysisRun, metric v1alpha1.Metric) error {
	if m := p.Run(run, metric); m.Phase != v1alpha1.AnalysisPhaseSuccessful {
		return fmt.Errorf("metric Run: %s %s", m.Phase, m.Message)
	}
	return nil
}

func bench(lang string, path func(kind) string, s settings) (result, error) {
	res := result{}
	for _, k := range kinds {
		var times []time.Duration
		for range s.starts {
			sess, took, err := start(path(k), k)
			if err != nil {
				return nil, fmt.Errorf("%s %s start: %w", lang, k.name, err)
			}
			times = append(times, took)
			sess.client.Kill()
		}
		slices.Sort(times)
		res["start."+k.name] = float64(times[len(times)/2].Microseconds()) / 1e3
	}

	sessions := map[string]*session{}
	for _, k := range kinds {
		sess, _, err := start(path(k), k)
		if err != nil {
			return nil, fmt.Errorf("%s %s start: %w", lang, k.name, err)
		}
		defer sess.client.Kill()
		sessions[k.name] = sess
	}
	time.Sleep(s.idle)
	for _, k := range kinds {
		res["rss.idle."+k.name] = float64(rssKiB(sessions[k.name].pid)) / 1024
	}

	run := fixtures.AnalysisRun()
	metric := fixtures.PluginMetric()
	metric.Provider.Plugin = map[string]json.RawMessage{"rollouts-java/sample-metric": json.RawMessage(`{"max":1000000}`)}
	mp := sessions["metric"].plugin.(metricrpc.MetricProviderPlugin)
	if err := latency(res, "type", s, func() error {
		if got := mp.Type(); got != "SystemLoad" {
			return fmt.Errorf("metric Type: %q", got)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := latency(res, "run", s, func() error { return measureRun(mp, run, metric) }); err != nil {
		return nil, err
	}
	calls := s.callers * s.perCaller
	var wg sync.WaitGroup
	errs := make(chan error, s.callers)
	began := time.Now()
	for range s.callers {
		wg.Go(func() {
			for range s.perCaller {
				if err := measureRun(mp, run, metric); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	res["throughput"] = float64(calls) / time.Since(began).Seconds()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	res["rss.load.metric"] = float64(rssKiB(sessions["metric"].pid)) / 1024

	ro := fixtures.Rollout()
	file := filepath.Join(s.routesDir, lang+".json")
	ro.Spec.Strategy.Canary.TrafficRouting.Plugins["rollouts-java/sample-router"] = json.RawMessage(fmt.Sprintf(`{"file":%q}`, file))
	rp := sessions["router"].plugin.(routerrpc.TrafficRouterPlugin)
	additional := ro.Status.Canary.Weights.Additional
	weight := int32(0)
	if err := latency(res, "setweight", s, func() error {
		weight = (weight + 1) % 100
		if err := rp.SetWeight(ro, weight, additional); err.HasError() {
			return fmt.Errorf("router SetWeight: %v", err)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	res["rss.load.router"] = float64(rssKiB(sessions["router"].pid)) / 1024

	sp := sessions["step"].plugin.(steprpc.StepPlugin)
	ctx := &types.RpcStepContext{PluginName: "rollouts-java/sample-step", Config: json.RawMessage(`{"duration":"1h"}`)}
	if err := latency(res, "steprun", s, func() error {
		r, err := sp.Run(ro, ctx)
		if err.HasError() || r.Phase != types.PhaseRunning {
			return fmt.Errorf("step Run: %+v %v", r, err)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return res, nil
}

func format(v float64) string {
	switch {
	case v >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

func main() {
	var s settings
	distDir := flag.String("dist", "../dist", "dist/ with the Java executables")
	goPluginPath := flag.String("go-plugin", "", "the Go reference plugin (default: go build ./cmd/refplugin)")
	flag.IntVar(&s.starts, "starts", 20, "process starts per kind and language")
	flag.IntVar(&s.warmup, "warmup", 500, "unmeasured calls before each latency series")
	flag.IntVar(&s.calls, "calls", 2000, "measured sequential calls per latency series")
	flag.IntVar(&s.callers, "callers", 10, "concurrent callers for the throughput")
	flag.IntVar(&s.perCaller, "per-caller", 500, "calls per concurrent caller")
	flag.DurationVar(&s.idle, "idle", 2*time.Second, "wait after start before reading the idle RSS")
	withGo := flag.Bool("go", true, "also run the Go reference plugins (false: the Java column only)")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "pluginbench")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	s.routesDir = tmp
	if *goPluginPath == "" && *withGo {
		*goPluginPath = filepath.Join(tmp, "refplugin")
		build := exec.Command("go", "build", "-o", *goPluginPath, "./cmd/refplugin")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fail(fmt.Errorf("building the Go reference plugin: %w", err))
		}
	}
	fmt.Fprintf(os.Stderr, "pluginbench: %d starts per kind, %d warm-up + %d calls per series, %d callers x %d calls\n",
		s.starts, s.warmup, s.calls, s.callers, s.perCaller)
	java, err := bench("java", func(k kind) string { return filepath.Join(*distDir, k.javaFile) }, s)
	if err != nil {
		fail(err)
	}
	golang := result{}
	if *withGo {
		if golang, err = bench("go", func(kind) string { return *goPluginPath }, s); err != nil {
			fail(err)
		}
	}
	defer goPlugin.CleanupClients()

	fmt.Println("| measurement | unit | Java | Go | Java/Go |")
	fmt.Println("| --- | --- | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s | %.2f |\n", r.label, r.unit, format(java[r.key]), format(golang[r.key]), java[r.key]/golang[r.key])
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pluginbench:", err)
	goPlugin.CleanupClients()
	os.Exit(1)
}
