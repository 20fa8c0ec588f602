package controllerpath

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/argoproj/argo-rollouts/utils/config"
	"github.com/argoproj/argo-rollouts/utils/defaults"
	"github.com/hashicorp/go-hclog"
	goPlugin "github.com/hashicorp/go-plugin"
	"github.com/sirupsen/logrus"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/yaml"

	"github.com/rollouts-java/conformance/internal/harness"
)

// The plugin names of dist/argo-rollouts-config.yaml (bundle/plugins.tsv).
const (
	metricName = "rollouts-java/sample-metric"
	routerName = "rollouts-java/sample-router"
	stepName   = "rollouts-java/sample-step"
)

// namespace is where the controller looks for its ConfigMap: it reads POD_NAMESPACE, set by
// the downward API in Argo's manifests (utils/defaults.Namespace).
const namespace = "argo-rollouts-conformance"

// liveness bounds every wait for a plugin process. A JVM start takes well under a second;
// the bound only has to catch a plugin that never does what is asked.
const liveness = 30 * time.Second

// distEnv overrides where the dist/ directory (bundle/make-dist.sh) is found.
const distEnv = "ROLLOUTS_DIST"

var (
	// hostLog receives go-plugin's default logger: Argo's clients configure no logger, so
	// go-plugin makes one writing to hclog.DefaultOutput, which TestMain points here.
	hostLog = &harness.LockedBuffer{}
	// controllerLog receives the controller's own logrus lines (downloads, step plugin calls).
	controllerLog = &harness.LockedBuffer{}
	// distDir is the absolute dist/ directory, or "" with distErr saying why.
	distDir string
	distErr error
)

func TestMain(m *testing.M) {
	hclog.DefaultOutput = hostLog
	logrus.SetOutput(controllerLog)
	if err := os.Setenv("POD_NAMESPACE", namespace); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	distDir, distErr = findDist()
	code := m.Run()
	goPlugin.CleanupClients()
	os.Exit(code)
}

// findDist returns $ROLLOUTS_DIST or dist/ in the repository root (the conformance module's
// parent), before any test changes the working directory.
func findDist() (string, error) {
	dir := os.Getenv(distEnv)
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		for root := wd; ; root = filepath.Dir(root) {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				dir = filepath.Join(filepath.Dir(root), "dist")
				break
			}
			if filepath.Dir(root) == root {
				return "", fmt.Errorf("go.mod of the conformance module not found above %s", wd)
			}
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "argo-rollouts-config.yaml")); err != nil {
		return "", fmt.Errorf("dist/ not found at %s: build it first with `./mvnw -B package` in "+
			"the repository root, or set %s (%v)", abs, distEnv, err)
	}
	return abs, nil
}

// dist returns the dist/ directory; a missing one fails the test, it is never skipped.
func dist(t *testing.T) string {
	t.Helper()
	if distErr != nil {
		t.Fatal(distErr)
	}
	return distDir
}

// distConfigMap is dist/argo-rollouts-config.yaml as `kubectl apply -n <namespace>` creates it.
func distConfigMap(t *testing.T) *corev1.ConfigMap {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(dist(t), "argo-rollouts-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cm corev1.ConfigMap
	if err := yaml.UnmarshalStrict(text, &cm); err != nil {
		t.Fatalf("dist/argo-rollouts-config.yaml is not a ConfigMap: %v", err)
	}
	cm.Namespace = namespace
	return &cm
}

// configMap is a hand-written argo-rollouts-config with the given data keys.
func configMap(data map[string]string) *corev1.ConfigMap {
	cm := &corev1.ConfigMap{Data: data}
	cm.Name = defaults.DefaultRolloutsConfigMapName
	cm.Namespace = namespace
	return cm
}

// startController does what the controller does at start-up (controller/controller.go): read
// the ConfigMap through utils/config from the cluster (a fake clientset holding cm) and
// install every plugin with utils/plugin.DownloadPlugins into plugin-bin/ under a fresh
// working directory. When the test ends, every plugin process is stopped as on controller
// shutdown (go-plugin's CleanupClients), before the directory goes away.
func startController(t *testing.T, cm *corev1.ConfigMap) {
	t.Helper()
	if err := tryStartController(t, cm); err != nil {
		t.Fatalf("controller start-up: %v", err)
	}
}

// tryStartController is startController returning the start-up error the controller would
// exit with.
func tryStartController(t *testing.T, cm *corev1.ConfigMap) error {
	t.Helper()
	t.Chdir(t.TempDir())
	t.Cleanup(func() {
		goPlugin.CleanupClients()
		if t.Failed() {
			t.Logf("go-plugin host log:\n%s\ncontroller log:\n%s", hostLog.String(), controllerLog.String())
		}
	})
	kube := fake.NewSimpleClientset(cm)
	config.UnInitializeConfig()
	if _, err := config.InitializeConfig(kube, defaults.DefaultRolloutsConfigMapName); err != nil {
		return fmt.Errorf("InitializeConfig: %w", err)
	}
	if err := downloadPlugins(kube); err != nil {
		return fmt.Errorf("DownloadPlugins: %w", err)
	}
	return nil
}

// installedPath is where DownloadPlugins put a plugin (plugin-bin/<org>/<name> under the
// working directory), as utils/plugin.GetPluginInfo computes it.
func installedPath(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(defaults.DefaultRolloutPluginFolder, name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pluginPid returns the pid of the one child process running the installed plugin, waiting
// for it to appear. The launcher execs java, so this is the JVM.
func pluginPid(t *testing.T, name string) int {
	t.Helper()
	path := installedPath(t, name)
	deadline := time.Now().Add(liveness)
	for {
		pids := childrenRunning(path)
		if len(pids) == 1 {
			return pids[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("expected one child process running %s, found %v", path, pids)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// childrenRunning lists the living (not zombie) child processes of this test whose command
// line mentions path.
func childrenRunning(path string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so parse after the last ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) < 2 || fields[0] == "Z" || fields[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), path) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitGone waits until no process has the pid.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	harness.WaitGone(t, pid, liveness)
}

// waitLog waits until the host log, from offset on, matches re, and returns the match.
func waitLog(t *testing.T, offset int, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(liveness)
	for {
		if m := re.FindStringSubmatch(hostLog.String()[offset:]); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("go-plugin's log never matched %s:\n%s", re, hostLog.String()[offset:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// argoVersion is the Argo Rollouts module version compiled into this test binary, read from
// the module cache path of one of its functions (test binaries carry no dependency list).
func argoVersion(t *testing.T) string {
	t.Helper()
	return versionOf(t, reflect.ValueOf(config.InitializeConfig).Pointer())
}

func versionOf(t *testing.T, pc uintptr) string {
	t.Helper()
	file, _ := runtime.FuncForPC(pc).FileLine(pc)
	m := moduleAtVersion.FindStringSubmatch(filepath.ToSlash(file))
	if m == nil {
		t.Fatalf("no module version in the source path %s", file)
	}
	return m[1]
}

var moduleAtVersion = regexp.MustCompile(`@(v[^/]+)/`)

// argoMinor is the minor release number of argoVersion (9 for v1.9.2).
func argoMinor(t *testing.T) int {
	t.Helper()
	v := argoVersion(t)
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 || parts[0] != "1" {
		t.Fatalf("unexpected Argo Rollouts version %s", v)
	}
	minor, err := strconv.Atoi(parts[1])
	if err != nil {
		t.Fatalf("unexpected Argo Rollouts version %s", v)
	}
	return minor
}

// expectedArgoEnv names the Argo Rollouts version run-versions.sh expects a build list to
// select, so that a modfile that silently resolved to another release fails.
const expectedArgoEnv = "CONTROLLERPATH_ARGO_VERSION"

func TestBuildListSelectsTheExpectedArgo(t *testing.T) {
	got := argoVersion(t)
	t.Logf("built against Argo Rollouts %s, go-plugin %s", got,
		versionOf(t, reflect.ValueOf(goPlugin.CleanupClients).Pointer()))
	if want := os.Getenv(expectedArgoEnv); want != "" && got != want {
		t.Fatalf("%s=%s, but the build list selected Argo Rollouts %s", expectedArgoEnv, want, got)
	}
}
