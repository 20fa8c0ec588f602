package distcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// minimalJRE builds, once per test run, what deploy/custom-image/Dockerfile builds: a runtime
// jlink'ed from the JDK with exactly the modules jdeps finds in the plugins' jar.
func minimalJRE(t *testing.T) string {
	t.Helper()
	jdk := os.Getenv("JAVA_HOME")
	if jdk == "" {
		t.Fatal("JAVA_HOME must name a JDK (jdeps, jlink) for the custom-image test")
	}
	dir := t.TempDir()
	jar := filepath.Join(dir, "plugins.jar")
	copyFile(t, distFile(t, "sample-metric"), jar) // a launcher line before a jar is still a jar
	out, err := exec.Command(filepath.Join(jdk, "bin", "jdeps"), "--print-module-deps",
		"--ignore-missing-deps", "--multi-release", "21", jar).CombinedOutput()
	if err != nil {
		t.Fatalf("jdeps: %v\n%s", err, out)
	}
	modules := strings.TrimSpace(string(out))
	jre := filepath.Join(dir, "jre")
	out, err = exec.Command(filepath.Join(jdk, "bin", "jlink"), "--add-modules", modules,
		"--strip-debug", "--no-man-pages", "--no-header-files", "--output", jre).CombinedOutput()
	if err != nil {
		t.Fatalf("jlink --add-modules %s: %v\n%s", modules, err, out)
	}
	t.Logf("minimal runtime with modules %s", modules)
	return jre
}

// TestPluginsRunOnTheCustomImageRuntime: the dist/ plugin files run on a jlink'ed runtime found
// through JAVA_HOME (as in the custom image, where no other Java exists), started by go-plugin
// exactly as Argo starts them, and answer Argo's client; Quit ends them cleanly.
func TestPluginsRunOnTheCustomImageRuntime(t *testing.T) {
	jre := minimalJRE(t)
	env := []string{"JAVA_HOME=" + jre, "PATH=/usr/bin:/bin"}
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "TMPDIR=") {
			env = append(env, e)
		}
	}
	cmd := exec.Command(distFile(t, "sample-metric"))
	cmd.Env = env
	h := startMetricHost(t, cmd)
	run, metric := analysisRun()
	if m := h.plugin.Run(run, metric); m.Phase != "Successful" {
		t.Fatalf("Run() on the minimal runtime = %+v", m)
	}
	h.client.Kill()
	if logs := h.logs.String(); strings.Contains(logs, forcedKill) || !exitedCleanly.MatchString(logs) {
		t.Fatalf("the plugin did not exit cleanly after Quit:\n%s", logs)
	}
}

// TestPluginsSayWhenNoJavaIsFound: without any Java runtime the file says so on stderr and exits
// 127, instead of a cryptic handshake failure.
func TestPluginsSayWhenNoJavaIsFound(t *testing.T) {
	cmd := exec.Command(distFile(t, "sample-step"))
	cmd.Env = []string{"JAVA_HOME=/nonexistent", "PATH=/nonexistent", "ARGO_ROLLOUTS_RPC_PLUGIN=step"}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exitCode(err) != 127 || stdout.Len() != 0 ||
		!strings.Contains(stderr.String(), "no Java runtime found") {
		t.Fatalf("exit %d, stdout %q, stderr %q", exitCode(err), stdout.String(), stderr.String())
	}
}
