package dev.rollouts.sdk.goplugin;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The socket a plugin listens on before it prints its handshake line.
 *
 * <p>A unix socket in a private directory (mode 0700) below {@code PLUGIN_UNIX_SOCKET_DIR} or the
 * temp directory, as go-plugin servers do on Linux; with {@code PLUGIN_UNIX_SOCKET_GROUP} the
 * directory and socket are given to that group (0750 / 0660). Where a unix socket cannot be made,
 * TCP on 127.0.0.1 with the first free port in {@code PLUGIN_MIN_PORT..PLUGIN_MAX_PORT}.
 * {@link #close()} removes the socket file and its directory.
 *
 * <p>Thread-safe: {@link #accept()} may block on one thread while another closes.
 */
public final class PluginListener implements Closeable {
  private static final int MAX_UNIX_PATH = 107;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
  private final ServerSocketChannel channel;
  private final String network;
  private final String address;
  private final Path socketDir;

  private PluginListener(ServerSocketChannel channel, String network, String address,
      Path socketDir) {
    this.channel = channel;
    this.network = network;
    this.address = address;
    this.socketDir = socketDir;
  }

  /** Field 3 of the handshake line: {@code unix} or {@code tcp}. */
  public String network() {
    return network;
  }

  /** Field 4 of the handshake line: the socket path or {@code 127.0.0.1:port}. */
  public String address() {
    return address;
  }

  /**
   * Opens a unix socket listener, falling back to TCP when the platform has no unix sockets.
   *
   * @throws IOException when neither can be opened
   */
  public static PluginListener open(PluginEnvironment env) throws IOException {
    try {
      return unix(env);
    } catch (UnsupportedOperationException e) {
      return tcp(env);
    }
  }

  /** A unix socket listener in a fresh private directory. */
  public static PluginListener unix(PluginEnvironment env) throws IOException {
    Path parent = Path.of(env.socketDirectory());
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path dir = createPrivateDirectory(parent, posix);
    Path socket = dir.resolve("s");
    if (socket.toString().length() > MAX_UNIX_PATH) {
      Files.deleteIfExists(dir);
      throw new IOException("unix socket path too long (" + socket.toString().length()
          + " > " + MAX_UNIX_PATH + " bytes): " + socket + "; set PLUGIN_UNIX_SOCKET_DIR or TMPDIR"
          + " to a shorter directory");
    }
    ServerSocketChannel server = null;
    try {
      if (posix) {
        Files.setPosixFilePermissions(dir, OWNER_ONLY); // whatever the umask took away
      }
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Optional<String> group = env.socketGroup();
      if (group.isPresent() && posix) {
        shareWithGroup(dir, socket, group.get());
      }
      return new PluginListener(server, "unix", socket.toString(), dir);
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
      throw e;
    }
  }

  /**
   * A fresh directory {@code parent/plugin<random>}, like {@code Files.createTempDirectory} but
   * without {@code SecureRandom}: seeding it reads the entropy pool and loads the security
   * providers, ≈ 10 ms of a plugin's start-up. The name need not be unguessable: creation fails
   * on any existing entry (no symlink is followed), and then another name is tried.
   */
  private static Path createPrivateDirectory(Path parent, boolean posix) throws IOException {
    FileAlreadyExistsException taken = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      Path dir = parent.resolve(
          "plugin" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
      try {
        return posix
            ? Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        taken = e;
      }
    }
    throw taken;
  }

  private static void shareWithGroup(Path dir, Path socket, String group) throws IOException {
    GroupPrincipal principal;
    try {
      principal = FileSystems.getDefault().getUserPrincipalLookupService()
          .lookupPrincipalByGroupName(group);
    } catch (IOException e) {
      throw new IOException("PLUGIN_UNIX_SOCKET_GROUP names no group: '" + group + "'", e);
    }
    for (Path p : new Path[] {dir, socket}) {
      Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(principal);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
  }

  /**
   * A TCP listener on 127.0.0.1 with the first port of the host's range that binds.
   *
   * @throws IOException when no port in the range is free or the range is empty
   */
  public static PluginListener tcp(PluginEnvironment env) throws IOException {
    int min = env.minPort();
    int max = env.maxPort();
    if (min > max) {
      throw new IOException("PLUGIN_MIN_PORT (" + min + ") is greater than PLUGIN_MAX_PORT ("
          + max + ")");
    }
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    IOException last = null;
    for (int port = min; port <= max; port++) {
      ServerSocketChannel server = ServerSocketChannel.open();
      try {
        server.bind(new InetSocketAddress(loopback, port));
        int bound = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new PluginListener(server, "tcp", "127.0.0.1:" + bound, null);
      } catch (IOException e) {
        server.close();
        last = e;
      }
    }
    throw new IOException("no free TCP port on 127.0.0.1 in " + min + ".." + max, last);
  }

  /**
   * Waits for the host to connect.
   *
   * @throws IOException when the listener was closed or accepting failed
   */
  public SocketChannel accept() throws IOException {
    return channel.accept();
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      if (socketDir != null) {
        Files.deleteIfExists(Path.of(address));
        Files.deleteIfExists(socketDir);
      }
    }
  }
}
