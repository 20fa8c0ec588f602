package dev.rollouts.kit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.AnalysisRunSpec;
import dev.rollouts.sdk.model.IntOrString;
import dev.rollouts.sdk.model.ObjectMeta;
import dev.rollouts.sdk.model.Quantity;
import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.TypeMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests (Rollouts, AnalysisTemplates, AnalysisRuns, the
 * {@code argo-rollouts-config} ConfigMap) from YAML into the SDK's model records, the way the
 * controller's JSON decoding sees them: JSON names, unknown fields ignored, {@code count: 3} and
 * {@code count: "50%"} both valid IntOrStrings, plugin configuration kept as raw JSON.
 *
 * <pre>{@code
 * Rollout rollout = Manifests.rollout(Path.of("rollout.yaml"));
 * }</pre>
 *
 * Errors name the file, line and column. Thread-safe.
 */
public final class Manifests {
  private static final SimpleModule ARGO_JSON = new SimpleModule("argo-json")
      .addDeserializer(IntOrString.class, new IntOrStringDeserializer())
      .addSerializer(IntOrString.class, new IntOrStringSerializer())
      .addDeserializer(RawJson.class, new RawJsonDeserializer())
      .addSerializer(RawJson.class, new RawJsonSerializer())
      .addDeserializer(Quantity.class, new QuantityDeserializer());

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(ARGO_JSON)
      .build();

  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .addModule(ARGO_JSON)
      .build();

  private static final JsonMapper COMPACT_JSON = JSON.rebuild()
      .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_EMPTY))
      .build();

  private static final JsonMapper PLAIN_JSON = JsonMapper.builder().build();

  private Manifests() {}

  /** The JSON mapper that knows the model's special types, for printing results. */
  public static JsonMapper json() {
    return JSON;
  }

  /** Like {@link #json()}, leaving out null and empty values: for one-line descriptions. */
  public static JsonMapper compactJson() {
    return COMPACT_JSON;
  }

  /** The first document of kind {@code Rollout} in {@code file}. */
  public static Rollout rollout(Path file) throws IOException {
    Document<Rollout> d = first(file, Rollout.class, Set.of("Rollout"));
    Rollout r = d.value();
    return new Rollout(d.typeMeta(), orEmpty(r.metadata()), r.spec(), r.status());
  }

  /**
   * The first AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun in {@code file}, as an
   * AnalysisRun (a template's spec has the same shape; its status starts empty).
   */
  public static AnalysisRun analysis(Path file) throws IOException {
    Document<AnalysisRun> d = first(file, AnalysisRun.class,
        Set.of("AnalysisTemplate", "ClusterAnalysisTemplate", "AnalysisRun"));
    AnalysisRun a = d.value();
    AnalysisRunSpec spec = a.spec();
    if (spec == null || spec.metrics() == null || spec.metrics().isEmpty()) {
      throw ManifestException.invalid(file, d.typeMeta().kind() + " has no metrics");
    }
    boolean isRun = d.typeMeta().kind().equals("AnalysisRun");
    return new AnalysisRun(new TypeMeta("AnalysisRun", d.typeMeta().apiVersion()),
        orEmpty(a.metadata()), spec, isRun ? a.status() : null);
  }

  /** Every AnalysisTemplate / ClusterAnalysisTemplate in the files, by name. */
  public static List<AnalysisRun> analysisTemplates(List<Path> files) throws IOException {
    List<AnalysisRun> out = new ArrayList<>();
    for (Path f : files) {
      for (Document<AnalysisRun> d : all(f, AnalysisRun.class,
          Set.of("AnalysisTemplate", "ClusterAnalysisTemplate"))) {
        out.add(new AnalysisRun(d.typeMeta(), orEmpty(d.value().metadata()), d.value().spec(),
            null));
      }
    }
    return out;
  }

  /** A document of {@code file} read into {@code type}, whatever its kind. */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    List<Document<T>> docs = all(file, type, null);
    if (docs.isEmpty()) {
      throw ManifestException.invalid(file, "no YAML document");
    }
    return docs.getFirst().value();
  }

  /** YAML text parsed into {@code type}; errors name {@code origin}. */
  public static <T> T parse(String yaml, Class<T> type, Path origin) throws ManifestException {
    try {
      return YAML.readValue(yaml, type);
    } catch (JacksonException e) {
      throw located(origin, e);
    }
  }

  /** One YAML document of a file, with its kind and apiVersion. */
  record Document<T>(TypeMeta typeMeta, T value) {}

  private record Kind(String kind, String apiVersion) {}

  private static <T> Document<T> first(Path file, Class<T> type, Set<String> kinds)
      throws IOException {
    List<Document<T>> docs = all(file, type, kinds);
    if (docs.isEmpty()) {
      throw ManifestException.noDocument(file, String.join(" or ", kinds));
    }
    return docs.getFirst();
  }

  private static <T> List<Document<T>> all(Path file, Class<T> type, Set<String> kinds)
      throws IOException {
    String text = Files.readString(file);
    List<Kind> found = new ArrayList<>();
    try (MappingIterator<Kind> it = YAML.readerFor(Kind.class).readValues(text)) {
      while (it.hasNextValue()) {
        Kind k = it.nextValue();
        found.add(k == null ? new Kind("", "") : k);
      }
    } catch (JacksonException e) {
      throw located(file, e);
    }
    List<Document<T>> out = new ArrayList<>();
    try (MappingIterator<T> it = YAML.readerFor(type).readValues(text)) {
      for (int i = 0; it.hasNextValue(); i++) {
        Kind k = found.get(i);
        String kind = k.kind() == null ? "" : k.kind();
        if (kinds == null || kinds.contains(kind)) {
          out.add(new Document<>(new TypeMeta(kind, k.apiVersion()), it.nextValue()));
        } else {
          it.nextValue();
        }
      }
    } catch (JacksonException e) {
      throw located(file, e);
    }
    return out;
  }

  private static ObjectMeta orEmpty(ObjectMeta m) {
    return m != null ? m : new ObjectMeta("", "", "", "", "", "", 0, null, null, null, null,
        null, null, null, null);
  }

  static ManifestException located(Path file, JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    String what = e.getOriginalMessage();
    if (e instanceof DatabindException d && !d.getPath().isEmpty()) {
      what = "at " + path(d) + ": " + what;
    }
    return ManifestException.at(file, at == null ? -1 : at.getLineNr(),
        at == null ? -1 : at.getColumnNr(), what, e);
  }

  private static String path(DatabindException e) {
    StringBuilder b = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** {@code 3} or {@code "50%"}, as Kubernetes' {@code intstr.IntOrString} unmarshals. */
  static final class IntOrStringDeserializer extends ValueDeserializer<IntOrString> {
    @Override
    public IntOrString deserialize(JsonParser p, DeserializationContext ctxt) {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT) {
        return IntOrString.of(p.getIntValue());
      }
      if (t == JsonToken.VALUE_STRING) {
        return IntOrString.of(p.getString());
      }
      return (IntOrString) ctxt.handleUnexpectedToken(IntOrString.class, p);
    }
  }

  static final class IntOrStringSerializer extends ValueSerializer<IntOrString> {
    @Override
    public void serialize(IntOrString value, JsonGenerator gen, SerializationContext ctxt) {
      if (value.isInt()) {
        gen.writeNumber(value.intVal());
      } else {
        gen.writeString(value.strVal());
      }
    }
  }

  /** Any YAML value kept as its JSON text, as Go's {@code json.RawMessage}. */
  static final class RawJsonDeserializer extends ValueDeserializer<RawJson> {
    @Override
    public RawJson deserialize(JsonParser p, DeserializationContext ctxt) {
      JsonNode node = ctxt.readTree(p);
      return RawJson.of(PLAIN_JSON.writeValueAsString(node));
    }
  }

  static final class RawJsonSerializer extends ValueSerializer<RawJson> {
    @Override
    public void serialize(RawJson value, JsonGenerator gen, SerializationContext ctxt) {
      gen.writeRawValue(value.json().isBlank() ? "null" : value.json());
    }
  }

  /**
   * A resource quantity ({@code 500m}, {@code 1Gi}): only its format crosses the plugin wire
   * ({@code spec/argo-rollouts.md} §9), so that is all that is kept.
   */
  static final class QuantityDeserializer extends ValueDeserializer<Quantity> {
    @Override
    public Quantity deserialize(JsonParser p, DeserializationContext ctxt) {
      String text = p.currentToken().isScalarValue() ? p.getString() : "";
      if (!p.currentToken().isScalarValue()) {
        ctxt.readTree(p);
      }
      String format = text.endsWith("i") ? "BinarySI"
          : text.matches(".*[0-9][eE][-+]?[0-9]+") ? "DecimalExponent" : "DecimalSI";
      return new Quantity(format);
    }
  }
}
