package dev.rollouts.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntOrStringTest {

  @Test
  void typeConstantsAreGosIntstrValues() {
    // intstr.Int = 0, intstr.String = 1 (iota in k8s.io/apimachinery/pkg/util/intstr)
    assertThat(IntOrString.TYPE_INT).isZero();
    assertThat(IntOrString.TYPE_STRING).isEqualTo(1);
  }

  @Test
  void ofIntHoldsAnInteger() {
    IntOrString value = IntOrString.of(25);

    assertThat(value).isEqualTo(new IntOrString(IntOrString.TYPE_INT, 25, ""));
    assertThat(value.isInt()).isTrue();
    assertThat(value.isString()).isFalse();
  }

  @Test
  void ofStringHoldsAString() {
    IntOrString value = IntOrString.of("25%");

    assertThat(value).isEqualTo(new IntOrString(IntOrString.TYPE_STRING, 0, "25%"));
    assertThat(value.isString()).isTrue();
    assertThat(value.isInt()).isFalse();
  }

  @Test
  void absentOnTheWireMeansTheIntegerZero() {
    // gob omits zero fields, so IntOrString{Int, 0, ""} arrives with no fields at all
    IntOrString decoded = new IntOrString(0, 0, null);

    assertThat(decoded).isEqualTo(IntOrString.of(0));
  }

  @Test
  void rejectsANullString() {
    assertThatThrownBy(() -> IntOrString.of((String) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an IntOrString string value must not be null");
  }
}
