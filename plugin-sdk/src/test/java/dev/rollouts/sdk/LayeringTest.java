package dev.rollouts.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each package of the SDK uses only the layers below it (docs/ARCHITECTURE.md): the import lines
 * of the main sources are the evidence.
 */
class LayeringTest {
  private static final String ROOT = "dev.rollouts.sdk";
  /** Package (relative to the root, "" = root) to the SDK packages it may import. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("gob", Set.of()),
      Map.entry("yamux", Set.of()),
      Map.entry("netrpc", Set.of("gob")),
      Map.entry("goplugin", Set.of("gob", "yamux", "netrpc")),
      Map.entry("model", Set.of("gob")),
      Map.entry("plugin", Set.of("gob", "model")),
      Map.entry("metric", Set.of("gob", "netrpc", "goplugin", "model", "plugin")),
      Map.entry("traffic", Set.of("gob", "netrpc", "goplugin", "model", "plugin")),
      Map.entry("step", Set.of("gob", "netrpc", "goplugin", "model", "plugin")),
      Map.entry("host", Set.of("gob", "netrpc", "goplugin", "model", "plugin", "metric",
          "traffic", "step")),
      Map.entry("", Set.of("gob", "netrpc", "goplugin", "model", "plugin", "metric", "traffic",
          "step")));
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?dev\\.rollouts\\.sdk\\.(\\w+)", Pattern.MULTILINE);

  @Test
  void everyPackageImportsOnlyTheLayersBelowIt() throws IOException {
    Path main = Path.of("src/main/java/dev/rollouts/sdk");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path rel = main.relativize(file.getParent());
        String pkg = rel.toString().replace('/', '.');
        String layer = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
        assertThat(ALLOWED).as("layer of %s is listed", file).containsKey(layer);
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String used = Character.isUpperCase(m.group(1).charAt(0)) ? "" : m.group(1);
          if (!used.equals(layer) && !ALLOWED.get(layer).contains(used)) {
            violations.add(file + " imports " + ROOT + "." + used);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
