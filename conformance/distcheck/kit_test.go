package distcheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	analysisutil "github.com/argoproj/argo-rollouts/utils/analysis"
	log "github.com/sirupsen/logrus"
	"k8s.io/apimachinery/pkg/util/intstr"
)

var completedPhases = []v1alpha1.AnalysisPhase{
	v1alpha1.AnalysisPhaseSuccessful, v1alpha1.AnalysisPhaseFailed,
	v1alpha1.AnalysisPhaseInconclusive, v1alpha1.AnalysisPhaseError,
}

// tally adds up measurements as the controller's runMeasurements counts them.
func tally(name string, ms []v1alpha1.Measurement) v1alpha1.MetricResult {
	r := v1alpha1.MetricResult{Name: name, Phase: v1alpha1.AnalysisPhaseRunning, Measurements: ms}
	for _, m := range ms {
		switch m.Phase {
		case v1alpha1.AnalysisPhaseSuccessful:
			r.Successful++
			r.Count++
			r.ConsecutiveError = 0
			r.ConsecutiveSuccess++
		case v1alpha1.AnalysisPhaseFailed:
			r.Failed++
			r.Count++
			r.ConsecutiveError = 0
			r.ConsecutiveSuccess = 0
		case v1alpha1.AnalysisPhaseInconclusive:
			r.Inconclusive++
			r.Count++
			r.ConsecutiveError = 0
			r.ConsecutiveSuccess = 0
		case v1alpha1.AnalysisPhaseError:
			r.Error++
			r.ConsecutiveError++
			r.ConsecutiveSuccess = 0
		}
	}
	return r
}

func optionalInt(rng *rand.Rand, lo, hi int) *intstr.IntOrString {
	if rng.Intn(3) == 0 {
		return nil
	}
	v := intstr.FromInt32(int32(lo + rng.Intn(hi-lo+1)))
	return &v
}

// TestMain keeps Argo's analysis logging (logrus, info level) out of the test output.
func TestMain(m *testing.M) {
	log.SetLevel(log.WarnLevel)
	os.Exit(m.Run())
}

// TestKitRulesAgreeWithArgo: for random metrics (count, interval, limits) and random
// measurement sequences, the kit's rules (the hidden `assess` command) and Argo's
// assessMetricStatus give the same phase, terminating or not, for every prefix.
func TestKitRulesAgreeWithArgo(t *testing.T) {
	rng := rand.New(rand.NewSource(20261129))
	type input struct {
		Metric      v1alpha1.Metric       `json:"metric"`
		Result      v1alpha1.MetricResult `json:"result"`
		Terminating bool                  `json:"terminating"`
	}
	var inputs []input
	var want []v1alpha1.AnalysisPhase
	for i := 0; i < 400; i++ {
		m := v1alpha1.Metric{
			Name:                    fmt.Sprintf("m%d", i),
			Count:                   optionalInt(rng, 0, 6),
			FailureLimit:            optionalInt(rng, -1, 3),
			InconclusiveLimit:       optionalInt(rng, 0, 2),
			ConsecutiveErrorLimit:   optionalInt(rng, 0, 3),
			ConsecutiveSuccessLimit: optionalInt(rng, 0, 3),
		}
		if rng.Intn(2) == 0 {
			m.Interval = "1m"
		}
		var ms []v1alpha1.Measurement
		n := rng.Intn(9)
		for j := 0; j <= n; j++ {
			terminating := rng.Intn(4) == 0
			r := tally(m.Name, append([]v1alpha1.Measurement(nil), ms...))
			inputs = append(inputs, input{m, r, terminating})
			want = append(want, assessMetricStatus(m, r, terminating))
			phase := completedPhases[rng.Intn(len(completedPhases))]
			if rng.Intn(10) == 0 {
				phase = v1alpha1.AnalysisPhaseRunning
			}
			ms = append(ms, v1alpha1.Measurement{Phase: phase, Value: "1"})
		}
	}
	var stdin bytes.Buffer
	for _, in := range inputs {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		stdin.Write(append(b, '\n'))
	}
	cmd := exec.Command(distFile(t, "rollouts-plugin-kit"), "assess")
	cmd.Stdin = &stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kit assess: %v\n%s", err, stderr.String())
	}
	s := bufio.NewScanner(bytes.NewReader(out))
	i := 0
	for ; s.Scan(); i++ {
		var got struct{ Phase v1alpha1.AnalysisPhase }
		if err := json.Unmarshal(s.Bytes(), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i, err, s.Text())
		}
		if i < len(want) && got.Phase != want[i] {
			b, _ := json.Marshal(inputs[i])
			t.Errorf("input %s: kit says %s, Argo says %s", b, got.Phase, want[i])
		}
	}
	if i != len(inputs) {
		t.Fatalf("kit answered %d of %d inputs", i, len(inputs))
	}
}

// TestKitAnalysisOutcomesMatchArgo runs the kit's `analysis` on the example metric plugin
// (dist/sample-metric reading a load average from a file) with templates that end Successful,
// Failed, Error and, through consecutiveSuccessLimit, Inconclusive, and checks with Argo's
// code: the final metric phase is what Argo's assessMetricStatus gives on the kit's
// measurements, every shorter prefix of them was still running (the kit stopped measuring
// exactly when the controller would), and the run phase is the worst metric phase.
func TestKitAnalysisOutcomesMatchArgo(t *testing.T) {
	dir := t.TempDir()
	loadavg := filepath.Join(dir, "loadavg")
	if err := os.WriteFile(loadavg, []byte("0.50 0.40 0.30 1/1 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	metric := distFile(t, "sample-metric")
	cases := []struct {
		name, metrics string
		want          v1alpha1.AnalysisPhase
	}{
		{"count-reached", `
    - name: ok
      interval: 100ms
      count: 3
      provider: {plugin: {rollouts-java/sample-metric: {max: 1}}}`, v1alpha1.AnalysisPhaseSuccessful},
		{"failure-limit", `
    - name: high
      interval: 100ms
      count: 4
      failureLimit: 1
      provider: {plugin: {rollouts-java/sample-metric: {max: 0.1}}}`, v1alpha1.AnalysisPhaseFailed},
		{"error-limit", `
    - name: broken
      interval: 100ms
      consecutiveErrorLimit: 1
      provider: {plugin: {rollouts-java/sample-metric: {}}}`, v1alpha1.AnalysisPhaseError},
		{"failure-limit-before-success-limit", `
    - name: flaky
      interval: 100ms
      count: 3
      failureLimit: 1
      consecutiveSuccessLimit: 2
      provider: {plugin: {rollouts-java/sample-metric: {max: 0.1}}}`, v1alpha1.AnalysisPhaseFailed},
		{"worst-of-two", `
    - name: ok
      interval: 100ms
      count: 2
      provider: {plugin: {rollouts-java/sample-metric: {max: 1}}}
    - name: high
      interval: 100ms
      count: 2
      failureLimit: 0
      provider: {plugin: {rollouts-java/sample-metric: {max: 0.1}}}`, v1alpha1.AnalysisPhaseFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tpl := filepath.Join(dir, c.name+".yaml")
			yaml := "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: " +
				c.name + "\nspec:\n  metrics:" + c.metrics + "\n"
			if err := os.WriteFile(tpl, []byte(yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(distFile(t, "rollouts-plugin-kit"), "analysis", "--json",
				"--error-retry", "100ms", "--metric-plugin",
				"rollouts-java/sample-metric="+wrapper(t, dir, metric, loadavg), tpl)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, _ := cmd.Output()
			var run v1alpha1.AnalysisRun
			if err := json.Unmarshal(out, &run); err != nil {
				t.Fatalf("kit output is no AnalysisRun: %v\n%s\n%s", err, out, stderr.String())
			}
			if run.Status.Phase != c.want {
				t.Errorf("kit run phase %s, want %s\n%s", run.Status.Phase, c.want, stderr.String())
			}
			// a metric that failed ends the others early ("Run Terminated"), as IsTerminating says
			terminating := analysisutil.IsTerminating(&run)
			worst := v1alpha1.AnalysisPhase("")
			for _, m := range run.Spec.Metrics {
				r := analysisutil.GetResult(&run, m.Name)
				if r == nil {
					t.Fatalf("no result for %s", m.Name)
				}
				argo := assessMetricStatus(m, tally(m.Name, r.Measurements), terminating)
				if argo != r.Phase {
					t.Errorf("%s: kit %s, Argo %s on the same %d measurements", m.Name, r.Phase,
						argo, len(r.Measurements))
				}
				for k := 0; k < len(r.Measurements); k++ {
					if p := assessMetricStatus(m, tally(m.Name, r.Measurements[:k]), false); p.Completed() {
						t.Errorf("%s: Argo had completed (%s) after %d measurements; the kit took %d",
							m.Name, p, k, len(r.Measurements))
					}
				}
				if worst == "" || analysisutil.IsWorse(worst, r.Phase) {
					worst = r.Phase
				}
			}
			if worst != run.Status.Phase {
				t.Errorf("run phase %s, worst metric phase %s", run.Status.Phase, worst)
			}
		})
	}
}

// wrapper makes an executable that runs the plugin with --loadavg FILE, as a ConfigMap's args
// would.
func wrapper(t *testing.T, dir, plugin, loadavg string) string {
	t.Helper()
	p := filepath.Join(dir, "sample-metric-with-args")
	script := "#!/bin/sh\nexec '" + plugin + "' --loadavg '" + loadavg + "' \"$@\"\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plugin+loadavg, "'") {
		t.Fatal("paths with quotes")
	}
	return p
}
