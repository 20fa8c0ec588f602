package dev.rollouts.kit;

import dev.rollouts.sdk.host.PluginKind;
import java.nio.file.Path;
import java.util.List;

/**
 * One plugin as the controller would run it: its ConfigMap name, kind, the executable and the
 * ConfigMap's {@code args}.
 */
public record PluginSpec(String name, PluginKind kind, Path executable, List<String> args) {
  public PluginSpec {
    args = List.copyOf(args);
  }
}
