package dev.rollouts.sdk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouts.sdk.gob.GoName;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules the generator applies, checked on generated records. */
class GeneratedModelTest {

  @Test
  void nullStringsBecomeEmptyAndNullPointersStayNull() {
    Measurement m = new Measurement(null, null, null, null, null, null, null);

    assertThat(m.phase()).isEmpty();
    assertThat(m.message()).isEmpty();
    assertThat(m.value()).isEmpty();
    assertThat(m.startedAt()).isNull();
    assertThat(m.metadata()).isNull(); // a nil map, which gob tells from an empty one
  }

  @Test
  void pointerToStringStaysNullable() {
    // Argument.Value is *string in Go
    assertThat(new Argument("a", null, null).value()).isNull();
  }

  @Test
  void mapsAreUnmodifiableCopiesInInsertionOrder() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("z", "1");
    labels.put("a", "2");
    Measurement m = new Measurement("Successful", "", Instant.EPOCH, null, "1", labels, null);
    labels.put("b", "3");

    assertThat(m.metadata()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"));
    assertThatThrownBy(() -> m.metadata().put("c", "4"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Measurement("", "", null, null, "", Map.of(), null).metadata()).isEmpty();
  }

  @Test
  void listsAreImmutableCopiesAndNeverNull() {
    List<String> finalizers = new ArrayList<>(List.of("a"));
    ObjectMeta meta = objectMeta(finalizers);
    finalizers.add("b");

    assertThat(meta.finalizers()).containsExactly("a");
    assertThatThrownBy(() -> meta.finalizers().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(objectMeta(null).finalizers()).isEmpty();
    assertThat(objectMeta(null).ownerReferences()).isEmpty();
  }

  @Test
  void byteArrayRecordsCompareByContentAndCopy() {
    byte[] raw = {'{', '}'};
    FieldsV1 fields = new FieldsV1(raw);
    raw[0] = 'x';
    fields.raw()[1] = 'x';

    assertThat(fields.raw()).containsExactly('{', '}');
    assertThat(fields).isEqualTo(new FieldsV1(new byte[] {'{', '}'}));
    assertThat(fields).hasSameHashCodeAs(new FieldsV1(new byte[] {'{', '}'}));
    assertThat(fields).isNotEqualTo(new FieldsV1(new byte[] {'[', ']'}));
    assertThat(fields).hasToString("FieldsV1[raw=" + Arrays.toString(new byte[] {'{', '}'}) + "]");
    assertThat(new FieldsV1(null).raw()).isEmpty();
  }

  @Test
  void goNamesAnnotateComponentsWhoseGoNameIsNotTheCapitalisedJavaName() throws Exception {
    assertThat(goName(ObjectMeta.class, "uid")).isEqualTo("UID");
    assertThat(goName(Rollout.class, "metadata")).isEqualTo("ObjectMeta");
    assertThat(goName(TypeMeta.class, "apiVersion")).isEqualTo("APIVersion");
    assertThat(goName(AnalysisRunSpec.class, "ttlStrategy")).isEqualTo("TTLStrategy");
    assertThat(goName(Rollout.class, "typeMeta")).isNull();
    assertThat(goName(Measurement.class, "startedAt")).isNull();
  }

  @Test
  void stepRpcTypesArePrefixed() {
    assertThat(Arrays.stream(StepRunArgs.class.getRecordComponents()).map(RecordComponent::getType))
        .containsExactly(Rollout.class, RpcStepContext.class);
    assertThat(Arrays.stream(StepResponse.class.getRecordComponents()).map(RecordComponent::getName))
        .containsExactly("result", "error");
  }

  @Test
  void argoGobNamesMapEveryRegisteredNameToItsRecord() {
    assertThat(ArgoGobNames.BY_NAME)
        .hasSize(13)
        .containsEntry("RunArgs", RunArgs.class)
        .containsEntry("step.RunArgs", StepRunArgs.class)
        .containsEntry("step.TerminateArgs", StepTerminateArgs.class)
        .containsEntry("step.AbortArgs", StepAbortArgs.class)
        .containsEntry("SetWeightAndVerifyWeightArgs", SetWeightAndVerifyWeightArgs.class)
        .containsEntry("RpcError", RpcError.class);
    assertThatThrownBy(() -> ArgoGobNames.BY_NAME.put("x", Object.class))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static ObjectMeta objectMeta(List<String> finalizers) {
    return new ObjectMeta(
        "checkout", "", "shop", "", "uid-1", "42", 3, null, null, null, null, null, null,
        finalizers, null);
  }

  private static String goName(Class<?> record, String component) throws NoSuchMethodException {
    for (RecordComponent c : record.getRecordComponents()) {
      if (c.getName().equals(component)) {
        GoName name = c.getAnnotation(GoName.class);
        return name == null ? null : name.value();
      }
    }
    throw new NoSuchMethodException(record.getSimpleName() + "." + component);
  }
}
