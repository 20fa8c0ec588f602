package dev.rollouts.sdk.goplugin;

import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.gob.GobValue;
import dev.rollouts.sdk.netrpc.RpcClient;
import dev.rollouts.sdk.yamux.YamuxConfig;
import dev.rollouts.sdk.yamux.YamuxSession;
import dev.rollouts.sdk.yamux.YamuxStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The host side of go-plugin's net/rpc protocol: starts a plugin executable and talks to it the
 * way hashicorp/go-plugin's {@code Client} does for the Argo Rollouts controller
 * ({@code spec/go-plugin.md} §2-§11).
 *
 * <pre>{@code
 * try (GoPluginClient client = GoPluginClient.builder(
 *         new HandshakeConfig(1, "ARGO_ROLLOUTS_RPC_PLUGIN", "metricprovider"),
 *         List.of("/path/to/plugin")).start()) {
 *   RpcClient plugin = client.dispense("RpcMetricProviderPlugin");
 *   client.ping();
 * } // Control.Quit, FIN, close; SIGKILL after 2 s if the process is still there
 * }</pre>
 *
 * <p>Thread-safe. {@code lock} guards the control client's use by {@link #ping()},
 * {@link #dispense} and {@link #kill()}; the RPC clients are themselves thread-safe.
 */
public final class GoPluginClient implements Closeable {
  /** How long {@link #kill()} waits for the process after Quit before SIGKILL (go-plugin: 2 s). */
  public static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private final ReentrantLock lock = new ReentrantLock();
  private final Process process;
  private final HandshakeLine handshake;
  private final YamuxSession session;
  private final RpcClient control;
  private final List<YamuxStream> stdioStreams;
  private final List<RpcClient> dispensed = new ArrayList<>();
  private final CompletableFuture<Void> pipesClosed;
  private volatile boolean forciblyKilled;
  private volatile boolean killed;

  private GoPluginClient(Process process, HandshakeLine handshake, YamuxSession session,
      RpcClient control, List<YamuxStream> stdioStreams, CompletableFuture<Void> pipesClosed) {
    this.process = process;
    this.pipesClosed = pipesClosed;
    this.handshake = handshake;
    this.session = session;
    this.control = control;
    this.stdioStreams = stdioStreams;
  }

  public static Builder builder(HandshakeConfig handshake, List<String> command) {
    return new Builder(handshake, command);
  }

  public Process process() {
    return process;
  }

  public HandshakeLine handshake() {
    return handshake;
  }

  public YamuxSession session() {
    return session;
  }

  /** True when the last {@link #kill()} had to SIGKILL the process. */
  public boolean forciblyKilled() {
    return forciblyKilled;
  }

  /**
   * Dispenses a plugin and connects its MuxBroker stream, returning the net/rpc client of its
   * {@code Plugin} service.
   *
   * @throws IOException when the plugin refuses the name, or the broker handshake fails ("bad ack")
   */
  public RpcClient dispense(String name) throws IOException {
    lock.lock();
    try {
      GobValue reply = control.call("Dispenser.Dispense", name, String.class, GobValue.class);
      if (!(reply instanceof GobValue.Uint id)) {
        throw new IOException("Dispense answered " + reply + ", not a broker id (uint)");
      }
      YamuxStream stream = session.open();
      byte[] preamble = MuxBroker.encodeId(id.value());
      stream.outputStream().write(preamble);
      stream.outputStream().flush();
      byte[] ack = new byte[4];
      new DataInputStream(stream.inputStream()).readFully(ack);
      if (!Arrays.equals(ack, preamble)) {
        stream.close();
        throw new IOException("bad ack: " + MuxBroker.decodeId(ack) + " for broker id " + id.value());
      }
      RpcClient client = new RpcClient(stream.inputStream(), stream.outputStream());
      dispensed.add(client);
      return client;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code Control.Ping}, as the controller does before each use of a plugin.
   *
   * @throws IOException when the plugin does not answer
   */
  public void ping() throws IOException {
    control.call("Control.Ping", Boolean.TRUE, Boolean.class, EmptyStruct.class);
  }

  /** True while the plugin process runs. */
  public boolean exited() {
    return !process.isAlive();
  }

  /**
   * Stops the plugin as go-plugin's {@code Client.Kill}: {@code Control.Quit}, FIN on the control
   * and stdio streams, close the session, wait up to 2 s for the process, then SIGKILL.
   */
  public void kill() {
    lock.lock();
    try {
      if (killed) {
        return;
      }
      killed = true;
      boolean quitAnswered = false;
      if (process.isAlive()) {
        try {
          control.callAsync("Control.Quit", Boolean.TRUE, Boolean.class, EmptyStruct.class)
              .get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
          quitAnswered = true;
        } catch (IOException | ExecutionException | TimeoutException e) {
          quitAnswered = false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      closeQuietly(control);
      for (YamuxStream s : stdioStreams) {
        closeQuietly(s);
      }
      session.close();
      if (!(quitAnswered && exitsWithinGrace())) {
        // go-plugin kills even a process that has exited but left its pipes open (a child
        // holding them): its grace period waits for both.
        forciblyKilled = true;
        sigkill(process);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * SIGKILL without closing our ends of its pipes ({@code Process.destroyForcibly} closes them):
   * like go-plugin, the host still reads every line the plugin wrote before it died.
   */
  private static void sigkill(Process process) {
    process.toHandle().destroyForcibly();
  }

  /** Whether the process exits and its stdout and stderr reach EOF within {@link #KILL_GRACE}. */
  private boolean exitsWithinGrace() {
    try {
      process.onExit().thenCombine(pipesClosed, (p, v) -> p)
          .get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Completes when the plugin's stdout and stderr have reached EOF, i.e. every stderr line has
   * been handed to the {@link Builder#stderr} consumer. After a {@link #kill()} that did not
   * have to SIGKILL, it is already complete, as go-plugin's {@code Kill} waits for the pipes too.
   */
  public CompletableFuture<Void> pipesClosed() {
    return pipesClosed.copy();
  }

  @Override
  public void close() {
    kill();
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // shutting down anyway
    }
  }

  /** Builds and starts a {@link GoPluginClient}. */
  public static final class Builder {
    private final HandshakeConfig handshake;
    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofMinutes(1);
    private YamuxConfig yamuxConfig = YamuxConfig.defaults();
    private Consumer<HclogLine> stderr = line -> {};
    private Path workingDirectory;

    private Builder(HandshakeConfig handshake, List<String> command) {
      this.handshake = Objects.requireNonNull(handshake, "handshake");
      if (command.isEmpty()) {
        throw new IllegalArgumentException("empty command");
      }
      this.command = List.copyOf(command);
    }

    /** Adds variables to the inherited environment (as the controller's own environment is). */
    public Builder environment(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public Builder yamuxConfig(YamuxConfig config) {
      this.yamuxConfig = config;
      return this;
    }

    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    /** Receives every stderr line of the plugin, interpreted as the host does. */
    public Builder stderr(Consumer<HclogLine> consumer) {
      this.stderr = Objects.requireNonNull(consumer, "consumer");
      return this;
    }

    /**
     * Starts the process, reads its handshake line, connects and opens the control, stdout and
     * stderr streams.
     *
     * @throws IOException with go-plugin's text when the process cannot start, ends its stdout
     *     or prints something else than a handshake line first ("Unrecognized remote plugin
     *     message: ..." with go-plugin's diagnosis), prints an unacceptable handshake, prints
     *     none in time ("timeout while waiting for plugin to start"), or cannot be dialled
     *     ("dial unix ...: connect: ...")
     */
    public GoPluginClient start() throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command);
      if (workingDirectory != null) {
        pb.directory(workingDirectory.toFile());
      }
      Map<String, String> env = pb.environment();
      env.putAll(environment);
      env.put(handshake.magicCookieKey(), handshake.magicCookieValue());
      env.put(PluginEnvironment.MIN_PORT, "10000");
      env.put(PluginEnvironment.MAX_PORT, "25000");
      env.put(PluginEnvironment.PROTOCOL_VERSIONS, Integer.toString(handshake.protocolVersion()));
      pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
      Process process = pb.start();
      String name = Path.of(command.getFirst()).getFileName().toString();
      CompletableFuture<Optional<String>> firstLine = new CompletableFuture<>();
      CompletableFuture<Void> stdoutClosed = new CompletableFuture<>();
      CompletableFuture<Void> stderrClosed = new CompletableFuture<>();
      Thread.ofVirtual().name("plugin-stdout-" + name)
          .start(() -> readStdout(process.getInputStream(), firstLine, stdoutClosed));
      Thread.ofVirtual().name("plugin-stderr-" + name)
          .start(() -> forwardStderr(process.getErrorStream(), stderrClosed));
      CompletableFuture<Void> pipesClosed = CompletableFuture.allOf(stdoutClosed, stderrClosed);
      // Like go-plugin, no "exited before we could connect" from the process's exit alone:
      // its stdout ending without a line is what the host reports (go-plugin only reports the
      // exit when it loses the race between the two), and a pipe held open by a child keeps
      // the host waiting for the handshake until the start timeout.
      Optional<String> line;
      try {
        line = firstLine.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        sigkill(process);
        throw new IOException(HostErrors.startTimeout());
      } catch (ExecutionException e) {
        sigkill(process);
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException e) {
        sigkill(process);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the plugin to start");
      }
      try {
        if (line.isEmpty()) {
          throw new IOException(
              HostErrors.unrecognized("", false, PluginDiagnosis.of(command.getFirst())));
        }
        HandshakeLine handshakeLine = HandshakeLine.parse(line.get(),
            List.of(handshake.protocolVersion()), () -> PluginDiagnosis.of(command.getFirst()));
        SocketChannel channel = connect(handshakeLine);
        YamuxSession session = YamuxSession.client(channel, yamuxConfig);
        YamuxStream controlStream = session.open();
        YamuxStream stdoutStream = session.open();
        YamuxStream stderrStream = session.open();
        for (YamuxStream s : List.of(stdoutStream, stderrStream)) {
          Thread.ofVirtual().start(() -> discard(s.inputStream()));
        }
        RpcClient control = new RpcClient(controlStream.inputStream(), controlStream.outputStream());
        return new GoPluginClient(process, handshakeLine, session, control,
            List.of(controlStream, stdoutStream, stderrStream), pipesClosed);
      } catch (IOException | RuntimeException e) {
        sigkill(process);
        throw e;
      }
    }

    /**
     * Dials the handshake's address; a failure reads as Go's {@code net.Dial} error.
     */
    private static SocketChannel connect(HandshakeLine line) throws IOException {
      SocketChannel ch = null;
      try {
        if (line.network().equals("unix")) {
          ch = SocketChannel.open(StandardProtocolFamily.UNIX);
          ch.connect(UnixDomainSocketAddress.of(line.address()));
          return ch;
        }
        int colon = line.address().lastIndexOf(':');
        ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        ch.connect(new InetSocketAddress(line.address().substring(0, colon),
            Integer.parseInt(line.address().substring(colon + 1))));
        return ch;
      } catch (IOException | RuntimeException e) {
        if (ch != null) {
          ch.close();
        }
        throw new IOException(HostErrors.dial(line.network(), line.address(), e), e);
      }
    }

    /** Hands the handshake line (or its absence) over, then discards stdout as go-plugin does. */
    private static void readStdout(InputStream in, CompletableFuture<Optional<String>> firstLine,
        CompletableFuture<Void> closed) {
      try (in) {
        PluginOutputReader reader = new PluginOutputReader(in);
        firstLine.complete(reader.firstLine());
        reader.discardRest();
      } catch (IOException e) {
        firstLine.completeExceptionally(e);
      } finally {
        closed.complete(null);
      }
    }

    /**
     * Interprets every stderr line as the host does, overlong lines in 64 KiB pieces logged as
     * raw text ({@code spec/go-plugin.md} §7).
     */
    private void forwardStderr(InputStream in, CompletableFuture<Void> closed) {
      try (in) {
        PluginOutputReader reader = new PluginOutputReader(in);
        PluginOutputReader.Piece piece;
        while ((piece = reader.next()) != null) {
          stderr.accept(piece.fragment() ? HclogLine.raw(piece.text()) : HclogLine.parse(piece.text()));
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        closed.complete(null);
      }
    }

    private static void discard(InputStream in) {
      try {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        // stream closed
      }
    }
  }
}
