package dev.rollouts.sdk.goplugin;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stderr line of a plugin as go-plugin's host interprets it ({@code spec/go-plugin.md} §7):
 * hclog JSON with its level honoured, a {@code [LEVEL]}-prefixed text line, or plain text at DEBUG.
 * The rules are go-plugin v1.6.3's ({@code Client.logStderr}), the version Argo Rollouts v1.9
 * links: JSON without a known level is logged verbatim at DEBUG, and {@code panic: } lines are
 * plain text (only v1.7.0 and later log them at ERROR).
 *
 * @param level the level the host logs the line at
 * @param message the message (the whole line for text)
 * @param fields the other keys of a JSON line, in order
 */
public record HclogLine(HclogLevel level, String message, Map<String, String> fields) {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  /** Interprets a line exactly as the host does. */
  public static HclogLine parse(String line) {
    JsonNode node = null;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      // not JSON: a text line
    }
    if (node != null && node.isObject()) {
      if (!timestampParses(node)) {
        return text(line);
      }
      HclogLine json = fromJson(node);
      return json != null ? json : raw(line);
    }
    return text(line);
  }

  /** A piece of a line longer than the host's 64 KiB buffer, or JSON without a known level. */
  static HclogLine raw(String text) {
    return new HclogLine(HclogLevel.DEBUG, text, Map.of());
  }

  /** go-plugin treats a JSON line whose {@code @timestamp} does not parse as text. */
  private static boolean timestampParses(JsonNode node) {
    JsonNode ts = node.get("@timestamp");
    if (ts == null) {
      return true;
    }
    try {
      OffsetDateTime.parse(ts.asString(), TIMESTAMP);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** hclog's {@code LevelFromString} for the five levels the host logs at; null otherwise. */
  private static HclogLevel level(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "trace" -> HclogLevel.TRACE;
      case "debug" -> HclogLevel.DEBUG;
      case "info" -> HclogLevel.INFO;
      case "warn" -> HclogLevel.WARN;
      case "error" -> HclogLevel.ERROR;
      default -> null;
    };
  }

  private static HclogLine fromJson(JsonNode node) {
    JsonNode levelNode = node.get("@level");
    HclogLevel level = levelNode == null ? null : level(levelNode.asString());
    if (level == null) {
      // not hclog's JSON: go-plugin logs the whole line as it came
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String k = e.getKey();
      if (!k.equals("@message") && !k.equals("@level") && !k.equals("@timestamp")) {
        fields.put(k, e.getValue().isString() ? e.getValue().asString() : e.getValue().toString());
      }
    }
    JsonNode message = node.get("@message");
    return new HclogLine(level, message == null ? "" : message.asString(), fields);
  }

  private static HclogLine text(String line) {
    for (HclogLevel l : HclogLevel.values()) {
      if (l != HclogLevel.OFF && line.startsWith("[" + l.name() + "]")) {
        return new HclogLine(l, line, Map.of());
      }
    }
    return raw(line);
  }
}
