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
      HclogLine json = fromJson(node);
      if (json != null) {
        return json;
      }
    }
    return text(line);
  }

  private static HclogLine fromJson(JsonNode node) {
    JsonNode ts = node.get("@timestamp");
    if (ts != null) {
      try {
        OffsetDateTime.parse(ts.asString(), TIMESTAMP);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    JsonNode levelNode = node.get("@level");
    HclogLevel level;
    try {
      level = levelNode == null ? HclogLevel.DEBUG
          : HclogLevel.valueOf(levelNode.asString().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      level = HclogLevel.DEBUG;
    }
    if (level == HclogLevel.OFF) {
      level = HclogLevel.DEBUG;
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
    if (line.startsWith("panic: ") || line.startsWith("fatal error: ")) {
      return new HclogLine(HclogLevel.ERROR, line, Map.of());
    }
    return new HclogLine(HclogLevel.DEBUG, line, Map.of());
  }
}
