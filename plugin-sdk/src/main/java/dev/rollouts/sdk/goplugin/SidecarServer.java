package dev.rollouts.sdk.goplugin;

import dev.rollouts.sdk.yamux.YamuxSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin serving from a sidecar container, for a controller that runs the static
 * {@code rollouts-sidecar-launcher} as the plugin executable (the stock image has no JVM).
 *
 * <p>It listens on {@code DIR/control.sock} on a volume shared with the controller. For each
 * launcher that connects and says {@code "rollouts-sidecar/1 <cookie>\n"} it opens a fresh
 * go-plugin listener ({@code DIR/plugin<random>/s}) and answers
 * {@code "ok <app version> plugin<random>/s\n"}; the launcher prints the handshake line naming
 * that socket. The controller's one connection on it is served by the {@link GoPluginServer} of
 * the cookie's kind (persistent: Quit does not end this process). When that session ends, the
 * control connection is closed so the launcher exits 0; when the launcher goes away first
 * (killed), the listener and session are closed. Any number of controllers, controller restarts
 * and plugin restarts are served in turn or at once.
 *
 * <pre>{@code
 * int code = new SidecarServer(Path.of("/rollouts-plugins/my-metric"),
 *     Map.of("metricprovider", persistentServer)).serve();
 * }</pre>
 *
 * <p>Wire of the control connection, one line each way, then silence until it closes:
 * <pre>
 * launcher -> sidecar   "rollouts-sidecar/1 " cookie "\n"
 * sidecar -> launcher   "ok " version " " relative-socket-path "\n" | "cookie\n" | "error " text "\n"
 * </pre>
 *
 * <p>Thread-safe; {@code done} guards the life of {@link #serve()}; each launcher connection is
 * handled on its own virtual thread with its own state.
 */
public final class SidecarServer {
  /** The control socket's name in the sidecar directory. */
  public static final String CONTROL_SOCKET = "control.sock";
  /** The first word of a launcher's line. */
  public static final String HELLO = "rollouts-sidecar/1";
  private static final int MAX_LINE = 1024;
  private static final Logger log = LoggerFactory.getLogger(SidecarServer.class);

  private final Path dir;
  private final Map<String, GoPluginServer> servers;
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile ServerSocketChannel control;

  /**
   * @param dir the plugin's directory on the shared volume (created if missing)
   * @param servers persistent servers by the cookie value ({@code metricprovider},
   *     {@code trafficrouter}, {@code step}) of the kind each serves
   * @throws IllegalArgumentException when {@code servers} is empty
   */
  public SidecarServer(Path dir, Map<String, GoPluginServer> servers) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no plugin to serve");
    }
    this.servers = Map.copyOf(servers);
  }

  /** Serves launchers until {@link #shutdown()}; returns 0, or 1 when it cannot listen. */
  public int serve() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("serve() was already called");
    }
    Path socket = dir.resolve(CONTROL_SOCKET);
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(socket); // left by an earlier sidecar on the same volume
      control = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      control.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      log.atError().setCause(e).log("cannot listen on {}: {}", socket, e.getMessage());
      return 1;
    }
    log.atInfo().addKeyValue("socket", socket.toString())
        .addKeyValue("kinds", String.join(",", servers.keySet())).log("sidecar serving");
    // SIGTERM when the pod stops: remove the control socket so no launcher waits on a dead one
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "sidecar-shutdown"));
    Thread.ofPlatform().name("sidecar-accept").daemon().start(this::acceptLoop);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      shutdown();
    }
    return 0;
  }

  /** Stops accepting launchers and removes the control socket; sessions in progress go on. */
  public void shutdown() {
    done.countDown(); // first, so the accept loop takes the closed channel for a shutdown
    ServerSocketChannel c = control;
    if (c != null) {
      try {
        c.close();
        Files.deleteIfExists(dir.resolve(CONTROL_SOCKET));
      } catch (IOException e) {
        log.debug("closing the control socket failed: {}", e.getMessage());
      }
    }
  }

  private void acceptLoop() {
    while (done.getCount() > 0) {
      try {
        SocketChannel launcher = control.accept();
        Thread.ofVirtual().name("sidecar-launcher").start(() -> serveLauncher(launcher));
      } catch (IOException e) {
        if (done.getCount() > 0) {
          log.atError().setCause(e).log("accepting a launcher failed");
          shutdown();
        }
        return;
      }
    }
  }

  private void serveLauncher(SocketChannel launcher) {
    try (launcher) {
      InputStream in = Channels.newInputStream(launcher);
      String line = readLine(in);
      String[] words = line == null ? new String[0] : line.split(" ", -1);
      if (words.length != 2 || !words[0].equals(HELLO)) {
        reply(launcher, "error expected \"" + HELLO + " <cookie>\"");
        return;
      }
      GoPluginServer server = servers.get(words[1]);
      if (server == null) {
        reply(launcher, "cookie");
        return;
      }
      PluginListener listener = PluginListener.unix(new PluginEnvironment(
          Map.of(PluginEnvironment.UNIX_SOCKET_DIR, dir.toString())));
      AtomicReference<YamuxSession> session = new AtomicReference<>();
      AtomicBoolean launcherGone = new AtomicBoolean();
      Thread host = Thread.ofVirtual().name("sidecar-host").start(() -> {
        try {
          SocketChannel channel = listener.accept();
          closeQuietly(listener); // one host per launcher: the socket file goes away now
          YamuxSession s = server.serveConnection(channel);
          session.set(s);
          if (launcherGone.get()) {
            s.close();
          }
          s.closeFuture().whenComplete((v, e) -> closeQuietly(launcher));
        } catch (IOException e) {
          closeQuietly(launcher); // the listener was closed: the launcher went away first
        }
      });
      String relative = dir.relativize(Path.of(listener.address())).toString();
      reply(launcher, "ok " + server.protocolVersion() + " " + relative);
      log.atDebug().addKeyValue("kind", words[1]).addKeyValue("socket", listener.address())
          .log("launcher connected");
      waitForEnd(in);
      launcherGone.set(true);
      closeQuietly(listener);
      YamuxSession s = session.get();
      if (s != null && !s.isClosed()) {
        log.info("the launcher went away before its host session ended: closing that session");
        s.close();
      }
      host.join();
    } catch (IOException e) {
      log.atWarn().log("launcher connection failed: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until the launcher closes its end (or the connection is closed here). */
  private static void waitForEnd(InputStream in) {
    try {
      while (in.read() >= 0) {
        // the launcher says nothing more; anything it sends is ignored
      }
    } catch (IOException e) {
      // closed: the session ended, or the launcher died
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        return null;
      }
      line.write(b);
    }
    return null;
  }

  private static void reply(SocketChannel ch, String line) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
