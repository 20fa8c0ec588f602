package distcheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

// liveness bounds every wait; generous, it only catches something that never happens.
const liveness = 30 * time.Second

const notPluginText = "This binary is a plugin. These are not meant to be executed directly.\n" +
	"Please execute the program that consumes these plugins, which will\n" +
	"load any plugins automatically\n"

// distDir is the dist/ directory under test: ROLLOUTS_DIST, else ../../dist.
func distDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ROLLOUTS_DIST")
	if dir == "" {
		dir = filepath.Join("..", "..", "dist")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(abs, "argo-rollouts-config.yaml")); err != nil {
		t.Fatalf("no dist/ at %s (run ./mvnw -B package first, or set ROLLOUTS_DIST): %v", abs, err)
	}
	return abs
}

// distFile is one file of dist/, which must exist.
func distFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(distDir(t), name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("dist/ has no %s: %v", name, err)
	}
	return p
}

// metricHost is the controller's side of one metric plugin process, as Argo's metric plugin
// client sets it up: go-plugin client with Argo's handshake and plugin map, then Dispense.
type metricHost struct {
	client *plugin.Client
	plugin rpc.MetricProviderPlugin
	logs   *lockedBuffer
}

func startMetricHost(t *testing.T, cmd *exec.Cmd) *metricHost {
	t.Helper()
	logs := &lockedBuffer{}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  1,
			MagicCookieKey:   "ARGO_ROLLOUTS_RPC_PLUGIN",
			MagicCookieValue: "metricprovider",
		},
		Plugins: map[string]plugin.Plugin{"RpcMetricProviderPlugin": &rpc.RpcMetricProviderPlugin{}},
		Cmd:     cmd,
		Managed: true,
		Logger:  hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Trace, Output: logs}),
	})
	t.Cleanup(func() {
		client.Kill()
		if t.Failed() {
			t.Logf("host log:\n%s", logs.String())
		}
	})
	rpcClient, err := client.Client()
	if err != nil {
		t.Fatalf("go-plugin could not start %v: %v\n%s", cmd.Args, err, logs.String())
	}
	raw, err := rpcClient.Dispense("RpcMetricProviderPlugin")
	if err != nil {
		t.Fatalf("Dispense: %v", err)
	}
	p, ok := raw.(rpc.MetricProviderPlugin)
	if !ok {
		t.Fatalf("unexpected type from plugin: %T", raw)
	}
	if resp := p.InitPlugin(); resp.HasError() {
		t.Fatalf("InitPlugin: %s", resp.Error())
	}
	if err := rpcClient.Ping(); err != nil {
		t.Fatalf("Control.Ping: %v", err)
	}
	return &metricHost{client: client, plugin: p, logs: logs}
}

// lockedBuffer collects go-plugin's host log: one writer, readers at any time.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
