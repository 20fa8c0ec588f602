package dev.rollouts.sdk.goplugin;

import java.util.Locale;

/**
 * The log levels go-plugin's host understands in a plugin's stderr (hclog JSON {@code @level}).
 *
 * <p>The host honours exactly these five names (case-insensitive); anything else is logged at
 * DEBUG as raw text ({@code spec/go-plugin.md} §7), so the SDK never writes another name.
 */
public enum HclogLevel {
  TRACE, DEBUG, INFO, WARN, ERROR, OFF;

  /** The value written as {@code @level}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True if an event at {@code level} passes a threshold of {@code this}. */
  public boolean allows(HclogLevel level) {
    return this != OFF && level != OFF && level.ordinal() >= ordinal();
  }

  /**
   * Parses a level name as users write it ({@code info}, {@code WARN}, {@code warning}).
   *
   * @throws IllegalArgumentException when the name is not a level
   */
  public static HclogLevel parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    return switch (n) {
      case "WARNING" -> WARN;
      case "ERR", "FATAL" -> ERROR;
      default -> {
        try {
          yield valueOf(n);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "unknown log level '" + name + "' (expected trace, debug, info, warn, error or off)");
        }
      }
    };
  }
}
