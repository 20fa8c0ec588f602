package dev.rollouts.conformance;

import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.goplugin.GoPluginClient;
import dev.rollouts.sdk.goplugin.HandshakeConfig;
import dev.rollouts.sdk.goplugin.HandshakeLine;
import dev.rollouts.sdk.goplugin.HclogLine;
import dev.rollouts.sdk.host.PluginHost;
import dev.rollouts.sdk.host.PluginKind;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.netrpc.RpcClient;
import dev.rollouts.sdk.netrpc.RpcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The host parity scenarios ({@code conformance/HARNESS.md}, {@code host-scenarios}) run with the
 * Java host. Every value here mirrors {@code conformance/hostscenarios_test.go}, which runs them
 * with go-plugin's client; the results must be equal field by field.
 *
 * <p>Not thread-safe; scenarios run one after another, each with its own plugin process.
 */
final class HostScenarios {
  /** A named scenario yielding its observable outcome. */
  record Scenario(String name, Supplier<Map<String, Object>> body) {
    Map<String, Object> run() {
      return body.get();
    }
  }

  private static final HandshakeConfig ARGO_METRIC =
      new HandshakeConfig(1, "ARGO_ROLLOUTS_RPC_PLUGIN", PluginKind.METRIC_PROVIDER.cookie());
  private static final String DISPENSE_NAME = PluginKind.METRIC_PROVIDER.dispenseName();
  private static final String UNKNOWN_DISPENSE_NAME = "RpcNoSuchPlugin";
  private static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration START_FAILURE_TIMEOUT = Duration.ofSeconds(2);
  private static final int OVERLONG_LINE_LENGTH = 70000;
  private static final String STDERR_LINES_END = "end of stderr lines";
  private static final String DEAD_ADDRESS = "/nonexistent/hostparity.sock";
  /** Bounds every wait for a process or its pipes; a liveness guard, never a verdict. */
  private static final long LIVENESS_SECONDS = 20;
  private static final int GOROUTINES = 20;
  private static final int CALLS_EACH = 10;
  private static final List<String> FAIL_TEXTS = List.of(
      "measurement backend unavailable", "ünïcödé ✓ and \"quotes\"\nsecond line", "");
  private static final Map<String, String> UNKNOWN_METHODS = Map.of(
      "method", "Plugin.NoSuchMethod",
      "service", "NoSuchService.Echo",
      "illFormed", "PluginEcho");
  private static final byte[] STILL_ALIVE = "still alive".getBytes(StandardCharsets.UTF_8);

  private final Path plugin;
  private final List<String> args;
  private final Path fixtures;

  HostScenarios(Path plugin, List<String> args, Path fixtures) {
    this.plugin = plugin;
    this.args = List.copyOf(args);
    this.fixtures = fixtures;
  }

  List<Scenario> all() {
    List<Scenario> all = new ArrayList<>(List.of(
        session("dispense-init-ping", this::dispenseInitPing),
        session("concurrent-calls", s -> concurrentCalls(s.plugin)),
        session("large-echo", this::largeEcho),
        session("fail", this::fail),
        session("unknown-dispense", this::unknownDispense),
        session("unknown-method", s -> unknownMethod(s.plugin)),
        session("quit", this::quit),
        session("log-levels", this::logLevels, "--log-level", "trace")));
    all.add(new Scenario("stderr-lines", this::stderrLines));
    all.add(startFailure("exits-before-handshake", Path.of("/bin/false"), List.of()));
    all.add(printLine("garbage-first-line", "this is not a go-plugin handshake"));
    all.add(printLine("overlong-first-line", "x".repeat(OVERLONG_LINE_LENGTH)));
    all.add(printLine("core-version-2", "2|1|unix|" + DEAD_ADDRESS + "|netrpc|"));
    all.add(printLine("core-version-not-a-number", "one|1|unix|" + DEAD_ADDRESS + "|netrpc|"));
    all.add(printLine("app-version-2", "1|2|unix|" + DEAD_ADDRESS + "|netrpc|"));
    all.add(printLine("unknown-network", "1|1|pipe|" + DEAD_ADDRESS + "|netrpc|"));
    all.add(printLine("grpc-protocol", "1|1|unix|" + DEAD_ADDRESS + "|grpc|"));
    all.add(printLine("empty-protocol", "1|1|unix|" + DEAD_ADDRESS + "||"));
    all.add(printLine("dead-unix-socket", "1|1|unix|" + DEAD_ADDRESS + "|netrpc|"));
    all.add(printLine("refused-tcp-port", "1|1|tcp|127.0.0.1:1|netrpc|"));
    all.add(new Scenario("no-handshake", () -> startError(
        PluginHost.builder(fixtures.resolve("silent"), PluginKind.METRIC_PROVIDER)
            .startTimeout(START_FAILURE_TIMEOUT))));
    return all;
  }

  /** A started, dispensed plugin and the stderr lines its host received. */
  private record Session(GoPluginClient client, RpcClient plugin, List<HclogLine> stderr) {}

  private interface SessionBody {
    Map<String, Object> run(Session session) throws Exception;
  }

  private Scenario session(String name, SessionBody body, String... extraArgs) {
    return new Scenario(name, () -> {
      List<String> command = new ArrayList<>();
      command.add(plugin.toString());
      command.addAll(args);
      command.addAll(List.of(extraArgs));
      List<HclogLine> stderr = new CopyOnWriteArrayList<>();
      GoPluginClient client;
      try {
        client = GoPluginClient.builder(ARGO_METRIC, command)
            .stderr(stderr::add)
            .startTimeout(DEFAULT_START_TIMEOUT)
            .start();
      } catch (IOException e) {
        return result("startError", e.getMessage());
      }
      try {
        return body.run(new Session(client, client.dispense(DISPENSE_NAME), stderr));
      } catch (Exception e) {
        return result("scenarioError", e.toString());
      } finally {
        client.kill();
      }
    });
  }

  private Map<String, Object> dispenseInitPing(Session s) {
    HandshakeLine h = s.client.handshake();
    Map<String, Object> handshake = new LinkedHashMap<>();
    handshake.put("core", h.coreVersion());
    handshake.put("app", h.appVersion());
    handshake.put("network", h.network());
    handshake.put("address", h.address());
    handshake.put("protocol", h.protocol());
    Map<String, Object> r = result("handshake", handshake);
    Outcome<RpcError> init = outcome(() -> s.plugin.call("Plugin.InitPlugin", null, Object.class, RpcError.class));
    r.put("initError", init.error);
    r.put("initReply", init.value == null ? "" : init.value.errorString());
    r.put("pingError", outcome(() -> {
      s.client.ping();
      return null;
    }).error);
    Outcome<Long> pid = outcome(() -> s.plugin.call("Plugin.Pid", null, Object.class, Long.class));
    r.put("pidError", pid.error);
    r.put("pid", pid.value == null ? 0L : pid.value);
    r.put("pidPositive", pid.value != null && pid.value > 0);
    return r;
  }

  /** The call mix of {@code concurrentCall} in the Go test, from 20 threads at once. */
  private static Map<String, Object> concurrentCalls(RpcClient plugin) throws Exception {
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int g = 0; g < GOROUTINES; g++) {
      int goroutine = g;
      calls.add(CompletableFuture.supplyAsync(() -> {
        List<String> failures = new ArrayList<>();
        for (int c = 0; c < CALLS_EACH; c++) {
          String failure = concurrentCall(plugin, goroutine, c);
          if (!failure.isEmpty()) {
            failures.add(failure);
          }
        }
        return String.join("\u0000", failures);
      }, command -> Thread.ofVirtual().start(command)));
    }
    List<String> failures = new ArrayList<>();
    for (CompletableFuture<String> call : calls) {
      String f = call.get(LIVENESS_SECONDS * 10, TimeUnit.SECONDS);
      if (!f.isEmpty()) {
        failures.addAll(List.of(f.split("\u0000")));
      }
    }
    failures.sort(null);
    Map<String, Object> r = result("calls", GOROUTINES * CALLS_EACH);
    r.put("correct", GOROUTINES * CALLS_EACH - failures.size());
    r.put("failures", failures);
    return r;
  }

  private static String concurrentCall(RpcClient plugin, int g, int c) {
    if ((g + c) % 2 == 0) {
      long ms = (g * 7L + c * 13L) % 50;
      Outcome<Long> got = outcome(() -> plugin.call("Plugin.Sleep", ms, Long.class, Long.class));
      return got.error.isEmpty() && got.value == ms ? ""
          : "Sleep(" + ms + ") = " + got.value + ", " + got.error;
    }
    byte[] payload = ("goroutine " + g + " call " + c + " " + "x".repeat(g * c))
        .getBytes(StandardCharsets.UTF_8);
    Outcome<byte[]> got = outcome(() -> plugin.call("Plugin.Echo", payload, byte[].class, byte[].class));
    return got.error.isEmpty() && Arrays.equals(got.value, payload) ? ""
        : "Echo(" + new String(payload, StandardCharsets.UTF_8) + ") = " + got.error;
  }

  private Map<String, Object> largeEcho(Session s) {
    List<Object> echoes = new ArrayList<>();
    for (int size : new int[] {1 << 20, 5 << 20}) {
      byte[] payload = new byte[size];
      for (int i = 0; i < size; i++) {
        payload[i] = (byte) (i * 31 + (i >> 8)); // the Go test's pattern
      }
      Outcome<byte[]> got = outcome(() -> s.plugin.call("Plugin.Echo", payload, byte[].class, byte[].class));
      Map<String, Object> echo = result("size", size);
      echo.put("equal", Arrays.equals(got.value, payload));
      echo.put("error", got.error);
      echoes.add(echo);
    }
    Map<String, Object> r = result("echoes", echoes);
    r.put("pingError", pingError(s.client));
    return r;
  }

  private Map<String, Object> fail(Session s) {
    List<Object> results = new ArrayList<>();
    for (String text : FAIL_TEXTS) {
      Outcome<EmptyStruct> failed = outcome(() -> s.plugin.call("Plugin.Fail", text, String.class, EmptyStruct.class));
      Map<String, Object> one = result("sent", text);
      one.put("error", failed.error);
      one.put("serverError", failed.serverError);
      one.put("echoAfter", echoAfter(s.plugin));
      results.add(one);
    }
    Map<String, Object> r = result("results", results);
    r.put("pingError", pingError(s.client));
    return r;
  }

  private Map<String, Object> unknownDispense(Session s) {
    Outcome<RpcClient> unknown = outcome(() -> s.client.dispense(UNKNOWN_DISPENSE_NAME));
    Map<String, Object> r = result("error", unknown.error);
    r.put("serverError", unknown.serverError);
    r.put("pingError", pingError(s.client));
    Outcome<RpcClient> again = outcome(() -> s.client.dispense(DISPENSE_NAME));
    r.put("dispenseAgain", again.error);
    r.put("echoAfter", again.value == null ? "not dispensed" : echoAfter(again.value));
    return r;
  }

  private static Map<String, Object> unknownMethod(RpcClient plugin) {
    Map<String, Object> r = new LinkedHashMap<>();
    UNKNOWN_METHODS.forEach((key, method) -> {
      Outcome<byte[]> got = outcome(() -> plugin.call(method, new byte[] {'x'}, byte[].class, byte[].class));
      r.put(key, got.error);
      r.put(key + "ServerError", got.serverError);
    });
    r.put("echoAfter", echoAfter(plugin));
    return r;
  }

  private Map<String, Object> quit(Session s) throws InterruptedException {
    s.client.kill();
    boolean exited = s.client.process().waitFor(LIVENESS_SECONDS, TimeUnit.SECONDS);
    Map<String, Object> r = result("exited", exited);
    r.put("forciblyKilled", s.client.forciblyKilled());
    r.put("exitCode", exited ? s.client.process().exitValue() : -1);
    return r;
  }

  private Map<String, Object> logLevels(Session s) throws Exception {
    s.plugin.call("Plugin.InitPlugin", null, Object.class, RpcError.class);
    s.client.ping();
    s.client.kill();
    try {
      s.client.pipesClosed().get(LIVENESS_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // reported through the lines that are missing
    }
    // Only the five level checks: what else a plugin logs is its own, and a Go plugin's last
    // line races its exit on Quit. The stderr-lines scenario compares every kind of line.
    return result("lines", levelAndMessage(s.stderr.stream()
        .filter(line -> line.message().startsWith("level check ")).toList()));
  }

  /** The stderr-lines fixture prints its lines and exits without a handshake. */
  private Map<String, Object> stderrLines() {
    List<HclogLine> stderr = new CopyOnWriteArrayList<>();
    Map<String, Object> r = startError(
        PluginHost.builder(fixtures.resolve("stderr-lines"), PluginKind.METRIC_PROVIDER)
            .stderr(stderr::add));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIVENESS_SECONDS);
    while (stderr.stream().noneMatch(line -> line.message().equals(STDERR_LINES_END))
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    r.put("lines", levelAndMessage(stderr));
    return r;
  }

  private static List<List<String>> levelAndMessage(List<HclogLine> lines) {
    List<List<String>> out = new ArrayList<>();
    for (HclogLine line : lines) {
      out.add(List.of(line.level().name(), line.message()));
    }
    return out;
  }

  private Scenario printLine(String name, String line) {
    return startFailure(name, fixtures.resolve("print-line"), List.of(line));
  }

  private Scenario startFailure(String name, Path executable, List<String> arguments) {
    return new Scenario(name, () -> startError(
        PluginHost.builder(executable, PluginKind.METRIC_PROVIDER).args(arguments)));
  }

  /** Starts a plugin that must not get connected; its error text, "" if it did start. */
  private static Map<String, Object> startError(PluginHost.Builder builder) {
    try (PluginHost host = builder.start()) {
      return result("error", "");
    } catch (IOException e) {
      return result("error", e.getMessage());
    }
  }

  private static String pingError(GoPluginClient client) {
    return outcome(() -> {
      client.ping();
      return null;
    }).error;
  }

  /** "" when an echo of "still alive" comes back intact, else what went wrong. */
  private static String echoAfter(RpcClient plugin) {
    Outcome<byte[]> got = outcome(() -> plugin.call("Plugin.Echo", STILL_ALIVE, byte[].class, byte[].class));
    if (!got.error.isEmpty()) {
      return got.error;
    }
    return Arrays.equals(got.value, STILL_ALIVE) ? ""
        : "echo returned " + new String(got.value, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> result(String key, Object value) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(key, value);
    return r;
  }

  /** A call's reply or error text, as the Go side records {@code err.Error()}. */
  private record Outcome<T>(T value, String error, boolean serverError) {}

  private interface Call<T> {
    T call() throws IOException;
  }

  private static <T> Outcome<T> outcome(Call<T> call) {
    try {
      return new Outcome<>(call.call(), "", false);
    } catch (IOException e) {
      return new Outcome<>(null, e.getMessage(), e instanceof RpcException r && r.isServerError());
    }
  }
}
