package conformance

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/rpc"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/argoproj/argo-rollouts/utils/plugin/types"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/yamux"

	"github.com/rollouts-java/conformance/internal/harness"
)

// The handshake Argo's controller uses for metric provider plugins.
const (
	cookieKey     = "ARGO_ROLLOUTS_RPC_PLUGIN"
	cookieValue   = "metricprovider"
	dispenseName  = "RpcMetricProviderPlugin"
	notPluginText = "This binary is a plugin. These are not meant to be executed directly.\n" +
		"Please execute the program that consumes these plugins, which will\n" +
		"load any plugins automatically\n"
)

// liveness bounds every wait for the plugin process; generous, since it only has to catch a
// plugin that never does what is asked, not measure how fast it does it.
const liveness = 20 * time.Second

// testPlugin is the host half of the harness's plugin, as Argo's RpcMetricProviderPlugin is
// for a real one: the host only ever calls Client.
type testPlugin struct{}

func (testPlugin) Server(*plugin.MuxBroker) (any, error) {
	return nil, errors.New("the conformance tests are the host only")
}

func (testPlugin) Client(_ *plugin.MuxBroker, c *rpc.Client) (any, error) {
	return &pluginRPC{c}, nil
}

// pluginRPC calls the harness's Plugin service (HARNESS.md) the way Argo's RPC RPC clients do.
type pluginRPC struct{ c *rpc.Client }

func (p *pluginRPC) InitPlugin() (types.RpcError, error) {
	var resp types.RpcError
	err := p.c.Call("Plugin.InitPlugin", new(any), &resp)
	return resp, err
}

func (p *pluginRPC) Echo(b []byte) ([]byte, error) {
	var resp []byte
	err := p.c.Call("Plugin.Echo", b, &resp)
	return resp, err
}

func (p *pluginRPC) Sleep(ms int64) (int64, error) {
	var resp int64
	err := p.c.Call("Plugin.Sleep", ms, &resp)
	return resp, err
}

func (p *pluginRPC) Fail(msg string) error {
	return p.c.Call("Plugin.Fail", msg, new(struct{}))
}

func (p *pluginRPC) Pid() (int64, error) {
	var resp int64
	err := p.c.Call("Plugin.Pid", new(any), &resp)
	return resp, err
}

// hostSession is a harness plugin started by go-plugin's client, configured as Argo's
// controller configures it, with the host logger writing into logs.
type hostSession struct {
	client *plugin.Client
	rpc    plugin.ClientProtocol
	plugin *pluginRPC
	logs   *harness.LockedBuffer
}

func startPlugin(t *testing.T, args ...string) *hostSession {
	t.Helper()
	logs := &harness.LockedBuffer{}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  1,
			MagicCookieKey:   cookieKey,
			MagicCookieValue: cookieValue,
		},
		Plugins: map[string]plugin.Plugin{dispenseName: testPlugin{}},
		Cmd:     exec.Command(harness.Path(t), append([]string{"plugin"}, args...)...),
		Managed: true,
		// go-plugin's default logger (hclog, name "plugin", level Trace), into a buffer.
		Logger: hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Trace, Output: logs}),
	})
	t.Cleanup(func() {
		client.Kill()
		if t.Failed() {
			t.Logf("host log:\n%s", logs.String())
		}
	})
	rpcClient, err := client.Client()
	if err != nil {
		t.Fatalf("go-plugin could not start the harness plugin: %v", err)
	}
	raw, err := rpcClient.Dispense(dispenseName)
	if err != nil {
		t.Fatalf("Dispense(%s): %v", dispenseName, err)
	}
	return &hostSession{client: client, rpc: rpcClient, plugin: raw.(*pluginRPC), logs: logs}
}

// initAndPing is what Argo does after Dispense: InitPlugin, then Control.Ping.
func (s *hostSession) initAndPing(t *testing.T) {
	t.Helper()
	resp, err := s.plugin.InitPlugin()
	if err != nil {
		t.Fatalf("InitPlugin: %v", err)
	}
	if resp.HasError() {
		t.Fatalf("InitPlugin returned error %q", resp.ErrorString)
	}
	if err := s.rpc.Ping(); err != nil {
		t.Fatalf("Control.Ping: %v", err)
	}
}

func TestSessionDispenseInitPing(t *testing.T) {
	s := startPlugin(t)
	s.initAndPing(t)
	pid, err := s.plugin.Pid()
	if err != nil {
		t.Fatalf("Pid: %v", err)
	}
	if pid <= 0 {
		t.Fatalf("Pid returned %d", pid)
	}
	if rc := s.client.ReattachConfig(); rc != nil && int64(rc.Pid) != pid {
		// The harness script should exec the JVM; otherwise a SIGKILL from the host would
		// only reach the script. Not a wire defect, so reported, not failed.
		t.Logf("note: go-plugin started pid %d, the plugin reports pid %d", rc.Pid, pid)
	}
	if err := s.rpc.Ping(); err != nil {
		t.Fatalf("second Control.Ping: %v", err)
	}
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSessionConcurrentCalls issues 200 calls from 20 goroutines on the one Plugin stream, as
// the controller's workers do; sleeps of different lengths make replies come back out of
// order, and every reply must still reach the caller whose seq it carries.
func TestSessionConcurrentCalls(t *testing.T) {
	s := startPlugin(t)
	s.initAndPing(t)
	const goroutines, callsPerGoroutine = 20, 10
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*callsPerGoroutine)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range callsPerGoroutine {
				if (g+c)%2 == 0 {
					ms := int64((g*7 + c*13) % 50)
					got, err := s.plugin.Sleep(ms)
					if err != nil || got != ms {
						errs <- fmt.Errorf("goroutine %d call %d: Sleep(%d) = %d, %v", g, c, ms, got, err)
					}
					continue
				}
				payload := []byte(fmt.Sprintf("goroutine %d call %d %s", g, c, strings.Repeat("x", g*c)))
				got, err := s.plugin.Echo(payload)
				if err != nil || !bytes.Equal(got, payload) {
					errs <- fmt.Errorf("goroutine %d call %d: Echo(%q) = %q, %v", g, c, payload, got, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSessionRepliesInCompletionOrder requires the plugin to answer a quick call while a slow
// one on the same stream is still running (netrpc.md §6: the controller must not be
// serialised behind one slow call).
func TestSessionRepliesInCompletionOrder(t *testing.T) {
	s := startPlugin(t)
	s.initAndPing(t)
	slowDone := make(chan error, 1)
	go func() {
		_, err := s.plugin.Sleep(int64(liveness / time.Millisecond))
		slowDone <- err
	}()
	// Give the slow call a head start on the wire (the ordering on the wire is what
	// matters; the plugin has the whole liveness window to answer the echo first).
	time.Sleep(200 * time.Millisecond)
	if _, err := s.plugin.Echo([]byte("quick")); err != nil {
		t.Fatalf("Echo while Sleep is pending: %v", err)
	}
	select {
	case err := <-slowDone:
		t.Fatalf("the slow Sleep finished (err=%v) before the quick Echo was answered: calls are serialised", err)
	default:
	}
}

func TestSessionLargeEcho(t *testing.T) {
	s := startPlugin(t)
	s.initAndPing(t)
	for _, size := range []int{1 << 20, 5 << 20} {
		payload := randomBytes(t, size)
		got, err := s.plugin.Echo(payload)
		if err != nil {
			t.Fatalf("Echo of %d bytes: %v", size, err)
		}
		if !bytes.Equal(got, payload) {
			t.Fatalf("Echo of %d bytes returned %d different bytes", size, len(got))
		}
	}
	if err := s.rpc.Ping(); err != nil {
		t.Fatalf("Control.Ping after large echoes: %v", err)
	}
}

// TestSessionFail checks that an error reply carries exactly the error text and that the
// connection stays usable (the reply must still carry a body, netrpc.md §5).
func TestSessionFail(t *testing.T) {
	s := startPlugin(t)
	s.initAndPing(t)
	for _, msg := range []string{"measurement backend unavailable", "ünïcödé ✓ and \"quotes\"\nsecond line"} {
		err := s.plugin.Fail(msg)
		var serverErr rpc.ServerError
		if !errors.As(err, &serverErr) {
			t.Fatalf("Fail(%q) returned %v (%T), want an rpc.ServerError", msg, err, err)
		}
		if string(serverErr) != msg {
			t.Fatalf("Fail returned %q, want exactly %q", string(serverErr), msg)
		}
		got, err := s.plugin.Echo([]byte("still alive"))
		if err != nil || string(got) != "still alive" {
			t.Fatalf("Echo after Fail = %q, %v", got, err)
		}
	}
	if err := s.rpc.Ping(); err != nil {
		t.Fatalf("Control.Ping after Fail: %v", err)
	}
}

var (
	exitedCleanly = regexp.MustCompile(`\[INFO\]\s+plugin: plugin process exited`)
	forcedKill    = "plugin failed to exit gracefully"
)

// TestSessionQuit kills the plugin the way the controller does (Client.Kill: Control.Quit,
// close, wait up to 2 s, then SIGKILL). go-plugin logs "plugin failed to exit gracefully"
// exactly when it had to SIGKILL after its 2 s grace period, and logs the exit at INFO only
// for exit status 0; those two log lines are the verdict.
func TestSessionQuit(t *testing.T) {
	s := startPlugin(t)
	s.initAndPing(t)
	javaPid, err := s.plugin.Pid()
	if err != nil {
		t.Fatalf("Pid: %v", err)
	}
	start := time.Now()
	s.client.Kill()
	t.Logf("Kill() took %v", time.Since(start))
	logs := s.logs.String()
	if strings.Contains(logs, forcedKill) {
		t.Fatalf("go-plugin had to SIGKILL the plugin after Quit:\n%s", logs)
	}
	if !exitedCleanly.MatchString(logs) {
		t.Fatalf("go-plugin did not log a clean exit (status 0) after Quit:\n%s", logs)
	}
	if !s.client.Exited() {
		t.Fatal("go-plugin does not consider the plugin exited")
	}
	waitGone(t, int(javaPid))
}

// waitGone waits until no process has the pid (the JVM must not outlive the plugin process).
func waitGone(t *testing.T, pid int) {
	t.Helper()
	harness.WaitGone(t, pid, liveness)
}

var levelCheck = regexp.MustCompile(`\[(TRACE|DEBUG|INFO|WARN|ERROR)\]\s+plugin\.harness: level check (\w+)`)

// TestSessionLogLevels checks that the plugin's hclog JSON lines on stderr reach go-plugin's
// logger at their own levels (a wrong JSON shape is logged at DEBUG, go-plugin.md §7).
func TestSessionLogLevels(t *testing.T) {
	s := startPlugin(t, "--log-level", "trace")
	s.initAndPing(t)
	want := []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"}
	deadline := time.Now().Add(liveness)
	for {
		seen := map[string]string{}
		for _, m := range levelCheck.FindAllStringSubmatch(s.logs.String(), -1) {
			seen[strings.ToUpper(m[2])] = m[1]
		}
		if len(seen) == len(want) {
			for _, level := range want {
				if seen[level] != level {
					t.Errorf("the %q line arrived at host level %s", "level check "+strings.ToLower(level), seen[level])
				}
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of the 5 level-check lines arrived with a level: %v", len(seen), seen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestPluginWithoutCookie(t *testing.T) {
	cmd := exec.Command(harness.Path(t), "plugin")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, cookieKey+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() == 0 {
		t.Fatalf("without the cookie the plugin must exit non-zero, got %v", err)
	}
	if !strings.Contains(stderr.String(), notPluginText) {
		t.Fatalf("stderr lacks go-plugin's message %q:\n%s", notPluginText, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Fatalf("nothing may be written to stdout without the cookie, got %q", stdout.String())
	}
}

// rawHost is a plugin started and connected by hand, with go-plugin's own building blocks
// (yamux client with the default config, net/rpc clients, MuxBroker preamble) and a tap that
// counts yamux ping frames in both directions.
type rawHost struct {
	cmd     *exec.Cmd
	exited  chan error
	socket  string
	conn    net.Conn
	session *yamux.Session
	control *rpc.Client
	plugin  *rpc.Client
	in, out *frameCounter
	stderr  *harness.LockedBuffer
}

func startRawHost(t *testing.T) *rawHost {
	t.Helper()
	h := &rawHost{exited: make(chan error, 1), in: &frameCounter{}, out: &frameCounter{}, stderr: &harness.LockedBuffer{}}
	h.cmd = exec.Command(harness.Path(t), "plugin")
	h.cmd.Env = append(os.Environ(), cookieKey+"="+cookieValue,
		"PLUGIN_MIN_PORT=10000", "PLUGIN_MAX_PORT=25000", "PLUGIN_PROTOCOL_VERSIONS=1")
	h.cmd.Stderr = h.stderr
	stdout, err := h.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = h.cmd.Process.Kill()
		<-h.exited
		if t.Failed() {
			t.Logf("plugin stderr:\n%s", h.stderr.String())
		}
	})
	lines := bufio.NewReader(stdout)
	line, err := lines.ReadString('\n')
	if err != nil {
		go func() { h.exited <- h.cmd.Wait() }()
		t.Fatalf("reading the handshake line: %v", err)
	}
	go func() {
		_, _ = io.Copy(io.Discard, lines)
		h.exited <- h.cmd.Wait()
	}()
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) != 6 || parts[0] != "1" || parts[1] != "1" || parts[2] != "unix" || parts[4] != "netrpc" || parts[5] != "" {
		t.Fatalf("unexpected handshake line %q", line)
	}
	h.socket = parts[3]
	conn, err := net.Dial("unix", h.socket)
	if err != nil {
		t.Fatalf("dial %s: %v", h.socket, err)
	}
	h.conn = &tappedConn{Conn: conn, in: h.in, out: h.out}
	h.session, err = yamux.Client(h.conn, nil) // nil = DefaultConfig, as go-plugin
	if err != nil {
		t.Fatal(err)
	}
	streams := make([]net.Conn, 3) // control, stdout, stderr, in go-plugin's order
	for i := range streams {
		if streams[i], err = h.session.Open(); err != nil {
			t.Fatalf("open stream %d: %v", i, err)
		}
	}
	for _, s := range streams[1:] {
		go func() { _, _ = io.Copy(io.Discard, s) }()
	}
	h.control = rpc.NewClient(streams[0])
	var id uint32
	if err := h.control.Call("Dispenser.Dispense", dispenseName, &id); err != nil {
		t.Fatalf("Dispenser.Dispense: %v", err)
	}
	stream, err := h.session.OpenStream()
	if err != nil {
		t.Fatal(err)
	}
	var ack uint32
	if err := binary.Write(stream, binary.LittleEndian, id); err != nil {
		t.Fatal(err)
	}
	if err := binary.Read(stream, binary.LittleEndian, &ack); err != nil || ack != id {
		t.Fatalf("broker ack = %d, %v; want %d", ack, err, id)
	}
	h.plugin = rpc.NewClient(stream)
	var initResp types.RpcError
	if err := h.plugin.Call("Plugin.InitPlugin", new(any), &initResp); err != nil || initResp.HasError() {
		t.Fatalf("InitPlugin = %+v, %v", initResp, err)
	}
	if err := h.control.Call("Control.Ping", true, new(struct{})); err != nil {
		t.Fatalf("Control.Ping: %v", err)
	}
	return h
}

// TestSessionHostDeath closes the socket under a live session, as a crashing controller
// would: the plugin must notice, exit by itself, and remove its socket file.
func TestSessionHostDeath(t *testing.T) {
	h := startRawHost(t)
	var javaPid int64
	if err := h.plugin.Call("Plugin.Pid", new(any), &javaPid); err != nil {
		t.Fatalf("Pid: %v", err)
	}
	if err := h.conn.Close(); err != nil { // the raw socket: no go-away, no FINs
		t.Fatal(err)
	}
	select {
	case err := <-h.exited:
		h.exited <- err // for the cleanup
		t.Logf("plugin exited after host death: %v", err)
	case <-time.After(liveness):
		t.Fatalf("the plugin is still running %v after its host went away", liveness)
	}
	if _, err := os.Stat(h.socket); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket file %s still exists after exit (stat: %v)", h.socket, err)
	}
	waitGone(t, int(javaPid))
}

// keepaliveHold exceeds yamux's 30 s keepalive interval plus its 10 s ping timeout, so that
// both sides have pinged and a missing answer would already have closed the session.
const keepaliveHold = 45 * time.Second

// TestSessionKeepalive holds an idle session past the keepalive interval: the host must have
// pinged the plugin and got answers, the plugin must have pinged the host, and the session
// must still carry calls afterwards.
func TestSessionKeepalive(t *testing.T) {
	if testing.Short() {
		t.Skip("holds a session for 45 s; skipped with -short")
	}
	h := startRawHost(t)
	time.Sleep(keepaliveHold)
	if h.session.IsClosed() {
		t.Fatal("the yamux session closed while idle")
	}
	hostPings, pluginAcks := h.out.count(pingSYN), h.in.count(pingACK)
	pluginPings, hostAcks := h.in.count(pingSYN), h.out.count(pingACK)
	t.Logf("host pings %d, answered %d; plugin pings %d, answered %d", hostPings, pluginAcks, pluginPings, hostAcks)
	if hostPings == 0 || pluginAcks < hostPings {
		t.Errorf("the plugin answered %d of the host's %d pings", pluginAcks, hostPings)
	}
	if pluginPings == 0 {
		t.Errorf("the plugin sent no keepalive ping in %v", keepaliveHold)
	}
	if hostAcks < pluginPings {
		t.Errorf("the host answered %d of the plugin's %d pings", hostAcks, pluginPings)
	}
	if err := h.control.Call("Control.Ping", true, new(struct{})); err != nil {
		t.Fatalf("Control.Ping after idling: %v", err)
	}
	var got []byte
	if err := h.plugin.Call("Plugin.Echo", []byte("after idling"), &got); err != nil || string(got) != "after idling" {
		t.Fatalf("Echo after idling = %q, %v", got, err)
	}
}

// tappedConn feeds every byte read and written through a yamux frame counter.
type tappedConn struct {
	net.Conn
	in, out *frameCounter
}

func (c *tappedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.feed(p[:n])
	return n, err
}

func (c *tappedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.feed(p[:n])
	return n, err
}

type frameKind int

const (
	pingSYN frameKind = iota
	pingACK
)

// frameCounter parses one direction of a yamux connection (12-byte headers, data frames
// followed by their payload; yamux.md §1) and counts ping requests and answers.
type frameCounter struct {
	mu     sync.Mutex
	header []byte
	skip   int
	counts map[frameKind]int
}

const (
	yamuxTypeData = 0
	yamuxTypePing = 2
	yamuxFlagSYN  = 1
	yamuxFlagACK  = 2
)

func (f *frameCounter) feed(p []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.counts == nil {
		f.counts = map[frameKind]int{}
	}
	for len(p) > 0 {
		if f.skip > 0 {
			n := min(f.skip, len(p))
			f.skip -= n
			p = p[n:]
			continue
		}
		n := min(12-len(f.header), len(p))
		f.header = append(f.header, p[:n]...)
		p = p[n:]
		if len(f.header) < 12 {
			continue
		}
		typ, flags := f.header[1], binary.BigEndian.Uint16(f.header[2:4])
		length := binary.BigEndian.Uint32(f.header[8:12])
		switch {
		case typ == yamuxTypeData:
			f.skip = int(length)
		case typ == yamuxTypePing && flags&yamuxFlagSYN != 0:
			f.counts[pingSYN]++
		case typ == yamuxTypePing && flags&yamuxFlagACK != 0:
			f.counts[pingACK]++
		}
		f.header = f.header[:0]
	}
}

func (f *frameCounter) count(k frameKind) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[k]
}
