package dev.rollouts.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeExpressionTest {
  private static final Instant NOW = Instant.parse("2023-08-14T00:00:00Z");

  @Test
  void argosDocumentedForms() {
    assertThat(TimeExpression.evaluate("now()", NOW)).isEqualTo(NOW);
    // Argo's own test: start 'now() - duration("1h")' with a fixed now.
    assertThat(TimeExpression.evaluate("now() - duration(\"1h\")", NOW))
        .isEqualTo(Instant.parse("2023-08-13T23:00:00Z"));
    assertThat(TimeExpression.evaluate(" now()-duration('90s') + duration(\"1m30s\") ", NOW))
        .isEqualTo(NOW);
    assertThat(TimeExpression.evaluate("duration(\"1h\") + now()", NOW))
        .isEqualTo(Instant.parse("2023-08-14T01:00:00Z"));
    assertThat(TimeExpression.evaluate("now() - (duration(\"1h\") + duration(\"30m\"))", NOW))
        .isEqualTo(Instant.parse("2023-08-13T22:30:00Z"));
  }

  @Test
  void failuresSayWhatIsUnderstood() {
    assertThatThrownBy(() -> TimeExpression.evaluate("duration(\"1h\")", NOW))
        .hasMessage("expected time.Time, but got time.Duration");
    assertThatThrownBy(() -> TimeExpression.evaluate("date(\"2023-01-01\")", NOW))
        .hasMessageContaining("expected now(), duration(\"...\") or (")
        .hasMessageContaining("understand now(), duration(\"...\"), + and -");
    assertThatThrownBy(() -> TimeExpression.evaluate("now() + now()", NOW))
        .hasMessageStartingWith("cannot add two times");
    assertThatThrownBy(() -> TimeExpression.evaluate("now() - duration(\"5x\")", NOW))
        .hasMessageContaining("5x");
    assertThatThrownBy(() -> TimeExpression.evaluate("now() now()", NOW))
        .hasMessageStartingWith("unexpected \"now()\"");
    assertThatThrownBy(() -> TimeExpression.evaluate("", NOW))
        .hasMessageStartingWith("expected now()");
  }
}
