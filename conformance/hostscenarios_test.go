package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"net/rpc"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/rollouts-java/conformance/internal/harness"
)

// This file is the go-plugin half of the host parity test: the scenarios of HARNESS.md's
// `harness host-scenarios`, run with go-plugin's own client, configured as Argo's controller
// configures it. Every scenario yields the same JSON-shaped result the Java host prints.

// scenarioResult is one scenario's observable outcome, keyed like the harness's JSON lines.
type scenarioResult = map[string]any

// pluginCommand is the plugin under test: an executable and its arguments.
type pluginCommand struct {
	path string
	args []string
}

func (p pluginCommand) with(extra ...string) pluginCommand {
	return pluginCommand{path: p.path, args: append(append([]string{}, p.args...), extra...)}
}

// The values both hosts use (HARNESS.md, `harness host-scenarios`).
const (
	unknownDispenseName = "RpcNoSuchPlugin"
	// startFailureTimeout replaces go-plugin's 1 minute StartTimeout in the no-handshake
	// scenario only, on both hosts.
	startFailureTimeout = 2 * time.Second
	// overlongLineLength exceeds the 64 KiB bufio.Scanner limit of go-plugin's stdout reader.
	overlongLineLength = 70000
	// deadAddress is a socket path that never exists.
	deadAddress = "/nonexistent/hostparity.sock"
)

var failTexts = []string{"measurement backend unavailable", "ünïcödé ✓ and \"quotes\"\nsecond line", ""}

// startFailure is a scenario whose plugin never gets connected; fixture names the script in
// the fixtures directory (HARNESS.md) or an absolute path.
type startFailure struct {
	name    string
	fixture string
	args    []string
	timeout time.Duration // 0 = go-plugin's default
}

func startFailures() []startFailure {
	line := func(name, text string) startFailure {
		return startFailure{name: name, fixture: "print-line", args: []string{text}}
	}
	return []startFailure{
		{name: "exits-before-handshake", fixture: "/bin/false"},
		line("garbage-first-line", "this is not a go-plugin handshake"),
		line("overlong-first-line", strings.Repeat("x", overlongLineLength)),
		line("core-version-2", "2|1|unix|"+deadAddress+"|netrpc|"),
		line("core-version-not-a-number", "one|1|unix|"+deadAddress+"|netrpc|"),
		line("app-version-2", "1|2|unix|"+deadAddress+"|netrpc|"),
		line("unknown-network", "1|1|pipe|"+deadAddress+"|netrpc|"),
		line("grpc-protocol", "1|1|unix|"+deadAddress+"|grpc|"),
		line("empty-protocol", "1|1|unix|"+deadAddress+"||"),
		line("dead-unix-socket", "1|1|unix|"+deadAddress+"|netrpc|"),
		line("refused-tcp-port", "1|1|tcp|127.0.0.1:1|netrpc|"),
		{name: "no-handshake", fixture: "silent", timeout: startFailureTimeout},
	}
}

// fixtureFiles are the executables (and the text one of them prints) that the start-failure
// scenarios run (HARNESS.md, host-scenarios).
var fixtureFiles = map[string]string{
	"print-line":       "#!/bin/sh\nprintf '%s\\n' \"$1\"\nexec sleep 600\n",
	"silent":           "#!/bin/sh\nexec sleep 600\n",
	"stderr-lines":     "#!/bin/sh\ncat \"$0.txt\" >&2\n",
	"stderr-lines.txt": stderrLines,
}

// stderrLinesEnd is the last line stderr-lines prints.
const stderrLinesEnd = "end of stderr lines"

// stderrLines covers each way go-plugin's host reads a stderr line (go-plugin.md §7): hclog
// JSON with good, odd and unknown levels and timestamps, JSON that is not hclog's, text with
// and without a level prefix, a lone CR inside a line, a CRLF ending, a panic line, an empty
// line and a line longer than the host's 64 KiB buffer.
var stderrLines = strings.Join([]string{
	`{"@level":"info","@message":"json info","@timestamp":"2026-11-29T04:53:09.188075Z","k":1}`,
	`{"@level":"WARN","@message":"upper-case level"}`,
	`{"@level":" error ","@message":"padded level","@module":"sample"}`,
	`{"@level":"notice","@message":"unknown level"}`,
	`{"@message":"no level"}`,
	`{"@level":"off","@message":"level off"}`,
	`{"@level":"info","@message":"three-digit fraction","@timestamp":"2026-11-29T04:53:09.188Z"}`,
	`{"@level":"debug","@message":"offset timestamp","@timestamp":"2026-11-29T05:53:09.188075+01:00"}`,
	`{"@level":"info","@message":"trailing junk"} junk`,
	`{"@level":"info"}`,
	"[WARN] bracketed warn",
	"[ERROR]no space",
	"[INFO] carriage\rreturn inside",
	"[TRACE] crlf ending\r",
	"panic: boom",
	"goroutine 1 [running]:",
	"plain text",
	"null",
	"[1,2]",
	`"a json string"`,
	"",
	`{"@level":"info","@message":"` + strings.Repeat("x", overlongLineLength) + `"}`,
	`{"@level":"info","@message":"` + stderrLinesEnd + `"}`,
}, "\n") + "\n"

func (f startFailure) command(fixtures string) pluginCommand {
	path := f.fixture
	if !filepath.IsAbs(path) {
		path = filepath.Join(fixtures, path)
	}
	return pluginCommand{path: path, args: f.args}
}

// goHost is one plugin process started by go-plugin's client.
type goHost struct {
	client *plugin.Client
	log    *logRecorder
	name   string // basename of the executable: the host names its logger plugin.<name>
}

// newGoHost configures go-plugin's client exactly as Argo's controller does
// (spec/go-plugin.md, top), with two differences that change nothing on the wire: the
// unknown dispense name is also registered, so that Dispense asks the plugin instead of
// refusing locally, and the host logger (go-plugin's default: hclog, name "plugin", level
// Trace) also records every line, so that levels and messages can be read back as logged.
func newGoHost(p pluginCommand, startTimeout time.Duration) *goHost {
	rec := &logRecorder{}
	logger := recordingLogger{
		Logger: hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Trace, Output: &rec.text}),
		name:   "plugin",
		rec:    rec,
	}
	return &goHost{
		client: plugin.NewClient(&plugin.ClientConfig{
			HandshakeConfig: plugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: cookieKey, MagicCookieValue: cookieValue},
			Plugins:         map[string]plugin.Plugin{dispenseName: testPlugin{}, unknownDispenseName: testPlugin{}},
			Cmd:             exec.Command(p.path, p.args...),
			Managed:         true,
			StartTimeout:    startTimeout,
			Logger:          logger,
		}),
		log:  rec,
		name: filepath.Base(p.path),
	}
}

// logEntry is one line the host logged: logger name, level, message and key/value pairs.
type logEntry struct {
	logger, level, message string
	args                   []any
}

func (e logEntry) arg(key string) string {
	for i := 0; i+1 < len(e.args); i += 2 {
		if e.args[i] == key {
			return fmt.Sprint(e.args[i+1])
		}
	}
	return ""
}

// logRecorder keeps the entries in order, and the host's text log for failure messages.
type logRecorder struct {
	mu      sync.Mutex
	entries []logEntry
	text    harness.LockedBuffer
}

func (r *logRecorder) add(e logEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, e)
}

func (r *logRecorder) all() []logEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]logEntry(nil), r.entries...)
}

// recordingLogger is an hclog.Logger that records what go-plugin logs through the five level
// methods (all it uses) before passing it on.
type recordingLogger struct {
	hclog.Logger
	name string
	rec  *logRecorder
}

func (l recordingLogger) Named(name string) hclog.Logger {
	return recordingLogger{Logger: l.Logger.Named(name), name: l.name + "." + name, rec: l.rec}
}

func (l recordingLogger) record(level, msg string, args []any) {
	l.rec.add(logEntry{logger: l.name, level: level, message: msg, args: args})
}

func (l recordingLogger) Trace(msg string, args ...any) {
	l.record("TRACE", msg, args)
	l.Logger.Trace(msg, args...)
}

func (l recordingLogger) Debug(msg string, args ...any) {
	l.record("DEBUG", msg, args)
	l.Logger.Debug(msg, args...)
}

func (l recordingLogger) Info(msg string, args ...any) {
	l.record("INFO", msg, args)
	l.Logger.Info(msg, args...)
}

func (l recordingLogger) Warn(msg string, args ...any) {
	l.record("WARN", msg, args)
	l.Logger.Warn(msg, args...)
}

func (l recordingLogger) Error(msg string, args ...any) {
	l.record("ERROR", msg, args)
	l.Logger.Error(msg, args...)
}

// pluginLog returns the plugin's stderr lines as the host re-logged them: level and message.
func (h *goHost) pluginLog() [][]string {
	lines := [][]string{}
	for _, e := range h.log.all() {
		if e.logger == "plugin."+h.name {
			lines = append(lines, []string{e.level, e.message})
		}
	}
	return lines
}

var exitStatus = regexp.MustCompile(`^exit status (\d+)$`)

// exitOutcome waits (bounded) for go-plugin's "plugin process exited" line and reads the exit
// code from it: INFO means status 0, ERROR carries os/exec's error text. A signal is reported
// as 128+signal, as a Java Process reports it.
func (h *goHost) exitOutcome() (exited bool, code int) {
	deadline := time.Now().Add(liveness)
	for time.Now().Before(deadline) {
		for _, e := range h.log.all() {
			if e.logger != "plugin" || e.message != "plugin process exited" {
				continue
			}
			switch text := e.arg("error"); {
			case text == "":
				return true, 0
			case exitStatus.MatchString(text):
				n, _ := strconv.Atoi(exitStatus.FindStringSubmatch(text)[1])
				return true, n
			case text == "signal: killed":
				return true, 128 + 9
			default:
				return true, -1
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false, -1
}

// forciblyKilled says whether go-plugin had to SIGKILL: it logs this exactly then.
func (h *goHost) forciblyKilled() bool {
	for _, e := range h.log.all() {
		if e.logger == "plugin" && e.message == "plugin failed to exit gracefully" {
			return true
		}
	}
	return false
}

// session starts the plugin and dispenses it, as Argo's first acquisition does.
func (h *goHost) session() (plugin.ClientProtocol, *pluginRPC, error) {
	protocol, err := h.client.Client()
	if err != nil {
		return nil, nil, err
	}
	raw, err := protocol.Dispense(dispenseName)
	if err != nil {
		return protocol, nil, err
	}
	return protocol, raw.(*pluginRPC), nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func isServerError(err error) bool {
	var serverErr rpc.ServerError
	return errors.As(err, &serverErr)
}

// runGoHostScenarios runs every scenario of `harness host-scenarios` with go-plugin's client.
func runGoHostScenarios(p pluginCommand, fixtures string) []scenarioResult {
	type scenario struct {
		name string
		run  func(*goHost, plugin.ClientProtocol, *pluginRPC) scenarioResult
		args []string
	}
	sessions := []scenario{
		{name: "dispense-init-ping", run: goDispenseInitPing},
		{name: "concurrent-calls", run: goConcurrentCalls},
		{name: "large-echo", run: goLargeEcho},
		{name: "fail", run: goFail},
		{name: "unknown-dispense", run: goUnknownDispense},
		{name: "unknown-method", run: goUnknownMethod},
		{name: "quit", run: goQuit},
		{name: "log-levels", run: goLogLevels, args: []string{"--log-level", "trace"}},
	}
	var results []scenarioResult
	for _, s := range sessions {
		h := newGoHost(p.with(s.args...), 0)
		protocol, rpcClient, err := h.session()
		var r scenarioResult
		if err != nil {
			r = scenarioResult{"startError": err.Error()}
		} else {
			r = s.run(h, protocol, rpcClient)
		}
		h.client.Kill()
		r["name"] = s.name
		results = append(results, r)
	}
	results = append(results, goStderrLines(fixtures))
	for _, f := range startFailures() {
		results = append(results, scenarioResult{"name": f.name, "error": goStartFailure(f.command(fixtures), f.timeout)})
	}
	return results
}

// goStartFailure starts a plugin that cannot be connected and returns go-plugin's error text,
// or "panic: <value>" when go-plugin panics instead (see knownDivergences).
func goStartFailure(p pluginCommand, timeout time.Duration) (text string) {
	h := newGoHost(p, timeout)
	defer h.client.Kill()
	defer func() {
		if v := recover(); v != nil {
			text = fmt.Sprintf("panic: %v", v)
		}
	}()
	_, err := h.client.Client()
	return errText(err)
}

// goStderrLines runs the stderr-lines fixture, which prints its lines and exits without a
// handshake, and collects what the host logged until the process exited.
func goStderrLines(fixtures string) scenarioResult {
	h := newGoHost(pluginCommand{path: filepath.Join(fixtures, "stderr-lines")}, 0)
	_, err := h.client.Client()
	h.client.Kill()
	h.exitOutcome() // logged once stderr has reached EOF
	return scenarioResult{"name": "stderr-lines", "error": errText(err), "lines": h.pluginLog()}
}

func goDispenseInitPing(h *goHost, protocol plugin.ClientProtocol, rpcClient *pluginRPC) scenarioResult {
	rc := h.client.ReattachConfig()
	init, initErr := rpcClient.InitPlugin()
	pid, pidErr := rpcClient.Pid()
	return scenarioResult{
		"handshake": map[string]any{
			// go-plugin only connects when the core version is CoreProtocolVersion.
			"core":     plugin.CoreProtocolVersion,
			"app":      h.client.NegotiatedVersion(),
			"network":  rc.Addr.Network(),
			"address":  rc.Addr.String(),
			"protocol": string(rc.Protocol),
		},
		"initError":   errText(initErr),
		"initReply":   init.ErrorString,
		"pingError":   errText(protocol.Ping()),
		"pidError":    errText(pidErr),
		"pid":         pid,
		"pidPositive": pid > 0,
	}
}

func goConcurrentCalls(_ *goHost, _ plugin.ClientProtocol, rpcClient *pluginRPC) scenarioResult {
	var mu sync.Mutex
	failures := []string{}
	correct := 0
	var wg sync.WaitGroup
	for g := range concurrentGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range concurrentCallsEach {
				failure := concurrentCall(g, c, rpcClient.Sleep, rpcClient.Echo)
				mu.Lock()
				if failure == "" {
					correct++
				} else {
					failures = append(failures, failure)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sort.Strings(failures)
	return scenarioResult{"calls": concurrentGoroutines * concurrentCallsEach, "correct": correct, "failures": failures}
}

const concurrentGoroutines, concurrentCallsEach = 20, 10

// concurrentCall is call c of goroutine g: Sleep or Echo alternately, with sleeps of
// different lengths so that replies overtake each other (the same mix on both hosts).
func concurrentCall(g, c int, sleep func(int64) (int64, error), echo func([]byte) ([]byte, error)) string {
	if (g+c)%2 == 0 {
		ms := int64((g*7 + c*13) % 50)
		got, err := sleep(ms)
		if err != nil || got != ms {
			return fmt.Sprintf("Sleep(%d) = %d, %v", ms, got, err)
		}
		return ""
	}
	payload := []byte(fmt.Sprintf("goroutine %d call %d %s", g, c, strings.Repeat("x", g*c)))
	got, err := echo(payload)
	if err != nil || !bytes.Equal(got, payload) {
		return fmt.Sprintf("Echo(%q) = %q, %v", payload, got, err)
	}
	return ""
}

var largeEchoSizes = []int{1 << 20, 5 << 20}

func goLargeEcho(_ *goHost, protocol plugin.ClientProtocol, rpcClient *pluginRPC) scenarioResult {
	echoes := []any{}
	for _, size := range largeEchoSizes {
		payload := make([]byte, size)
		for i := range payload {
			payload[i] = byte(i*31 + i>>8)
		}
		got, err := rpcClient.Echo(payload)
		echoes = append(echoes, map[string]any{"size": size, "equal": bytes.Equal(got, payload), "error": errText(err)})
	}
	return scenarioResult{"echoes": echoes, "pingError": errText(protocol.Ping())}
}

func goFail(_ *goHost, protocol plugin.ClientProtocol, rpcClient *pluginRPC) scenarioResult {
	results := []any{}
	for _, text := range failTexts {
		err := rpcClient.Fail(text)
		got, echoErr := rpcClient.Echo([]byte("still alive"))
		results = append(results, map[string]any{
			"sent":        text,
			"error":       errText(err),
			"serverError": isServerError(err),
			"echoAfter":   echoAfter(got, echoErr),
		})
	}
	return scenarioResult{"results": results, "pingError": errText(protocol.Ping())}
}

// echoAfter says whether an echo of "still alive" came back intact ("" when it did).
func echoAfter(got []byte, err error) string {
	if err != nil {
		return err.Error()
	}
	if string(got) != "still alive" {
		return fmt.Sprintf("echo returned %q", got)
	}
	return ""
}

func goUnknownDispense(_ *goHost, protocol plugin.ClientProtocol, _ *pluginRPC) scenarioResult {
	_, err := protocol.Dispense(unknownDispenseName)
	pingErr := protocol.Ping()
	raw, againErr := protocol.Dispense(dispenseName)
	echo := "not dispensed"
	if againErr == nil {
		echo = echoAfter(raw.(*pluginRPC).Echo([]byte("still alive")))
	}
	return scenarioResult{
		"error":         errText(err),
		"serverError":   isServerError(err),
		"pingError":     errText(pingErr),
		"dispenseAgain": errText(againErr),
		"echoAfter":     echo,
	}
}

func goUnknownMethod(_ *goHost, _ plugin.ClientProtocol, rpcClient *pluginRPC) scenarioResult {
	r := scenarioResult{}
	for key, method := range unknownMethods {
		err := rpcClient.c.Call(method, []byte("x"), new([]byte))
		r[key] = errText(err)
		r[key+"ServerError"] = isServerError(err)
	}
	r["echoAfter"] = echoAfter(rpcClient.Echo([]byte("still alive")))
	return r
}

// unknownMethods are calls the plugin cannot serve, by result key.
var unknownMethods = map[string]string{
	"method":    "Plugin.NoSuchMethod",
	"service":   "NoSuchService.Echo",
	"illFormed": "PluginEcho",
}

func goQuit(h *goHost, _ plugin.ClientProtocol, _ *pluginRPC) scenarioResult {
	h.client.Kill()
	exited, code := h.exitOutcome()
	return scenarioResult{"exited": exited, "forciblyKilled": h.forciblyKilled(), "exitCode": code}
}

func goLogLevels(h *goHost, protocol plugin.ClientProtocol, rpcClient *pluginRPC) scenarioResult {
	_, _ = rpcClient.InitPlugin()
	_ = protocol.Ping()
	h.client.Kill() // returns once the process has exited and its stderr reached EOF
	h.exitOutcome()
	return scenarioResult{"lines": levelChecks(h.pluginLog())}
}

// levelChecks keeps the five level-check lines: what else a plugin logs is its own (go-plugin's
// Serve logs "plugin address"), and a Go plugin's last line races its exit on Quit. Every
// other kind of line is compared in the stderr-lines scenario.
func levelChecks(lines [][]string) [][]string {
	kept := [][]string{}
	for _, l := range lines {
		if strings.HasPrefix(l[1], "level check ") {
			kept = append(kept, l)
		}
	}
	return kept
}

// writeFixtures writes the start-failure scripts into dir.
func writeFixtures(dir string) error {
	for name, text := range fixtureFiles {
		if err := writeExecutable(filepath.Join(dir, name), text); err != nil {
			return err
		}
	}
	return nil
}
