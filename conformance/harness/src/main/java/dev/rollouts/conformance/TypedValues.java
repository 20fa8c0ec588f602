package dev.rollouts.conformance;

import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.gob.GoTypes;
import dev.rollouts.sdk.gob.GobValue;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.RpcStepResult;
import dev.rollouts.sdk.model.StepResponse;
import dev.rollouts.sdk.model.VerifyWeightResponse;
import java.lang.reflect.Type;

/** The result types {@code harness gob-typed} echoes, by the names HARNESS.md gives them. */
final class TypedValues {
  private TypedValues() {}

  enum Kind {
    Measurement(Measurement.class),
    RpcError(RpcError.class),
    VerifyWeightResponse(VerifyWeightResponse.class),
    StepResponse(StepResponse.class),
    RpcStepResult(RpcStepResult.class),
    Metadata(GoTypes.mapOf(String.class, String.class)),
    String(String.class),
    /** A top-level Go uint32, the broker id Dispense returns; the SDK carries it as a tree. */
    Uint32(GobValue.class),
    Empty(EmptyStruct.class);

    private final Type javaType;

    Kind(Type javaType) {
      this.javaType = javaType;
    }

    Type javaType() {
      return javaType;
    }
  }
}
