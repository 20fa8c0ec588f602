// Command diststartup measures, for every plugin in dist/argo-rollouts-config.yaml, the time
// from exec to the go-plugin handshake line and the plugin's resident memory once idle: the
// start-up numbers docs/benchmarks.md lists per dist/ plugin.
//
//	go run ./cmd/diststartup [-dist ../dist] [-runs 10] [-idle 2s]
//
// Each plugin is started as the controller starts it (the magic cookie of its kind, go-plugin's
// port range and protocol versions); nothing connects to it, so the handshake line is all it
// has done. RSS is VmRSS of /proc/<pid>/status: the launcher execs java, so that is the JVM.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

var cookies = map[string]string{
	"metricProviderPlugins": "metricprovider",
	"trafficRouterPlugins":  "trafficrouter",
	"stepPlugins":           "step",
}

func main() {
	dist := flag.String("dist", "../dist", "the dist/ directory")
	runs := flag.Int("runs", 10, "starts per plugin (the median is reported)")
	idle := flag.Duration("idle", 2*time.Second, "how long after the handshake RSS is read")
	flag.Parse()
	text, err := os.ReadFile(filepath.Join(*dist, "argo-rollouts-config.yaml"))
	check(err)
	var cm corev1.ConfigMap
	check(yaml.Unmarshal(text, &cm))
	fmt.Println("| plugin | kind | exec → handshake line, median of", *runs, "(min) | idle RSS after", *idle, "|")
	fmt.Println("| --- | --- | ---: | ---: |")
	for _, key := range []string{"metricProviderPlugins", "trafficRouterPlugins", "stepPlugins"} {
		var items []types.PluginItem
		check(yaml.Unmarshal([]byte(cm.Data[key]), &items))
		for _, item := range items {
			path := strings.TrimPrefix(item.Location, "file://")
			var times []time.Duration
			var rss string
			for i := 0; i < *runs; i++ {
				d, r := start(path, cookies[key], i == *runs-1, *idle)
				times = append(times, d)
				if r != "" {
					rss = r
				}
			}
			sort.Slice(times, func(a, b int) bool { return times[a] < times[b] })
			fmt.Printf("| %s | %s | %.0f ms (%.0f) | %s |\n", item.Name, cookies[key],
				ms(times[len(times)/2]), ms(times[0]), rss)
		}
	}
}

// start runs the plugin once and returns the time to its handshake line and, when measureRSS,
// its VmRSS after idle.
func start(path, cookie string, measureRSS bool, idle time.Duration) (time.Duration, string) {
	cmd := exec.Command(path)
	cmd.Env = append(os.Environ(), "ARGO_ROLLOUTS_RPC_PLUGIN="+cookie, "PLUGIN_MIN_PORT=10000",
		"PLUGIN_MAX_PORT=25000", "PLUGIN_PROTOCOL_VERSIONS=1")
	out, err := cmd.StdoutPipe()
	check(err)
	begin := time.Now()
	check(cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	elapsed := time.Since(begin)
	if err != nil || strings.Count(line, "|") < 4 {
		panic(fmt.Sprintf("%s: no handshake line (%q, %v)", path, line, err))
	}
	rss := ""
	if measureRSS {
		time.Sleep(idle)
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		check(err)
		for _, l := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(l, "VmRSS:") {
				var kb float64
				fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, "VmRSS:")), "%f", &kb)
				rss = fmt.Sprintf("%.1f MiB", kb/1024)
			}
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return elapsed, rss
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func check(err error) {
	if err != nil {
		panic(err)
	}
}
