package dev.rollouts.prometheus;

import dev.rollouts.sdk.plugin.GoDuration;
import java.time.Duration;
import java.util.Set;

/**
 * Go's {@code time.ParseDuration} for {@code rangeQuery.step} and {@code duration("...")}: the
 * SDK's {@link GoDuration}, plus Go's {@code unknown unit} error text, which the built-in
 * provider shows for a step such as {@code 1x} and the SDK parser words differently.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoDurations {
  private static final Set<String> UNITS = Set.of("ns", "us", "µs", "μs", "ms", "s", "m", "h");

  private GoDurations() {}

  /**
   * The duration {@code text} denotes.
   *
   * @throws IllegalArgumentException with Go's error text when it is not a duration
   */
  static Duration parse(String text) {
    String s = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    int i = 0;
    while (i < s.length()) {
      int number = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (i == number) {
        break; // Go's "invalid duration": left to GoDuration
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (!unit.isEmpty() && !UNITS.contains(unit)) {
        throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \""
            + text + "\"");
      }
    }
    return GoDuration.parse(text);
  }
}
