package dev.rollouts.sdk.goplugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stderr lines as go-plugin v1.6.3's host logs them: the stderr-lines scenario of the
 * conformance host parity test, line by line.
 */
class HclogLineTest {
  private static void logsAt(String line, HclogLevel level, String message) {
    HclogLine parsed = HclogLine.parse(line);
    assertThat(parsed.level()).as(line).isEqualTo(level);
    assertThat(parsed.message()).as(line).isEqualTo(message);
  }

  @Test
  void stderrLinesHclogJsonKeepsItsLevelAndOtherKeys() {
    HclogLine line = HclogLine.parse(
        "{\"@level\":\"info\",\"@message\":\"json info\",\"@timestamp\":\"2026-11-29T04:53:09.188075Z\",\"k\":1}");
    assertThat(line).isEqualTo(new HclogLine(HclogLevel.INFO, "json info", Map.of("k", "1")));
    logsAt("{\"@level\":\"WARN\",\"@message\":\"upper-case level\"}", HclogLevel.WARN, "upper-case level");
    logsAt("{\"@level\":\" error \",\"@message\":\"padded level\"}", HclogLevel.ERROR, "padded level");
    logsAt("{\"@level\":\"debug\",\"@message\":\"offset\",\"@timestamp\":\"2026-11-29T05:53:09.188075+01:00\"}",
        HclogLevel.DEBUG, "offset");
    logsAt("{\"@level\":\"info\"}", HclogLevel.INFO, "");
  }

  @Test
  void stderrLinesJsonWithoutAKnownLevelIsLoggedVerbatimAtDebug() {
    for (String line : new String[] {
        "{\"@level\":\"notice\",\"@message\":\"unknown level\"}",
        "{\"@message\":\"no level\"}",
        "{\"@level\":\"off\",\"@message\":\"level off\"}"}) {
      logsAt(line, HclogLevel.DEBUG, line);
    }
  }

  @Test
  void stderrLinesUnparsableTimestampOrTrailingJunkMakesTextOfTheLine() {
    String threeDigits = "{\"@level\":\"info\",\"@message\":\"x\",\"@timestamp\":\"2026-11-29T04:53:09.188Z\"}";
    logsAt(threeDigits, HclogLevel.DEBUG, threeDigits);
    String junk = "{\"@level\":\"info\",\"@message\":\"trailing junk\"} junk";
    logsAt(junk, HclogLevel.DEBUG, junk);
  }

  @Test
  void stderrLinesTextWithAndWithoutLevelPrefix() {
    logsAt("[WARN] bracketed warn", HclogLevel.WARN, "[WARN] bracketed warn");
    logsAt("[ERROR]no space", HclogLevel.ERROR, "[ERROR]no space");
    logsAt("plain text", HclogLevel.DEBUG, "plain text");
    logsAt("null", HclogLevel.DEBUG, "null");
    logsAt("[1,2]", HclogLevel.DEBUG, "[1,2]");
    logsAt("", HclogLevel.DEBUG, "");
  }

  @Test
  void stderrLinesPanicIsPlainTextInGoPlugin163() {
    logsAt("panic: boom", HclogLevel.DEBUG, "panic: boom");
    logsAt("goroutine 1 [running]:", HclogLevel.DEBUG, "goroutine 1 [running]:");
  }
}
