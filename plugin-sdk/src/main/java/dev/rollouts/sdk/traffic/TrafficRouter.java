package dev.rollouts.sdk.traffic;

import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.SetHeaderRoute;
import dev.rollouts.sdk.model.SetMirrorRoute;
import dev.rollouts.sdk.model.WeightDestination;
import java.util.List;

/**
 * A traffic router plugin: the Java form of Argo Rollouts' {@code RpcTrafficRoutingReconciler}.
 * Only {@link #setWeight} is required.
 *
 * <pre>{@code
 * public final class FileRouter implements TrafficRouter {
 *   @Override
 *   public void setWeight(Rollout rollout, int weight, List<WeightDestination> additional)
 *       throws IOException {
 *     Files.writeString(Path.of("/tmp/weight"), Integer.toString(weight));
 *   }
 * }
 * }</pre>
 *
 * <p>Throwing from a method reports the failure to the controller as an {@code RpcError} with the
 * exception's message, which the controller shows as {@code failed to set weight via plugin: ...}
 * and retries on its next reconcile. Methods are called concurrently, each under the SDK's
 * per-call deadline.
 */
public interface TrafficRouter {
  /** {@code InitPlugin}: called once per process before any other method; throw to fail it. */
  default void init() throws Exception {}

  /** {@code UpdateHash}: new canary/stable pod-template hashes. Default: nothing to do. */
  default void updateHash(Rollout rollout, String canaryHash, String stableHash,
      List<WeightDestination> additionalDestinations) throws Exception {}

  /** {@code SetWeight}: route {@code desiredWeight} percent (of the max weight) to the canary. */
  void setWeight(Rollout rollout, int desiredWeight, List<WeightDestination> additionalDestinations)
      throws Exception;

  /**
   * {@code SetHeaderRoute}: a {@code setHeaderRoute} step. Default: unsupported, which the
   * controller reports on the Rollout.
   */
  default void setHeaderRoute(Rollout rollout, SetHeaderRoute headerRoute) throws Exception {
    throw new UnsupportedOperationException(type() + " does not support setHeaderRoute steps");
  }

  /** {@code SetMirrorRoute}: a {@code setMirrorRoute} step. Default: unsupported. */
  default void setMirrorRoute(Rollout rollout, SetMirrorRoute mirrorRoute) throws Exception {
    throw new UnsupportedOperationException(type() + " does not support setMirrorRoute steps");
  }

  /**
   * {@code VerifyWeight}: whether the router really sends {@code desiredWeight} to the canary.
   * Default: {@link Verification#NOT_IMPLEMENTED}, which the controller treats as verified.
   */
  default Verification verifyWeight(Rollout rollout, int desiredWeight,
      List<WeightDestination> additionalDestinations) throws Exception {
    return Verification.NOT_IMPLEMENTED;
  }

  /** {@code RemoveManagedRoutes}: drop routes made for header/mirror steps. Default: nothing. */
  default void removeManagedRoutes(Rollout rollout) throws Exception {}

  /** {@code Type}: the router type shown in logs. Default: the class's simple name. */
  default String type() {
    return getClass().getSimpleName();
  }
}
