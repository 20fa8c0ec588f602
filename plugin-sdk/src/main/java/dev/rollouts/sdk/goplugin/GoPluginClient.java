package dev.rollouts.sdk.goplugin;

import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.gob.GobValue;
import dev.rollouts.sdk.netrpc.RpcClient;
import dev.rollouts.sdk.yamux.YamuxConfig;
import dev.rollouts.sdk.yamux.YamuxSession;
import dev.rollouts.sdk.yamux.YamuxStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  private volatile boolean forciblyKilled;
  private volatile boolean killed;

  private GoPluginClient(Process process, HandshakeLine handshake, YamuxSession session,
      RpcClient control, List<YamuxStream> stdioStreams) {
    this.process = process;
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
      boolean exited = false;
      if (quitAnswered) {
        try {
          exited = process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (!exited && process.isAlive()) {
        forciblyKilled = true;
        process.destroyForcibly();
      }
    } finally {
      lock.unlock();
    }
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
     * @throws IOException when the process cannot start, exits first ("plugin exited before we
     *     could connect"), prints no handshake in time, or cannot be connected to
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
      CompletableFuture<String> firstLine = new CompletableFuture<>();
      Thread.ofVirtual().name("plugin-stdout-" + name)
          .start(() -> drainStdout(process.getInputStream(), firstLine));
      Thread.ofVirtual().name("plugin-stderr-" + name)
          .start(() -> forwardStderr(process.getErrorStream()));
      process.onExit().thenRun(() -> firstLine.completeExceptionally(
          new IOException("plugin exited before we could connect")));
      String line;
      try {
        line = firstLine.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        process.destroyForcibly();
        throw new IOException("timeout while waiting for plugin to start");
      } catch (ExecutionException e) {
        process.destroyForcibly();
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the plugin to start");
      }
      try {
        HandshakeLine handshakeLine =
            HandshakeLine.parse(line, List.of(handshake.protocolVersion()));
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
            List.of(controlStream, stdoutStream, stderrStream));
      } catch (IOException | RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
    }

    private static SocketChannel connect(HandshakeLine line) throws IOException {
      if (line.network().equals("unix")) {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(line.address()));
        return ch;
      }
      int colon = line.address().lastIndexOf(':');
      SocketChannel ch = SocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      ch.connect(new InetSocketAddress(line.address().substring(0, colon),
          Integer.parseInt(line.address().substring(colon + 1))));
      return ch;
    }

    private static void drainStdout(InputStream in, CompletableFuture<String> firstLine) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line = r.readLine();
        if (line != null) {
          firstLine.complete(line);
        }
        while (r.readLine() != null) {
          // go-plugin discards everything after the handshake line
        }
      } catch (IOException e) {
        firstLine.completeExceptionally(e);
      }
    }

    private void forwardStderr(InputStream in) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          stderr.accept(HclogLine.parse(line));
        }
      } catch (IOException e) {
        // the process ended
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
