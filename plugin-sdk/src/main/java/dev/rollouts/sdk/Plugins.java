package dev.rollouts.sdk;

import dev.rollouts.sdk.gob.GobOptions;
import dev.rollouts.sdk.goplugin.GoPluginServer;
import dev.rollouts.sdk.goplugin.HandshakeConfig;
import dev.rollouts.sdk.goplugin.Hclog;
import dev.rollouts.sdk.goplugin.HclogLevel;
import dev.rollouts.sdk.goplugin.HclogWriter;
import dev.rollouts.sdk.goplugin.PluginEnvironment;
import dev.rollouts.sdk.goplugin.SidecarServer;
import dev.rollouts.sdk.goplugin.StandardStreams;
import dev.rollouts.sdk.metric.MetricProvider;
import dev.rollouts.sdk.metric.MetricProviderService;
import dev.rollouts.sdk.netrpc.RpcService;
import dev.rollouts.sdk.plugin.ArgoCalls;
import dev.rollouts.sdk.plugin.CallGuard;
import dev.rollouts.sdk.plugin.CallPolicy;
import dev.rollouts.sdk.plugin.GoDuration;
import dev.rollouts.sdk.step.StepPlugin;
import dev.rollouts.sdk.step.StepPluginService;
import dev.rollouts.sdk.traffic.TrafficRouter;
import dev.rollouts.sdk.traffic.TrafficRouterService;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one entry point of a plugin executable: parses the command line (the ConfigMap's
 * {@code args}), sets up logging on stderr, and serves the plugin kind the controller asks for
 * through the magic cookie {@code ARGO_ROLLOUTS_RPC_PLUGIN}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   System.exit(Plugins.serve(args, new MyMetricProvider()));
 * }
 * }</pre>
 *
 * One executable may serve several kinds ({@code Plugins.serve(args, metric, router, step)}); the
 * cookie value picks which. A plugin object whose fields carry picocli {@link Option}
 * annotations gets those options on the command line too, so its ConfigMap {@code args} reach it.
 *
 * <p>Standard options: {@code --log-level trace|debug|info|warn|error}, {@code --log-format
 * json|text}, {@code --call-timeout 30s}, {@code --version}, {@code --help}.
 */
public final class Plugins {
  /** The environment variable go-plugin's Argo host sets to the plugin kind. */
  public static final String COOKIE_KEY = "ARGO_ROLLOUTS_RPC_PLUGIN";
  /** Argo's application protocol version for all kinds. */
  public static final int PROTOCOL_VERSION = 1;

  private Plugins() {}

  /**
   * Serves {@code plugins} (each a {@link MetricProvider}, {@link TrafficRouter} or
   * {@link StepPlugin}) and returns the exit code for {@link System#exit}.
   *
   * @throws IllegalArgumentException when an object is none of the three kinds, or a kind is given
   *     twice
   */
  public static int serve(String[] args, Object... plugins) {
    return serve(PluginEnvironment.current(), args, plugins);
  }

  /** {@link #serve(String[], Object...)} in a given environment: picocli only when it matters. */
  static int serve(PluginEnvironment environment, String[] args, Object... plugins) {
    if (!QuickStart.applies(args, plugins)) {
      return commandLine(environment, plugins).execute(args);
    }
    ServeCommand command = new ServeCommand(List.of(plugins), environment).withDefaults();
    try {
      return command.call();
    } catch (RuntimeException e) {
      // what picocli's execute does with an exception of the command
      e.printStackTrace();
      return 1;
    }
  }

  /**
   * The command line of a plugin executable, with the plugins' own options mixed in; tests and
   * tools use it to run a plugin against a given environment.
   */
  public static CommandLine commandLine(PluginEnvironment environment, Object... plugins) {
    CommandLine commandLine = new CommandLine(new ServeCommand(List.of(plugins), environment));
    for (Object plugin : plugins) {
      if (ServeCommand.hasOptions(plugin)) {
        commandLine.addMixin(plugin.getClass().getSimpleName(), plugin);
      }
    }
    return commandLine.setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Command(name = "plugin", mixinStandardHelpOptions = true,
      versionProvider = ServeCommand.Version.class,
      description = "An Argo Rollouts plugin. The controller runs it; run by hand it only explains"
          + " itself.")
  static final class ServeCommand implements Callable<Integer> {
    // The defaults of the options below, also set without picocli by withDefaults().
    static final String DEFAULT_LOG_LEVEL = "info";
    static final String DEFAULT_LOG_FORMAT = "json";
    static final String DEFAULT_CALL_TIMEOUT = "60s";

    @Option(names = "--log-level", defaultValue = DEFAULT_LOG_LEVEL, paramLabel = "LEVEL",
        converter = LevelConverter.class,
        description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE})")
    HclogLevel logLevel;

    @Option(names = "--log-format", defaultValue = DEFAULT_LOG_FORMAT, paramLabel = "FORMAT",
        description = "json (hclog, read by the controller) or text (default: ${DEFAULT-VALUE})")
    HclogWriter.Format logFormat;

    @Option(names = "--call-timeout", defaultValue = DEFAULT_CALL_TIMEOUT, paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "longest a single plugin call may run, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
    Duration callTimeout;

    @Option(names = "--sidecar", paramLabel = "DIR",
        description = "serve from a sidecar container: listen on DIR/control.sock for the"
            + " rollouts-sidecar-launcher that the controller runs, serve every controller"
            + " connection in turn, and keep running after Quit")
    java.nio.file.Path sidecar;

    private final List<Object> plugins;
    private final PluginEnvironment environment;

    ServeCommand(List<Object> plugins, PluginEnvironment environment) {
      this.environment = environment;
      this.plugins = List.copyOf(plugins);
      List<Class<?>> kinds = new ArrayList<>();
      for (Object p : plugins) {
        Class<?> kind = kindOf(Objects.requireNonNull(p, "plugin"));
        if (kinds.contains(kind)) {
          throw new IllegalArgumentException("two plugins of kind " + kind.getSimpleName());
        }
        kinds.add(kind);
      }
      if (plugins.isEmpty()) {
        throw new IllegalArgumentException("no plugin to serve");
      }
    }

    /** The options as picocli sets them when the command line is empty. */
    ServeCommand withDefaults() {
      logLevel = HclogLevel.parse(DEFAULT_LOG_LEVEL);
      logFormat = HclogWriter.Format.valueOf(DEFAULT_LOG_FORMAT.toUpperCase(Locale.ROOT));
      callTimeout = GoDuration.parse(DEFAULT_CALL_TIMEOUT);
      sidecar = null;
      return this;
    }

    private static Class<?> kindOf(Object plugin) {
      for (Class<?> kind : List.of(MetricProvider.class, TrafficRouter.class, StepPlugin.class)) {
        if (kind.isInstance(plugin)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(plugin.getClass().getName() + " is not a MetricProvider,"
          + " TrafficRouter or StepPlugin");
    }

    @Override
    public Integer call() {
      CallPolicy policy = CallPolicy.defaults().withDeadline(callTimeout);
      if (sidecar != null) {
        setUpLogging();
        return serveSidecar(policy);
      }
      String cookie = environment.get(COOKIE_KEY);
      for (Object p : plugins) {
        Served served = Served.of(p, policy);
        if (served.cookie().equals(cookie)) {
          setUpLogging();
          LoggerFactory.getLogger("plugin").atDebug().addKeyValue("kind", cookie)
              .addKeyValue("plugin", p.getClass().getName()).log("serving");
          return server(served, false).serve();
        }
      }
      // Run by hand: explain, and leave System.out alone.
      System.err.print(GoPluginServer.NOT_A_HOST_MESSAGE);
      return 1;
    }

    /** Logs go to stderr at the chosen level and format; stdout is kept for the handshake. */
    private void setUpLogging() {
      HclogWriter writer = Hclog.writer();
      writer.threshold(logLevel);
      writer.format(logFormat);
      StandardStreams.claim();
    }

    /** Sidecar mode: one persistent server per kind, reached through the launcher. */
    private int serveSidecar(CallPolicy policy) {
      Map<String, GoPluginServer> servers = new LinkedHashMap<>();
      for (Object p : plugins) {
        Served served = Served.of(p, policy);
        servers.put(served.cookie(), server(served, true));
      }
      return new SidecarServer(sidecar, servers).serve();
    }

    private GoPluginServer server(Served served, boolean persistent) {
      return GoPluginServer.builder(new HandshakeConfig(PROTOCOL_VERSION, COOKIE_KEY,
              served.cookie()))
          .environment(environment)
          .gobOptions(GobOptions.defaults().withMaxMessageSize(GoPluginServer.MAX_MESSAGE_SIZE)
              .withInterfaces(ArgoCalls.REGISTRY))
          .plugin(served.dispenseName(), served.service())
          .persistent(persistent)
          .build();
    }

    /** What serving one plugin object takes: its kind's cookie, dispense name and service. */
    private record Served(String cookie, String dispenseName, Supplier<RpcService> service) {
      static Served of(Object p, CallPolicy policy) {
        CallGuard guard = new CallGuard(p.getClass().getSimpleName(), policy);
        if (p instanceof MetricProvider m) {
          return new Served(MetricProviderService.COOKIE, MetricProviderService.DISPENSE_NAME,
              () -> MetricProviderService.create(m, guard));
        }
        if (p instanceof TrafficRouter r) {
          return new Served(TrafficRouterService.COOKIE, TrafficRouterService.DISPENSE_NAME,
              () -> TrafficRouterService.create(r, guard));
        }
        StepPlugin s = (StepPlugin) p;
        return new Served(StepPluginService.COOKIE, StepPluginService.DISPENSE_NAME,
            () -> StepPluginService.create(s, guard));
      }
    }

    /** True when the plugin declares picocli options of its own. */
    static boolean hasOptions(Object plugin) {
      for (Class<?> c = plugin.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (annotated(f)) {
            return true;
          }
        }
      }
      return false;
    }

    private static boolean annotated(AccessibleObject o) {
      return o.isAnnotationPresent(Option.class)
          || o.isAnnotationPresent(CommandLine.Parameters.class);
    }

    /** Reports the plugin's implementation version from its jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
      @Override
      public String[] getVersion() {
        String v = Plugins.class.getPackage().getImplementationVersion();
        return new String[] {"rollouts-java plugin-sdk " + (v == null ? "development" : v)};
      }
    }
  }

  /** picocli's view of {@link HclogLevel#parse}. */
  static final class LevelConverter implements CommandLine.ITypeConverter<HclogLevel> {
    @Override
    public HclogLevel convert(String value) {
      try {
        return HclogLevel.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** picocli's view of {@link GoDuration}, for plugins' and tools' own duration options. */
  public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return GoDuration.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
