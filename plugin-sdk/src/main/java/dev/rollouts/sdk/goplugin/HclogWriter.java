package dev.rollouts.sdk.goplugin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes log events as hclog lines on the plugin's stderr, where go-plugin's host re-logs them.
 *
 * <p>JSON mode writes exactly what hclog's JSON format writes, one object per line:
 *
 * <pre>{@code
 * {"@level":"info","@message":"init called","@module":"acme","@timestamp":"2026-11-29T04:53:09.188075Z","k":"1"}
 * }</pre>
 *
 * {@code @level}, {@code @message} and {@code @timestamp} are always JSON strings: the host
 * type-asserts them and a non-string would crash the controller ({@code spec/go-plugin.md} §7).
 * The timestamp has exactly six fractional digits, the only layout the host parses. Text mode
 * writes {@code 2026-11-29T04:53:09.188Z [INFO]  module: message: k=v}, which the host also
 * maps to the right level by its {@code [LEVEL]} prefix.
 *
 * <p>Thread-safe: each line is written whole under one lock.
 */
public final class HclogWriter {
  /** Output format of the stderr lines. */
  public enum Format { JSON, TEXT }

  private static final DateTimeFormatter JSON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TEXT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private final ReentrantLock lock = new ReentrantLock();
  private final OutputStream out;
  private volatile Format format;
  private volatile HclogLevel threshold;

  public HclogWriter(OutputStream out, Format format, HclogLevel threshold) {
    this.out = out;
    this.format = format;
    this.threshold = threshold;
  }

  /** A writer on this process's real stderr, JSON, level INFO. */
  public static HclogWriter stderr() {
    return new HclogWriter(new java.io.FileOutputStream(java.io.FileDescriptor.err), Format.JSON,
        HclogLevel.INFO);
  }

  public HclogLevel threshold() {
    return threshold;
  }

  public void threshold(HclogLevel level) {
    this.threshold = level;
  }

  public void format(Format format) {
    this.format = format;
  }

  public boolean enabled(HclogLevel level) {
    return threshold.allows(level);
  }

  /**
   * Writes one event if its level passes the threshold. {@code fields} are written in iteration
   * order after the fixed keys; their values are written as JSON strings, numbers or booleans.
   */
  public void log(HclogLevel level, String module, String message, Map<String, ?> fields,
      Throwable error) {
    if (!enabled(level)) {
      return;
    }
    String line = format == Format.JSON
        ? jsonLine(Instant.now(), level, module, message, fields, error)
        : textLine(Instant.now(), level, module, message, fields, error);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      // stderr is gone (host died); nothing sensible is left to tell anyone.
    } finally {
      lock.unlock();
    }
  }

  static String jsonLine(Instant time, HclogLevel level, String module, String message,
      Map<String, ?> fields, Throwable error) {
    StringBuilder b = new StringBuilder(128);
    b.append("{\"@level\":\"").append(level.wireName()).append("\",\"@message\":");
    appendJsonString(b, message == null ? "" : message);
    if (module != null && !module.isEmpty()) {
      b.append(",\"@module\":");
      appendJsonString(b, module);
    }
    b.append(",\"@timestamp\":\"").append(JSON_TIME.format(time)).append('"');
    if (fields != null) {
      for (Map.Entry<String, ?> e : fields.entrySet()) {
        if (e.getKey().startsWith("@")) {
          continue; // reserved by hclog; a non-string here would crash the host
        }
        b.append(',');
        appendJsonString(b, e.getKey());
        b.append(':');
        appendJsonValue(b, e.getValue());
      }
    }
    if (error != null) {
      b.append(",\"error\":");
      appendJsonString(b, String.valueOf(error));
      b.append(",\"stacktrace\":");
      appendJsonString(b, stackTrace(error));
    }
    return b.append("}\n").toString();
  }

  static String textLine(Instant time, HclogLevel level, String module, String message,
      Map<String, ?> fields, Throwable error) {
    StringBuilder b = new StringBuilder(128);
    String tag = "[" + level.name() + "]";
    b.append(TEXT_TIME.format(time)).append(' ').append(tag);
    b.append(" ".repeat(Math.max(1, 8 - tag.length())));
    if (module != null && !module.isEmpty()) {
      b.append(module).append(": ");
    }
    b.append(message == null ? "" : message.replace('\n', ' '));
    if (fields != null) {
      fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    }
    if (error != null) {
      b.append(" error=\"").append(error).append('"');
    }
    return b.append('\n').toString();
  }

  private static String stackTrace(Throwable error) {
    StringWriter w = new StringWriter();
    error.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static void appendJsonValue(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Short || v instanceof Byte) {
      b.append(v);
    } else if (v instanceof Double d && Double.isFinite(d) || v instanceof Float f && Float.isFinite(f)) {
      b.append(v);
    } else {
      appendJsonString(b, String.valueOf(v));
    }
  }

  static void appendJsonString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** A {@link PrintStream} that turns every line written to it into an event at {@code level}. */
  public PrintStream asPrintStream(HclogLevel level, String module) {
    return new PrintStream(new LineOutputStream(line -> log(level, module, line, null, null)), true,
        StandardCharsets.UTF_8);
  }
}
