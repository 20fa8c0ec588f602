package dev.rollouts.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouts.sdk.model.RawJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginConfigTest {
  record Threshold(String name, double max) {}

  record Config(String address, int timeout, List<Threshold> thresholds) {}

  @Test
  void readsJsonIntoTheRecordIgnoringUnknownFields() {
    Config c = PluginConfig.read(RawJson.of("""
        {"address":"http://prom:9090","timeout":5,"newerField":true,
         "thresholds":[{"name":"p99","max":0.5}]}"""), Config.class, "plugin \"acme/x\"");
    assertThat(c).isEqualTo(new Config("http://prom:9090", 5, List.of(new Threshold("p99", 0.5))));
  }

  @Test
  void aValueOfTheWrongTypeNamesThePluginAndThePath() {
    assertThatThrownBy(() -> PluginConfig.read(RawJson.of(
        "{\"thresholds\":[{\"name\":\"p99\",\"max\":\"high\"}]}"), Config.class, "plugin \"acme/x\""))
        .isInstanceOf(PluginConfigException.class)
        .hasMessageStartingWith("invalid configuration for plugin \"acme/x\" at $.thresholds[0].max:");
  }

  @Test
  void malformedOrMissingJsonIsAClearError() {
    assertThatThrownBy(() -> PluginConfig.read(RawJson.of("{\"address\":"), Config.class, "p"))
        .isInstanceOf(PluginConfigException.class)
        .hasMessageStartingWith("configuration for p is not valid JSON");
    assertThatThrownBy(() -> PluginConfig.read(null, Config.class, "p"))
        .isInstanceOf(PluginConfigException.class)
        .hasMessage("no configuration for p");
  }

  @Test
  void picksTheNamedOrTheOnlyPluginEntry() {
    RawJson a = RawJson.of("{}");
    RawJson b = RawJson.of("[]");
    assertThat(PluginConfig.entry(Map.of("acme/a", a), null, "metric m")).isSameAs(a);
    assertThat(PluginConfig.entry(Map.of("acme/a", a, "acme/b", b), "acme/b", "metric m")).isSameAs(b);
    assertThatThrownBy(() -> PluginConfig.entry(Map.of("acme/a", a, "acme/b", b), null, "metric m"))
        .hasMessageContaining("several plugins configured in metric m");
    assertThatThrownBy(() -> PluginConfig.entry(Map.of("acme/a", a), "acme/z", "metric m"))
        .hasMessage("no configuration for plugin \"acme/z\" in metric m (configured: [acme/a])");
    assertThatThrownBy(() -> PluginConfig.entry(null, null, "metric m"))
        .hasMessage("no plugin configuration in metric m");
  }

  enum Mode { FAST, SLOW }

  record Flat(String address, Double max, Mode mode, Threshold threshold) {}

  @Test
  void theSameTextReadAgainIntoAnUnchangeableRecordIsTheValueReadBefore() {
    String json = "{\"address\":\"a\",\"max\":2.5,\"mode\":\"FAST\",\"threshold\":{\"name\":\"p\",\"max\":1}}";
    Flat first = PluginConfig.read(RawJson.of(json), Flat.class, "x");
    assertThat(PluginConfig.read(RawJson.of(new String(json)), Flat.class, "x")).isSameAs(first);
    assertThat(PluginConfig.read(RawJson.of(json.replace("2.5", "3")), Flat.class, "x").max())
        .isEqualTo(3.0);
  }

  @Test
  void aRecordHoldingAListIsReadAfreshEveryTimeSoNoCallerSeesAnothersChanges() {
    String json = "{\"address\":\"a\",\"thresholds\":[]}";
    Config first = PluginConfig.read(RawJson.of(json), Config.class, "x");
    assertThat(PluginConfig.read(RawJson.of(json), Config.class, "x")).isNotSameAs(first)
        .isEqualTo(first);
  }

  @Test
  void onlyTheLatestTextsAreKeptPerType() {
    String text = "{\"address\":\"first\"}";
    Flat first = PluginConfig.read(RawJson.of(text), Flat.class, "x");
    for (int i = 0; i < ParsedConfigs.PER_TYPE; i++) {
      PluginConfig.read(RawJson.of("{\"address\":\"other " + i + "\"}"), Flat.class, "x");
    }
    assertThat(PluginConfig.read(RawJson.of(text), Flat.class, "x")).isNotSameAs(first)
        .isEqualTo(first);
  }
}
