package dev.rollouts.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouts.sdk.gob.GobBytesValue;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RawJsonTest {

  @Test
  void holdsTheTextAndSendsItsUtf8Bytes() {
    RawJson json = RawJson.of("{\"ticket\":\"CHG-1042\",\"note\":\"grün\"}");

    assertThat(json.json()).isEqualTo("{\"ticket\":\"CHG-1042\",\"note\":\"grün\"}");
    assertThat(json).hasToString("{\"ticket\":\"CHG-1042\",\"note\":\"grün\"}");
    assertThat(json.toGobBytes())
        .isEqualTo("{\"ticket\":\"CHG-1042\",\"note\":\"grün\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(json).isInstanceOf(GobBytesValue.class);
  }

  @Test
  void decodesGobBytesAsUtf8Text() {
    RawJson json = RawJson.fromGobBytes(new byte[] {'[', '1', ',', '2', ']'});

    assertThat(json.json()).isEqualTo("[1,2]");
    assertThat(json).isEqualTo(RawJson.of("[1,2]")).hasSameHashCodeAs(RawJson.of("[1,2]"));
  }

  @Test
  void differentTextIsNotEqual() {
    assertThat(RawJson.of("{\"a\":1}")).isNotEqualTo(RawJson.of("{\"a\": 1}"));
  }

  @Test
  void copiesBytesInAndOut() {
    byte[] wire = "{}".getBytes(StandardCharsets.UTF_8);
    RawJson json = RawJson.fromGobBytes(wire);
    wire[0] = 'x';
    json.toGobBytes()[1] = 'x';

    assertThat(json.json()).isEqualTo("{}");
    assertThat(json.toGobBytes()).containsExactly('{', '}');
  }

  @Test
  void keepsBytesThatAreNotUtf8() {
    byte[] wire = {'"', (byte) 0xff, (byte) 0xc3, '"'};

    RawJson json = RawJson.fromGobBytes(wire);

    assertThat(json.toGobBytes()).isEqualTo(wire);
    assertThat(json).isNotEqualTo(RawJson.fromGobBytes(new byte[] {'"', (byte) 0xfe, (byte) 0xc3, '"'}));
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> RawJson.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RawJson text must not be null");
    assertThatThrownBy(() -> RawJson.fromGobBytes(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RawJson bytes must not be null");
  }

  @Property
  void anyBytesSurviveTheGobRoundTrip(@ForAll byte[] wire) {
    assertThat(RawJson.fromGobBytes(wire).toGobBytes()).isEqualTo(wire);
  }

  @Property
  void anyTextSurvivesTheGobRoundTrip(@ForAll String text) {
    RawJson decoded = RawJson.fromGobBytes(RawJson.of(text).toGobBytes());

    // Lone surrogates have no UTF-8 form; Java's encoder replaces them with '?'.
    String expected = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(decoded.json()).isEqualTo(expected);
    assertThat(decoded).isEqualTo(RawJson.of(expected));
  }
}
