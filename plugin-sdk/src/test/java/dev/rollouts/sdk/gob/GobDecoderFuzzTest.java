package dev.rollouts.sdk.gob;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rollouts.sdk.gob.TestTypes.DemoArgs;
import dev.rollouts.sdk.gob.TestTypes.Measurement;
import dev.rollouts.sdk.gob.TestTypes.Request;
import dev.rollouts.sdk.gob.TestTypes.Response;
import dev.rollouts.sdk.gob.TestTypes.RpcError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds arbitrary bytes to the decoder: only {@link GobException} and {@link EOFException} may
 * escape (no OutOfMemoryError, StackOverflowError, IndexOutOfBoundsException or hang). Seeds are
 * the spec vectors under {@code GobDecoderFuzzTestInputs/<method>/}; without {@code JAZZER_FUZZ}
 * only the seeds run, with it Jazzer mutates them.
 */
class GobDecoderFuzzTest {
  private static final GobOptions OPTIONS = GobOptions.defaults()
      .withMaxMessageSize(1 << 20)
      .withMaxDepth(64)
      .withInterfaces(InterfaceRegistry.builder()
          .register("DemoArgs", DemoArgs.class)
          .register("RpcError", RpcError.class)
          .build());
  private static final int MAX_VALUES = 64;

  @FuzzTest(maxDuration = "20s")
  void decodesArbitraryStreamsIntoRecordsOrFailsCleanly(byte[] data) throws IOException {
    GobDecoder decoder = new GobDecoder(new ByteArrayInputStream(data), OPTIONS);
    try {
      for (int i = 0; i < MAX_VALUES; i++) {
        switch (i % 6) {
          case 0 -> decoder.decode(Request.class);
          case 1 -> decoder.decode(Object.class);
          case 2 -> decoder.decode(Response.class);
          case 3 -> decoder.decode(Measurement.class);
          case 4 -> decoder.skipValue();
          default -> decoder.decode(GoTypes.mapOf(String.class, String.class));
        }
      }
    } catch (GobException | EOFException expected) {
      // the only acceptable ways to fail
    }
  }

  @FuzzTest(maxDuration = "20s")
  void reencodesEveryGenericValueItDecodes(byte[] data) throws IOException {
    GobDecoder decoder = new GobDecoder(new ByteArrayInputStream(data), OPTIONS);
    List<GobValue> values = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_VALUES; i++) {
        values.add(decoder.decodeValue());
      }
    } catch (GobException | EOFException expected) {
      // decode what was valid before the failure
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GobEncoder encoder = new GobEncoder(out, OPTIONS);
    for (GobValue value : values) {
      encoder.encode(value);
    }
    GobDecoder again = new GobDecoder(new ByteArrayInputStream(out.toByteArray()), OPTIONS);
    for (GobValue value : values) {
      assertThat(again.decodeValue()).isEqualTo(value);
    }
  }
}
