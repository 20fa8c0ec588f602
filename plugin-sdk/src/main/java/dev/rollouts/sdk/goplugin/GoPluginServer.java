package dev.rollouts.sdk.goplugin;

import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.gob.GobOptions;
import dev.rollouts.sdk.gob.GobValue;
import dev.rollouts.sdk.netrpc.CallContext;
import dev.rollouts.sdk.netrpc.RpcServer;
import dev.rollouts.sdk.netrpc.RpcService;
import dev.rollouts.sdk.yamux.YamuxConfig;
import dev.rollouts.sdk.yamux.YamuxSession;
import dev.rollouts.sdk.yamux.YamuxStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin side of hashicorp/go-plugin's net/rpc protocol: what Go's {@code plugin.Serve} does.
 *
 * <p>{@link #serve()} checks the magic cookie, listens on a unix socket (or TCP), prints the
 * handshake line, and serves every host connection: a yamux server session whose first three
 * streams are control, stdout and stderr, with {@code Control.Ping}, {@code Control.Quit} and
 * {@code Dispenser.Dispense} on the control stream, and one MuxBroker stream per dispense serving
 * the dispensed object as net/rpc service {@code Plugin} ({@code spec/go-plugin.md}).
 *
 * <pre>{@code
 * int code = GoPluginServer.builder(new HandshakeConfig(1, "ARGO_ROLLOUTS_RPC_PLUGIN", "step"))
 *     .plugin("RpcStepPlugin", () -> myStepService)
 *     .build()
 *     .serve();
 * System.exit(code);
 * }</pre>
 *
 * <p>By default the server ends when {@code Control.Quit} has been answered or when its one host
 * connection ends (host death), so no plugin process outlives its controller. With
 * {@link Builder#persistent(boolean)} it keeps serving successive hosts and ignores Quit (sidecar
 * mode). Thread-safe; {@link #serve()} is called once.
 */
public final class GoPluginServer {
  /** go-plugin's core protocol version, field 1 of the handshake line. */
  public static final int CORE_PROTOCOL_VERSION = 1;
  /** What go-plugin prints when a plugin is run by hand. */
  public static final String NOT_A_HOST_MESSAGE = """
      This binary is a plugin. These are not meant to be executed directly.
      Please execute the program that consumes these plugins, which will
      load any plugins automatically
      """;
  /** The net/rpc service name every dispensed plugin is served under. */
  public static final String PLUGIN_SERVICE = "Plugin";
  /**
   * The largest gob message a plugin accepts by default: 16 MiB. Kubernetes keeps objects under
   * 1.5 MiB, so Argo's largest arguments (a Rollout or AnalysisRun with status) stay far below;
   * the bound keeps a hostile or broken peer from making a small-heap plugin run out of memory.
   */
  public static final int MAX_MESSAGE_SIZE = 16 << 20;

  /** How long a plugin waits for its host to connect after the handshake line. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(GoPluginServer.class);

  private final HandshakeConfig handshake;
  private final Map<String, Supplier<RpcService>> plugins;
  private final PluginEnvironment environment;
  private final YamuxConfig yamuxConfig;
  private final boolean persistent;
  private final GobOptions gobOptions;
  private final PrintStream errors;
  private final CountDownLatch done = new CountDownLatch(1);
  private final CountDownLatch connected = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile PluginListener listener;

  private GoPluginServer(Builder b) {
    this.handshake = b.handshake;
    this.plugins = Map.copyOf(b.plugins);
    this.environment = b.environment;
    this.yamuxConfig = b.yamuxConfig;
    this.persistent = b.persistent;
    this.gobOptions = b.gobOptions;
    this.errors = b.errors;
  }

  public static Builder builder(HandshakeConfig handshake) {
    return new Builder(handshake);
  }

  /**
   * Serves until Quit or the end of the host connection, and returns the process exit code:
   * 0 after a normal end, 1 when the cookie is wrong or the listener cannot be set up.
   */
  public int serve() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("serve() was already called");
    }
    if (!handshake.magicCookieValue().equals(environment.get(handshake.magicCookieKey()))) {
      errors.print(NOT_A_HOST_MESSAGE);
      errors.flush();
      return 1;
    }
    if (environment.wantsAutoMtls()) {
      log.error("the host asked for AutoMTLS (PLUGIN_CLIENT_CERT), which this plugin does not"
          + " support; Argo Rollouts never asks for it");
      return 1;
    }
    int version = handshake.protocolVersion();
    if (!environment.protocolVersions().contains(version)) {
      // go-plugin offers its own version anyway and lets the host reject it with a clear error
      log.warn("the host does not list protocol version {} in PLUGIN_PROTOCOL_VERSIONS ({})",
          version, environment.get(PluginEnvironment.PROTOCOL_VERSIONS));
    }
    try {
      listener = PluginListener.open(environment);
    } catch (IOException | RuntimeException e) {
      log.atError().setCause(e).log("cannot listen: {}", e.getMessage());
      return 1;
    }
    try {
      log.atDebug().addKeyValue("network", listener.network())
          .addKeyValue("address", listener.address()).log("plugin address");
      StandardStreams.writeHandshake(CORE_PROTOCOL_VERSION + "|" + version + "|"
          + listener.network() + "|" + listener.address() + "|netrpc|");
      Thread.ofPlatform().name("goplugin-accept").daemon().start(this::acceptLoop);
      if (!persistent) {
        watchForAbandonment();
      }
      done.await();
      return 0;
    } catch (IOException e) {
      log.atError().setCause(e).log("cannot write the handshake line: {}", e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      shutdown();
    }
  }

  /** Ends {@link #serve()}: closes the listener and removes the socket file. */
  public void shutdown() {
    PluginListener l = listener;
    if (l != null) {
      try {
        l.close();
      } catch (IOException e) {
        log.debug("closing the listener failed: {}", e.getMessage());
      }
    }
    done.countDown();
  }

  /**
   * Ends the server when nobody will ever talk to it: the parent (the controller) exits, or no
   * host connects within {@link #CONNECT_TIMEOUT} (go-plugin's host gives up after one minute).
   * A plugin process never outlives its controller this way, even if the controller died before
   * connecting.
   */
  private void watchForAbandonment() {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
      log.info("the host process {} exited, stopping", parent.pid());
      shutdown();
    }));
    Thread.ofVirtual().name("goplugin-connect-timeout").start(() -> {
      try {
        if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          log.error("no host connected within {}s, stopping", CONNECT_TIMEOUT.toSeconds());
          shutdown();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private void acceptLoop() {
    while (done.getCount() > 0) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        if (done.getCount() > 0) {
          log.atError().setCause(e).log("accepting a host connection failed");
          shutdown();
        }
        return;
      }
      connected.countDown();
      serveConnection(channel);
      if (!persistent) {
        return; // go-plugin's host connects once per process
      }
    }
  }

  /**
   * Serves one host connection that was accepted elsewhere, on a thread of its own, and returns
   * its yamux session: its {@link YamuxSession#closeFuture()} completes when the host's session
   * ends (after Quit the host closes it; EOF; keepalive). For a {@link Builder#persistent
   * persistent} server, e.g. {@link SidecarServer}; the cookie was checked by whoever accepted.
   */
  public YamuxSession serveConnection(SocketChannel channel) {
    YamuxSession session = YamuxSession.server(channel, yamuxConfig);
    session.closeFuture().whenComplete((v, e) -> endOfHost());
    Thread.ofPlatform().name("goplugin-connection").daemon().start(() -> serveSession(session));
    return session;
  }

  /** The application protocol version this server offers in its handshake line. */
  public int protocolVersion() {
    return handshake.protocolVersion();
  }

  private void serveSession(YamuxSession session) {
    Connection connection = new Connection(session);
    try {
      YamuxStream control = session.accept();
      session.accept(); // plugin stdout: accepted (ACKed) and left silent, the host discards it
      session.accept(); // plugin stderr: likewise; logs travel on the process's stderr pipe
      Thread.ofVirtual().name("goplugin-broker").start(connection::brokerLoop);
      RpcServer rpc = new RpcServer(List.of(connection.controlService(), connection.dispenser()),
          gobOptions);
      rpc.serve(control.inputStream(), control.outputStream());
    } catch (IOException e) {
      if (!session.isClosed()) {
        log.atError().log("control stream failed, closing the connection: {}", e.getMessage());
        session.close();
      }
    } finally {
      if (!persistent) {
        session.close();
      }
    }
  }

  private void endOfHost() {
    if (!persistent) {
      log.debug("host connection ended, stopping");
      shutdown();
    }
  }

  /** The state of one host connection: its dispensed plugins waiting for their broker stream. */
  private final class Connection {
    private final YamuxSession session;
    private final MuxBroker broker = new MuxBroker();

    Connection(YamuxSession session) {
      this.session = session;
    }

    RpcService controlService() {
      return RpcService.builder("Control")
          .method("Ping", Boolean.class, EmptyStruct.class, (CallContext ctx, Boolean arg) -> EmptyStruct.INSTANCE)
          .method("Quit", Boolean.class, EmptyStruct.class, (CallContext ctx, Boolean arg) -> {
            if (persistent) {
              log.info("Quit from the host ignored: this plugin serves successive hosts");
            } else {
              ctx.afterReply(GoPluginServer.this::shutdown);
            }
            return EmptyStruct.INSTANCE;
          })
          .build();
    }

    RpcService dispenser() {
      return RpcService.builder("Dispenser")
          .method("Dispense", String.class, GobValue.class, (CallContext ctx, String name) -> {
            Supplier<RpcService> factory = plugins.get(name);
            if (factory == null) {
              throw new IllegalArgumentException("unknown plugin type: " + name);
            }
            RpcService service = factory.get();
            if (!PLUGIN_SERVICE.equals(service.name())) {
              throw new IllegalStateException("plugin " + name + " must be served as service '"
                  + PLUGIN_SERVICE + "', not '" + service.name() + "'");
            }
            return new GobValue.Uint(broker.register(service));
          })
          .build();
    }

    void brokerLoop() {
      while (!session.isClosed()) {
        YamuxStream stream;
        try {
          stream = session.accept();
        } catch (IOException e) {
          return;
        }
        Thread.ofVirtual().name("goplugin-broker-stream").start(() -> serveBrokerStream(stream));
      }
    }

    private void serveBrokerStream(YamuxStream stream) {
      try {
        byte[] id = new byte[4];
        new DataInputStream(stream.inputStream()).readFully(id);
        long brokerId = MuxBroker.decodeId(id);
        RpcService service = broker.claim(brokerId);
        if (service == null) {
          log.warn("broker stream for unknown id {} closed", brokerId);
          stream.close();
          return;
        }
        stream.outputStream().write(id);
        stream.outputStream().flush();
        // Replies are only queued: the call's thread ends without waiting for the writer thread
        // to hand it back. Nothing here runs after a reply (Quit is on the control stream).
        new RpcServer(List.of(service), gobOptions)
            .serve(stream.inputStream(), stream.queuedOutputStream());
      } catch (IOException e) {
        if (!session.isClosed()) {
          // The stream is out of step and the host's client on it is dead, while Control.Ping
          // would still succeed: the controller would never restart us (spec/netrpc.md §8).
          // Ending the session makes the next acquisition start a fresh process.
          log.atError().log("plugin stream failed, closing the connection so that the host"
              + " restarts this plugin: {}", e.getMessage());
          session.close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds a {@link GoPluginServer}. */
  public static final class Builder {
    private final HandshakeConfig handshake;
    private final Map<String, Supplier<RpcService>> plugins = new LinkedHashMap<>();
    private PluginEnvironment environment = PluginEnvironment.current();
    private YamuxConfig yamuxConfig = YamuxConfig.defaults();
    private boolean persistent;
    private GobOptions gobOptions = GobOptions.defaults().withMaxMessageSize(MAX_MESSAGE_SIZE);
    private PrintStream errors = System.err;

    private Builder(HandshakeConfig handshake) {
      this.handshake = Objects.requireNonNull(handshake, "handshake");
    }

    /** Serves {@code dispenseName}; {@code factory} makes a fresh service per dispense, as Go does. */
    public Builder plugin(String dispenseName, Supplier<RpcService> factory) {
      plugins.put(dispenseName, Objects.requireNonNull(factory, "factory"));
      return this;
    }

    public Builder environment(PluginEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    public Builder yamuxConfig(YamuxConfig config) {
      this.yamuxConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Gob options of the plugin streams: the interface names arguments arrive under, limits. */
    public Builder gobOptions(GobOptions options) {
      this.gobOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Keep serving successive host connections and ignore Quit (sidecar mode). */
    public Builder persistent(boolean persistent) {
      this.persistent = persistent;
      return this;
    }

    /** Where the not-a-host message goes (stderr by default). */
    public Builder errors(PrintStream errors) {
      this.errors = Objects.requireNonNull(errors, "errors");
      return this;
    }

    public GoPluginServer build() {
      if (plugins.isEmpty()) {
        throw new IllegalStateException("no plugin to serve");
      }
      return new GoPluginServer(this);
    }
  }
}
