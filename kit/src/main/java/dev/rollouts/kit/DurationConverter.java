package dev.rollouts.kit;

import dev.rollouts.sdk.plugin.GoDuration;
import java.time.Duration;
import picocli.CommandLine;

/** Go duration syntax on the command line: {@code 10s}, {@code 1m30s}, {@code 500ms}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
