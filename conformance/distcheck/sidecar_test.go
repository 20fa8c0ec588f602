package distcheck

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var (
	exitedCleanly = regexp.MustCompile(`\[INFO\]\s+plugin: plugin process exited`)
	forcedKill    = "plugin failed to exit gracefully"
)

// sidecarSetup is a Java plugin serving as a sidecar, and an empty root directory holding only
// the static launcher and, bind-mounted at the same absolute path, the shared socket directory.
type sidecarSetup struct {
	root      string // the chroot: /rollouts-sidecar-launcher and the mount point, nothing else
	pluginDir string // the plugin's directory on the "shared volume", same path inside and out
	sidecar   *exec.Cmd
}

func startSidecar(t *testing.T) *sidecarSetup {
	t.Helper()
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Fatalf("the sidecar test needs unshare(1) and chroot(8) (util-linux, coreutils): %v", err)
	}
	launcher := distFile(t, "rollouts-sidecar-launcher")
	shared, err := os.MkdirTemp("", "rs")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	t.Cleanup(func() { os.RemoveAll(shared) })
	copyFile(t, launcher, filepath.Join(root, "rollouts-sidecar-launcher"))
	if err := os.MkdirAll(filepath.Join(root, shared), 0o755); err != nil {
		t.Fatal(err)
	}
	pluginDir := filepath.Join(shared, "sample-metric")
	sidecar := exec.Command(distFile(t, "sample-metric"), "--sidecar", pluginDir)
	sidecar.Env = withoutCookie(os.Environ())
	stderr, _ := sidecar.StderrPipe()
	if err := sidecar.Start(); err != nil {
		t.Fatal(err)
	}
	logs := make(chan string, 1000)
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			logs <- s.Text()
		}
		close(logs)
	}()
	t.Cleanup(func() {
		sidecar.Process.Kill()
		sidecar.Wait()
		if t.Failed() {
			for len(logs) > 0 {
				t.Logf("sidecar: %s", <-logs)
			}
		}
	})
	return &sidecarSetup{root: root, pluginDir: pluginDir, sidecar: sidecar}
}

func withoutCookie(env []string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, "ARGO_ROLLOUTS_RPC_PLUGIN=") {
			out = append(out, e)
		}
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

// launcherCmd runs the launcher as the only program of an empty root: a private mount
// namespace bind-mounts the shared directory at its own path inside the root (as a pod mounts
// one volume in two containers), then chroot execs the launcher, which becomes the process
// go-plugin started (unshare and chroot exec, they do not fork).
func (s *sidecarSetup) launcherCmd() *exec.Cmd {
	shared := filepath.Dir(s.pluginDir)
	args := []string{"--mount"}
	if os.Getuid() != 0 {
		args = []string{"--user", "--map-root-user", "--mount"}
	}
	args = append(args, "--", "/bin/sh", "-c",
		`mount --bind "$1" "$2$1" && exec chroot "$2" /rollouts-sidecar-launcher "$3"`,
		"launcher", shared, s.root, s.pluginDir)
	return exec.Command("unshare", args...)
}

func analysisRun() (*v1alpha1.AnalysisRun, v1alpha1.Metric) {
	metric := v1alpha1.Metric{
		Name: "load",
		Provider: v1alpha1.MetricProvider{Plugin: map[string]json.RawMessage{
			"rollouts-java/sample-metric": json.RawMessage(`{"max": 100000}`),
		}},
	}
	run := &v1alpha1.AnalysisRun{
		ObjectMeta: metav1.ObjectMeta{Name: "sidecar-check", Namespace: "default"},
		Spec:       v1alpha1.AnalysisRunSpec{Metrics: []v1alpha1.Metric{metric}},
	}
	return run, metric
}

// TestSidecarLauncherServesSuccessiveControllers: the chrooted static launcher, started by
// go-plugin with Argo's metric plugin client, reaches the Java sidecar; a measurement is taken;
// Kill() (Quit, close) ends the launcher with status 0 without SIGKILL; a second controller
// connection (a plugin restart) is served by the same sidecar, which is still alive after both.
func TestSidecarLauncherServesSuccessiveControllers(t *testing.T) {
	s := startSidecar(t)
	run, metric := analysisRun()
	for i := 1; i <= 2; i++ {
		h := startMetricHost(t, s.launcherCmd())
		if typ := h.plugin.Type(); typ != "SystemLoad" {
			t.Fatalf("connection %d: Type() = %q", i, typ)
		}
		m := h.plugin.Run(run, metric)
		if m.Phase != v1alpha1.AnalysisPhaseSuccessful {
			t.Fatalf("connection %d: Run() = %+v", i, m)
		}
		h.client.Kill()
		logs := h.logs.String()
		if strings.Contains(logs, forcedKill) || !exitedCleanly.MatchString(logs) {
			t.Fatalf("connection %d: the launcher did not exit 0 by itself after Quit:\n%s", i, logs)
		}
		waitNoSockets(t, s.pluginDir)
	}
	if err := s.sidecar.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("the sidecar did not survive its controllers: %v", err)
	}
}

// waitNoSockets waits until the plugin directory holds only the control socket: every
// per-controller listener has been removed.
func waitNoSockets(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(liveness)
	for {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) == 1 && names[0] == "control.sock" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still holds %v", dir, names)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSidecarClosesTheListenerOfAKilledLauncher: a launcher that printed its handshake and is
// then SIGKILLed (as the controller does to a plugin that stops answering) makes the sidecar
// drop the listener it opened for it.
func TestSidecarClosesTheListenerOfAKilledLauncher(t *testing.T) {
	s := startSidecar(t)
	cmd := s.launcherCmd()
	cmd.Env = append(os.Environ(), "ARGO_ROLLOUTS_RPC_PLUGIN=metricprovider")
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("no handshake line: %v", err)
	}
	fields := strings.Split(strings.TrimSpace(line), "|")
	if len(fields) != 6 || fields[0] != "1" || fields[1] != "1" || fields[2] != "unix" ||
		fields[4] != "netrpc" || !strings.HasPrefix(fields[3], s.pluginDir+"/") {
		t.Fatalf("handshake line %q", line)
	}
	if _, err := os.Stat(fields[3]); err != nil {
		t.Fatalf("the handshake names %s, which is not there: %v", fields[3], err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	waitNoSockets(t, s.pluginDir)
}

// TestLauncherWithoutCookie: run by hand, the launcher says what a go-plugin plugin says, on
// stderr, and exits 1, without touching the sidecar.
func TestLauncherWithoutCookie(t *testing.T) {
	cmd := exec.Command(distFile(t, "rollouts-sidecar-launcher"), "/nonexistent")
	cmd.Env = withoutCookie(os.Environ())
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := exitCode(err); code != 1 || stdout.Len() != 0 || stderr.String() != notPluginText {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// TestLauncherGivesUpWhenNoSidecarAppears: the wait for the sidecar is bounded
// (ROLLOUTS_SIDECAR_WAIT seconds); then an [ERROR] line, which the controller logs at ERROR.
func TestLauncherGivesUpWhenNoSidecarAppears(t *testing.T) {
	cmd := exec.Command(distFile(t, "rollouts-sidecar-launcher"), t.TempDir())
	cmd.Env = append(withoutCookie(os.Environ()), "ARGO_ROLLOUTS_RPC_PLUGIN=metricprovider",
		"ROLLOUTS_SIDECAR_WAIT=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	err := cmd.Run()
	if code := exitCode(err); code != 1 ||
		!strings.HasPrefix(stderr.String(), "[ERROR] rollouts-sidecar-launcher: cannot reach the plugin sidecar") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestSidecarRefusesAKindItDoesNotServe: a step-plugin cookie at a metric sidecar gets
// go-plugin's not-a-plugin answer.
func TestSidecarRefusesAKindItDoesNotServe(t *testing.T) {
	s := startSidecar(t)
	cmd := exec.Command(distFile(t, "rollouts-sidecar-launcher"), s.pluginDir)
	cmd.Env = append(withoutCookie(os.Environ()), "ARGO_ROLLOUTS_RPC_PLUGIN=step")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := exitCode(err); code != 1 || stdout.Len() != 0 || stderr.String() != notPluginText {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if e, ok := err.(*exec.ExitError); ok {
		return e.ExitCode()
	}
	return -1
}
