package dev.rollouts.sdk.yamux;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** The two connection kinds go-plugin uses: a unix-domain socket, or TCP on the loopback. */
enum Transport {
  UNIX,
  TCP;

  /** Two connected ends of a fresh connection: {@code host} dialed, {@code plugin} accepted. */
  record Connection(SocketChannel host, SocketChannel plugin) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      host.close();
      plugin.close();
    }
  }

  Connection connect(Path tempDir) throws IOException {
    try (ServerSocketChannel listener = listen(tempDir)) {
      SocketChannel host = SocketChannel.open(listener.getLocalAddress());
      SocketChannel plugin = listener.accept();
      return new Connection(host, plugin);
    }
  }

  private ServerSocketChannel listen(Path tempDir) throws IOException {
    if (this == UNIX) {
      Path socket = tempDir.resolve("plugin-" + System.nanoTime() + ".sock");
      return ServerSocketChannel.open(StandardProtocolFamily.UNIX)
          .bind(UnixDomainSocketAddress.of(socket));
    }
    return ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }
}
