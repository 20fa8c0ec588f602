package dev.rollouts.prometheus.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bearer token kept in a file, e.g. a projected Kubernetes service-account token that the
 * kubelet rotates: read again whenever the file's modification time changes.
 *
 * <p>Thread-safe: {@code lock} guards {@code token} and {@code modified}.
 */
public final class BearerTokenFile {
  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private String token;
  private FileTime modified;

  public BearerTokenFile(Path file) {
    this.file = file;
  }

  /**
   * The token, trimmed.
   *
   * @throws IOException when the file cannot be read or is empty
   */
  public String token() throws IOException {
    lock.lock();
    try {
      FileTime now = Files.getLastModifiedTime(file);
      if (token == null || !now.equals(modified)) {
        String read = Files.readString(file).strip();
        if (read.isEmpty()) {
          throw new IOException("bearer token file " + file + " is empty");
        }
        token = read;
        modified = now;
      }
      return token;
    } finally {
      lock.unlock();
    }
  }
}
