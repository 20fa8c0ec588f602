package dev.rollouts.examples.traffic;

import dev.rollouts.sdk.Plugins;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.SetHeaderRoute;
import dev.rollouts.sdk.model.SetMirrorRoute;
import dev.rollouts.sdk.model.WeightDestination;
import dev.rollouts.sdk.plugin.PluginConfig;
import dev.rollouts.sdk.traffic.RouterConfig;
import dev.rollouts.sdk.traffic.TrafficRouter;
import dev.rollouts.sdk.traffic.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine.Option;

/**
 * A traffic router that "routes" by recording the routing state in a JSON file, so a canary can
 * be walked without a mesh or a gateway, and a test can read what the controller asked for.
 *
 * <pre>{@code
 * trafficRouting:
 *   plugins:
 *     rollouts-java/sample-router:
 *       file: /tmp/routes/my-app.json
 * }</pre>
 *
 * The file holds {@code {"canaryHash", "stableHash", "canaryWeight", "additional",
 * "headerRoutes", "mirrorRoutes"}}, replaced atomically on every change.
 */
public final class FileTrafficRouter implements TrafficRouter {
  /** The plugin's configuration in the Rollout. */
  public record Config(String file) {}

  /** What the file holds. */
  public record State(String canaryHash, String stableHash, int canaryWeight,
      List<WeightDestination> additional, Map<String, SetHeaderRoute> headerRoutes,
      Map<String, SetMirrorRoute> mirrorRoutes) {
    static State empty() {
      return new State("", "", 0, List.of(), Map.of(), Map.of());
    }
  }

  @Option(names = "--name",
      description = "the plugin's name in the ConfigMap (default: ${DEFAULT-VALUE})")
  String name = "rollouts-java/sample-router";

  private final ReentrantLock lock = new ReentrantLock();

  @Override
  public void updateHash(Rollout rollout, String canaryHash, String stableHash,
      List<WeightDestination> additional) throws IOException {
    update(rollout, s -> new State(canaryHash, stableHash, s.canaryWeight(), additional,
        s.headerRoutes(), s.mirrorRoutes()));
  }

  @Override
  public void setWeight(Rollout rollout, int desiredWeight, List<WeightDestination> additional)
      throws IOException {
    update(rollout, s -> new State(s.canaryHash(), s.stableHash(), desiredWeight, additional,
        s.headerRoutes(), s.mirrorRoutes()));
  }

  @Override
  public void setHeaderRoute(Rollout rollout, SetHeaderRoute route) throws IOException {
    update(rollout, s -> {
      Map<String, SetHeaderRoute> routes = new LinkedHashMap<>(s.headerRoutes());
      if (route.match().isEmpty()) {
        routes.remove(route.name()); // an empty match removes the route, as in Argo's routers
      } else {
        routes.put(route.name(), route);
      }
      return new State(s.canaryHash(), s.stableHash(), s.canaryWeight(), s.additional(), routes,
          s.mirrorRoutes());
    });
  }

  @Override
  public void setMirrorRoute(Rollout rollout, SetMirrorRoute route) throws IOException {
    update(rollout, s -> {
      Map<String, SetMirrorRoute> routes = new LinkedHashMap<>(s.mirrorRoutes());
      if (route.match().isEmpty()) {
        routes.remove(route.name());
      } else {
        routes.put(route.name(), route);
      }
      return new State(s.canaryHash(), s.stableHash(), s.canaryWeight(), s.additional(),
          s.headerRoutes(), routes);
    });
  }

  @Override
  public Verification verifyWeight(Rollout rollout, int desiredWeight,
      List<WeightDestination> additional) throws IOException {
    return Verification.of(read(file(rollout)).canaryWeight() == desiredWeight);
  }

  @Override
  public void removeManagedRoutes(Rollout rollout) throws IOException {
    update(rollout, s -> new State(s.canaryHash(), s.stableHash(), s.canaryWeight(),
        s.additional(), Map.of(), Map.of()));
  }

  @Override
  public String type() {
    return "FileTrafficRouter";
  }

  private Path file(Rollout rollout) {
    Config config = RouterConfig.read(rollout, name, Config.class);
    if (config.file() == null || config.file().isBlank()) {
      throw new IllegalArgumentException("configuration of " + name + " needs \"file\"");
    }
    return Path.of(config.file());
  }

  private void update(Rollout rollout, java.util.function.UnaryOperator<State> change)
      throws IOException {
    Path file = file(rollout);
    lock.lock(); // calls for one rollout may arrive concurrently; keep read-modify-write whole
    try {
      State next = change.apply(read(file));
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".routes", ".json");
      Files.writeString(tmp, PluginConfig.mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(next));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      lock.unlock();
    }
  }

  static State read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return State.empty();
    }
    State s = PluginConfig.mapper().readValue(Files.readString(file), State.class);
    return new State(s.canaryHash() == null ? "" : s.canaryHash(),
        s.stableHash() == null ? "" : s.stableHash(), s.canaryWeight(),
        s.additional() == null ? List.of() : new ArrayList<>(s.additional()),
        s.headerRoutes() == null ? Map.of() : s.headerRoutes(),
        s.mirrorRoutes() == null ? Map.of() : s.mirrorRoutes());
  }

  public static void main(String[] args) {
    System.exit(Plugins.serve(args, new FileTrafficRouter()));
  }
}
