package dev.rollouts.sdk.host;

import dev.rollouts.sdk.goplugin.HclogLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a plugin as a real child process, over the real protocol, for
 * the tests of a class — as Argo's own {@code rpc_test.go} runs its plugins through go-plugin.
 *
 * <pre>{@code
 * class HealthzMetricTest {
 *   @RegisterExtension
 *   static final PluginHostExtension plugin =
 *       PluginHostExtension.forMainClass(HealthzMetric.class, PluginKind.METRIC_PROVIDER);
 *
 *   @Test
 *   void succeedsOn200() {
 *     Measurement m = plugin.host().metricProvider().run(analysisRun, metric);
 *     assertThat(m.phase()).isEqualTo("Successful");
 *   }
 * }
 * }</pre>
 *
 * The plugin starts once before the class's tests (exec, handshake, dispense, InitPlugin) and is
 * stopped after them as the controller stops plugins. Register it as a {@code static} field.
 */
public final class PluginHostExtension implements BeforeAllCallback, AfterAllCallback {
  private final PluginHost.Builder builder;
  private final List<HclogLine> log = new CopyOnWriteArrayList<>();
  private volatile PluginHost host;

  private PluginHostExtension(PluginHost.Builder builder) {
    this.builder = builder.stderr(log::add);
  }

  /** Runs {@code main}'s class in a fresh JVM with this test's class path. */
  public static PluginHostExtension forMainClass(Class<?> main, PluginKind kind, String... args) {
    List<String> command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new PluginHostExtension(PluginHost.builder(java, kind).args(command));
  }

  /** Runs a packaged plugin executable, e.g. one in {@code dist/}. */
  public static PluginHostExtension forExecutable(Path executable, PluginKind kind,
      String... args) {
    return new PluginHostExtension(PluginHost.builder(executable, kind).args(List.of(args)));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    host = builder.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    PluginHost h = host;
    if (h != null) {
      h.close();
    }
  }

  /** The running plugin. */
  public PluginHost host() {
    return Objects.requireNonNull(host, "the plugin runs only during the test class");
  }

  /** Every stderr line the plugin wrote so far, with the level the controller logs it at. */
  public List<HclogLine> log() {
    return List.copyOf(log);
  }
}
