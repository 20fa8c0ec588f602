package dev.rollouts.sdk.goplugin;

/**
 * The process-wide hclog sink that the SDK's SLF4J binding writes to.
 *
 * <p>A plugin process has exactly one stderr and one log level, set once by the entry point from
 * {@code --log-level}/{@code --log-format}; this class holds that one writer. Thread-safe.
 */
public final class Hclog {
  private static volatile HclogWriter writer = HclogWriter.stderr();

  private Hclog() {}

  public static HclogWriter writer() {
    return writer;
  }

  /** Replaces the writer (tests, or a host that captures a plugin's log in-process). */
  public static void writer(HclogWriter newWriter) {
    writer = newWriter;
  }
}
