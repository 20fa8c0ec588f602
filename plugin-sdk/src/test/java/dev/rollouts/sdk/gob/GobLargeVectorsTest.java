package dev.rollouts.sdk.gob;

import static dev.rollouts.sdk.gob.GobTestSupport.resourceHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.gob.TestTypes.Request;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two realistic first-call streams of spec/test-vectors-large.md (hundreds of type
 * definitions, the whole Kubernetes pod spec): decoded completely, spot-checked deep inside,
 * decoded into partial records, and re-encoded from the generic tree.
 */
class GobLargeVectorsTest {
  private static final byte[] METRIC_RUN = resourceHex("metric-run-request.hex");
  private static final byte[] TRAFFIC_SET_WEIGHT = resourceHex("traffic-set-weight-request.hex");
  private static final byte[] CREATED_AT = HexFormat.of().parseHex("010000000eddca78d900000000ffff");

  @Test
  void vectorsAreTheOnesTheSpecDescribes() throws NoSuchAlgorithmException {
    assertThat(METRIC_RUN).hasSize(19225);
    assertThat(sha256(METRIC_RUN))
        .isEqualTo("5d7a951add3e1fb71ad974fe6ec07f3c35e38aca1aba12f7c5e350fe93daf124");
    assertThat(TRAFFIC_SET_WEIGHT).hasSize(22254);
    assertThat(sha256(TRAFFIC_SET_WEIGHT))
        .isEqualTo("37484152b8caf4aca7c8868c66bd9ff35e11c63e3fec11bf9907f11e4da7b055");
  }

  @Test
  void decodesTheMetricRunRequestIntoTheGenericTree() throws IOException {
    GobVectorsTest.decodeEveryWay(METRIC_RUN, decoder -> {
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Plugin.Run", 0));
      GobValue.Interface body = (GobValue.Interface) decoder.decodeValue();
      assertThat(body.name()).isEqualTo("RunArgs");
      GobValue.Struct args = (GobValue.Struct) body.value();
      assertThat(args.type().name()).isEqualTo("RunArgs");
      GobValue run = args.fields().get("AnalysisRun");
      assertThat(path(run, "ObjectMeta", "Name")).isEqualTo(GobValue.Str.of("demo-ar"));
      assertThat(path(run, "ObjectMeta", "Namespace")).isEqualTo(GobValue.Str.of("default"));
      GobValue.Bytes created = (GobValue.Bytes) path(run, "ObjectMeta", "CreationTimestamp");
      assertThat(created.type().kind()).isEqualTo(GobType.Kind.GOB_ENCODER);
      assertThat(created.bytes()).isEqualTo(CREATED_AT);
      assertThat(GoTime.toInstant(created.bytes())).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
      assertThat(path(run, "Status", "Phase")).isEqualTo(GobValue.Str.of("Running"));
      assertThat(((GobValue.Struct) path(run, "Status", "RunSummary")).fields()).isEmpty();
      GobValue.Slice metrics = (GobValue.Slice) path(run, "Spec", "Metrics");
      assertThat(metrics.elements()).hasSize(1);
      assertThat(path(metrics.elements().get(0), "Name")).isEqualTo(GobValue.Str.of("success-rate"));
      GobValue.Map plugin = (GobValue.Map) path(args.fields().get("Metric"), "Provider", "Plugin");
      assertThat(plugin.entries()).containsExactly(Map.entry(GobValue.Str.of("acme/metric"),
          GobValue.Bytes.of("{\"query\":\"up\"}".getBytes(StandardCharsets.UTF_8))));
      assertThat(path(args.fields().get("Metric"), "Interval")).isEqualTo(GobValue.Str.of("1m"));
      // the pod spec behind MetricProvider.Job is defined but absent from the value
      assertThat(((GobValue.Struct) path(args.fields().get("Metric"), "Provider")).type().fields())
          .extracting(GobType.Field::name).contains("Job", "Prometheus", "Plugin");
    });
  }

  @Test
  void decodesTheTrafficSetWeightRequestIntoTheGenericTree() throws IOException {
    GobVectorsTest.decodeEveryWay(TRAFFIC_SET_WEIGHT, decoder -> {
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Plugin.SetWeight", 0));
      GobValue.Interface body = (GobValue.Interface) decoder.decodeValue();
      assertThat(body.name()).isEqualTo("SetWeightAndVerifyWeightArgs");
      GobValue args = body.value();
      assertThat(path(args, "DesiredWeight")).isEqualTo(new GobValue.Int(20));
      GobValue rollout = path(args, "Rollout");
      assertThat(path(rollout, "TypeMeta", "Kind")).isEqualTo(GobValue.Str.of("Rollout"));
      assertThat(path(rollout, "ObjectMeta", "UID"))
          .isEqualTo(GobValue.Str.of("0b8c2a3e-1111-2222-3333-444455556666"));
      assertThat(path(rollout, "ObjectMeta", "Generation")).isEqualTo(new GobValue.Int(3));
      assertThat(((GobValue.Map) path(rollout, "ObjectMeta", "Labels")).entries())
          .containsExactly(Map.entry(GobValue.Str.of("app"), GobValue.Str.of("demo")));
      GobValue canary = path(rollout, "Spec", "Strategy", "Canary");
      List<GobValue> steps = ((GobValue.Slice) path(canary, "Steps")).elements();
      assertThat(path(steps.get(0), "SetWeight")).isEqualTo(new GobValue.Int(20));
      assertThat(path(steps.get(1), "Plugin", "Config")).isEqualTo(
          GobValue.Bytes.of("{\"command\":\"echo hi\"}".getBytes(StandardCharsets.UTF_8)));
      assertThat(path(canary, "MaxSurge", "StrVal")).isEqualTo(GobValue.Str.of("25%"));
      assertThat(path(canary, "MaxSurge", "Type")).isEqualTo(new GobValue.Int(1));
      GobValue weights = path(rollout, "Status", "Canary", "Weights");
      assertThat(path(weights, "Stable", "Weight")).isEqualTo(new GobValue.Int(80));
      assertThat(path(weights, "Canary", "PodTemplateHash")).isEqualTo(GobValue.Str.of("def456"));
      assertThat(path(rollout, "Status", "StableRS")).isEqualTo(GobValue.Str.of("abc123"));
    });
  }

  record ObjectMeta(String name, String namespace, @GoName("UID") String uid, long generation,
      Instant creationTimestamp, Map<String, String> labels) {}

  record Rollout(ObjectMeta objectMeta) {}

  record SetWeightArgs(Rollout rollout, int desiredWeight) {}

  @Test
  void decodesIntoPartialRecordsSkippingEverythingElse() throws IOException {
    GobOptions options = GobOptions.defaults().withInterfaces(InterfaceRegistry.builder()
        .register("SetWeightAndVerifyWeightArgs", SetWeightArgs.class).build());
    GobVectorsTest.decodeEveryWay(TRAFFIC_SET_WEIGHT, options, decoder -> {
      decoder.skipValue();
      assertThat(decoder.decode(Object.class)).isEqualTo(new SetWeightArgs(new Rollout(
          new ObjectMeta("demo", "default", "0b8c2a3e-1111-2222-3333-444455556666", 3,
              Instant.parse("2024-05-06T07:08:09Z"), Map.of("app", "demo"))), 20));
    });
  }

  @Test
  void reencodesBothStreamsFromTheGenericTree() throws IOException {
    for (byte[] stream : List.of(METRIC_RUN, TRAFFIC_SET_WEIGHT)) {
      GobDecoder decoder = new GobDecoder(new ByteArrayInputStream(stream));
      GobValue header = decoder.decodeValue();
      GobValue body = decoder.decodeValue();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      GobEncoder encoder = new GobEncoder(out);
      encoder.encode(header);
      encoder.encode(body);
      byte[] again = out.toByteArray();
      GobDecoder second = new GobDecoder(new ByteArrayInputStream(again));
      assertThat(second.decodeValue()).isEqualTo(header);
      assertThat(second.decodeValue()).isEqualTo(body);
      // Our ids are assigned in Go's order from 65, so the re-encoding is as long as Go's.
      assertThat(again.length).isBetween(stream.length - 200, stream.length + 200);
    }
  }

  private static GobValue path(GobValue value, String... names) {
    GobValue current = value;
    for (String name : names) {
      assertThat(current).as("parent of " + name).isInstanceOf(GobValue.Struct.class);
      current = ((GobValue.Struct) current).fields().get(name);
      assertThat(current).as(name).isNotNull();
    }
    return current;
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
