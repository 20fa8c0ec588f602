package controllerpath

import (
	"fmt"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	metricclient "github.com/argoproj/argo-rollouts/metricproviders/plugin/client"
	goPlugin "github.com/hashicorp/go-plugin"
)

// metricEntry is a metricProviderPlugins entry for dist's sample-metric under another name,
// with ConfigMap args.
func metricEntry(t *testing.T, name string, args ...string) string {
	t.Helper()
	e := distEntry(t, "metricProviderPlugins", metricName)
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	return fmt.Sprintf("- name: %q\n  location: %q\n  sha256: %q\n  args: [%s]\n",
		name, e.Location, e.Sha256, strings.Join(quoted, ", "))
}

// TestInitPluginFailure: sample-metric started with `args: ["--fail-init"]` refuses
// InitPlugin; the acquisition fails with the text the controller reports, and (as in the
// controller) the living process is not initialised again: the next acquisition pings it
// and hands it out.
func TestInitPluginFailure(t *testing.T) {
	const name = "rollouts-java/sample-metric-failing"
	startController(t, configMap(map[string]string{"metricProviderPlugins": metricEntry(t, name, "--fail-init")}))
	metric := sampleMetric(name, `{"max":10000}`)

	_, err := metricclient.GetMetricPlugin(metric)
	// Argo 1.7 to 1.9 format the nil transport error instead of the plugin's RpcError (fixed
	// in 1.10), so what the operator sees depends on the release.
	cause := "initialisation refused (--fail-init)"
	if argoMinor(t) < 10 {
		cause = "%!w(<nil>)"
	}
	want := fmt.Sprintf("unable to start plugin system: unable to initialize plugin via rpc (%s): %s", name, cause)
	if err == nil || err.Error() != want {
		t.Fatalf("GetMetricPlugin with --fail-init: %v\nwant: %s", err, want)
	}
	pid := pluginPid(t, name)

	p, err := metricclient.GetMetricPlugin(metric)
	if err != nil {
		t.Fatalf("second acquisition: %v", err)
	}
	if got := p.Type(); got != "SystemLoad" {
		t.Errorf("Type on the uninitialised plugin = %q", got)
	}
	if again := pluginPid(t, name); again != pid {
		t.Errorf("the second acquisition started a new process %d (first %d)", again, pid)
	}
	if err := p.InitPlugin(); err.ErrorString != "initialisation refused (--fail-init)" {
		t.Errorf("InitPlugin called again: %q", err.ErrorString)
	}
}

// TestRestartAfterKill: the plugin's JVM is killed with SIGKILL; the next acquisitions start a
// new process (a new pid) whose calls work. Between the two, the controller may report
// the failed ping once, depending on whether go-plugin has already reaped the old process;
// that error is the only one allowed.
func TestRestartAfterKill(t *testing.T) {
	startController(t, distConfigMap(t))
	metric := sampleMetric(metricName, `{"max":10000}`)
	if p := acquireMetric(t, metric); p.Type() != "SystemLoad" {
		t.Fatal("the first process does not answer Type")
	}
	old := pluginPid(t, metricName)
	if err := syscall.Kill(old, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitGone(t, old)

	deadline := time.Now().Add(liveness)
	for attempt := 1; ; attempt++ {
		p, err := metricclient.GetMetricPlugin(metric)
		if err == nil {
			if m := p.Run(nil, metric); m.Phase != "Successful" {
				t.Fatalf("Run on the restarted plugin: %+v", m)
			}
			if now := pluginPid(t, metricName); now == old {
				t.Fatalf("the plugin answered, but from the killed pid %d", old)
			}
			t.Logf("restarted on acquisition %d", attempt)
			return
		}
		if !strings.Contains(err.Error(), "could not ping plugin will cleanup process so we can restart it next reconcile") {
			t.Fatalf("acquisition %d after the kill: %v", attempt, err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new process after %d acquisitions", attempt)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var (
	cleanExit  = regexp.MustCompile(`\[INFO\]\s+plugin: plugin process exited: plugin=(\S+)`)
	forcedKill = "plugin failed to exit gracefully"
)

// TestShutdownQuitsGracefully: on shutdown the controller calls go-plugin's CleanupClients
// (Control.Quit, close, then up to 2 s before SIGKILL). go-plugin logs "plugin failed to exit
// gracefully" exactly when it had to SIGKILL, and logs the exit at INFO only for status 0;
// those lines are the verdict, as in the session tests.
func TestShutdownQuitsGracefully(t *testing.T) {
	startController(t, distConfigMap(t))
	acquireMetric(t, sampleMetric(metricName, `{"max":10000}`))
	acquireRouter(t)
	names := []string{metricName, routerName}
	names = append(names, acquireStepIfAny(t)...)
	pids := map[string]int{}
	for _, n := range names {
		pids[n] = pluginPid(t, n)
	}
	offset := len(hostLog.String())
	goPlugin.CleanupClients()
	logs := hostLog.String()[offset:]
	if strings.Contains(logs, forcedKill) {
		t.Fatalf("go-plugin had to SIGKILL a plugin after Quit:\n%s", logs)
	}
	exited := map[string]bool{}
	for _, m := range cleanExit.FindAllStringSubmatch(logs, -1) {
		exited[m[1]] = true
	}
	for _, n := range names {
		if !exited[installedPath(t, n)] {
			t.Errorf("go-plugin logged no clean exit (status 0) of %s:\n%s", n, logs)
		}
		waitGone(t, pids[n])
	}
}

// TestPluginLogsReachTheHost: with ConfigMap args `--log-level debug` the plugin's debug line
// (hclog JSON on stderr) is re-logged by go-plugin at DEBUG under the executable's name,
// parsed (not echoed as raw JSON).
func TestPluginLogsReachTheHost(t *testing.T) {
	const name = "rollouts-java/sample-metric-debug"
	startController(t, configMap(map[string]string{"metricProviderPlugins": metricEntry(t, name, "--log-level", "debug")}))
	offset := len(hostLog.String())
	p := acquireMetric(t, sampleMetric(name, `{"max":10000}`))
	if got := p.Type(); got != "SystemLoad" {
		t.Fatalf("Type = %q", got)
	}
	line := waitLog(t, offset, regexp.MustCompile(`\[(\w+)\]\s+plugin\.sample-metric-debug(?:\.\S+)?: serving:[^\n]*`))
	if line[1] != "DEBUG" || !strings.Contains(line[0], "kind=metricprovider") || strings.Contains(line[0], "@message") {
		t.Errorf("the plugin's debug line arrived as %q", line[0])
	}
}
