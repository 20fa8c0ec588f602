package dev.rollouts.sdk.goplugin;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reserves the process's stdout for the go-plugin handshake line.
 *
 * <p>go-plugin's host reads the first stdout line as the handshake and discards the rest, and a
 * line over 64 KiB stops its reader so a chatty plugin eventually blocks on a full pipe
 * ({@code spec/go-plugin.md} §7). {@link #claim()} therefore points {@link System#out} at stderr
 * (as WARN log lines) before any plugin code runs, and keeps the real stdout for
 * {@link #writeHandshake(String)} alone.
 */
public final class StandardStreams {
  private static final AtomicBoolean CLAIMED = new AtomicBoolean();
  private static volatile OutputStream realStdout;

  private StandardStreams() {}

  /** Redirects {@code System.out} to the hclog writer; idempotent. */
  public static void claim() {
    if (CLAIMED.compareAndSet(false, true)) {
      realStdout = new FileOutputStream(FileDescriptor.out);
      PrintStream stray = Hclog.writer().asPrintStream(HclogLevel.WARN, "stdout");
      System.setOut(stray);
    }
  }

  /**
   * Writes the handshake line (a newline is appended) and flushes it.
   *
   * @throws IOException when stdout is closed (the host is gone)
   */
  public static void writeHandshake(String line) throws IOException {
    claim();
    realStdout.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    realStdout.flush();
  }
}
