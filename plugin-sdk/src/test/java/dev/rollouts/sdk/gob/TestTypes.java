package dev.rollouts.sdk.gob;

import java.time.Instant;
import java.util.Map;

/** Java replicas of the Go types used in the spec's vectors. */
final class TestTypes {
  private TestTypes() {}

  record Request(String serviceMethod, @GoUnsigned long seq) {}

  record Response(String serviceMethod, @GoUnsigned long seq, String error) {}

  record RpcError(String errorString) {}

  record Small(String name, int n) {}

  record DemoArgs(Small s, long limit) {}

  record Point(long x, long y) {}

  record Measurement(String phase, String message, Instant startedAt, Instant finishedAt,
      String value, Map<String, String> metadata, Instant resumeAt) {}

  record VerifyWeightResponse(int verified, RpcError err) {}

  record RawJson(String text) implements GobBytesValue {
    @Override
    public byte[] toGobBytes() {
      return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static RawJson fromGobBytes(byte[] bytes) {
      return new RawJson(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  record RpcStepResult(String phase, String message, long requeueAfter, RawJson status) {}

  @GoName("Response")
  record StepResponse(RpcStepResult result, RpcError error) {}

  static final InterfaceRegistry DEMO_REGISTRY =
      InterfaceRegistry.builder().register("DemoArgs", DemoArgs.class).build();
  static final GobOptions DEMO_OPTIONS = GobOptions.defaults().withInterfaces(DEMO_REGISTRY);
}
