package dev.rollouts.sdk.host;

import dev.rollouts.sdk.gob.GobInterface;
import dev.rollouts.sdk.model.ArgoGobNames;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.netrpc.RpcClient;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;

/**
 * How Argo's Go clients call a plugin: every argument as a Go interface value under the name Argo
 * registers its type with (a nil interface for none), and every transport or net/rpc failure
 * folded into the reply as {@code "<Method> rpc call error: <error>"}
 * ({@code spec/argo-rollouts.md} §2, §4).
 */
final class ArgoClientCalls {
  private static final Map<Class<?>, String> NAMES = new HashMap<>();

  static {
    ArgoGobNames.BY_NAME.forEach((name, type) -> NAMES.put(type, name));
  }

  private ArgoClientCalls() {}

  /** A failed call: the text Argo's client puts into its synthetic result. */
  record Failure(String text) {}

  /**
   * Calls {@code Plugin.<method>} with {@code argument} (a registered args record, or null for
   * Go's {@code new(any)}); returns the reply, or a {@link Failure}.
   */
  static Object call(RpcClient client, String method, Object argument, Type replyType) {
    Object wireArgument = null;
    if (argument != null) {
      String name = NAMES.get(argument.getClass());
      if (name == null) {
        throw new IllegalArgumentException(argument.getClass() + " is not an Argo rpc argument");
      }
      wireArgument = new GobInterface(name, argument);
    }
    try {
      return client.call("Plugin." + method, wireArgument, Object.class, replyType);
    } catch (IOException e) {
      return new Failure(method + " rpc call error: " + e.getMessage());
    }
  }

  static RpcError initPlugin(RpcClient client) {
    return rpcError(call(client, "InitPlugin", null, RpcError.class));
  }

  static RpcError rpcError(Object reply) {
    return reply instanceof Failure f ? new RpcError(f.text()) : (RpcError) reply;
  }
}
