package dev.rollouts.sdk.goplugin;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** Collects bytes into lines and hands each complete line (without its newline) on. */
final class LineOutputStream extends OutputStream {
  private static final int MAX_LINE = 16 * 1024;
  private final ReentrantLock lock = new ReentrantLock();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final Consumer<String> sink;

  LineOutputStream(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public void write(int b) {
    lock.lock();
    try {
      if (b == '\n' || buffer.size() >= MAX_LINE) {
        emit();
        if (b == '\n') {
          return;
        }
      }
      buffer.write(b);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public void flush() {
    // Lines are emitted when complete; a partial line waits for its newline.
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (buffer.size() > 0) {
        emit();
      }
    } finally {
      lock.unlock();
    }
  }

  private void emit() {
    String line = buffer.toString(StandardCharsets.UTF_8);
    buffer.reset();
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    sink.accept(line);
  }
}
