package dev.rollouts.sdk.plugin;

import dev.rollouts.sdk.gob.InterfaceRegistry;
import dev.rollouts.sdk.model.ArgoGobNames;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.plugin.CallGuard.CallResult;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/** Conventions shared by the three kinds' net/rpc skeletons, as Argo's Go servers have them. */
public final class ArgoCalls {
  /** The declared type {@code map[string]string}. */
  public static final Type STRING_MAP = new ParameterizedType() {
    @Override public Type[] getActualTypeArguments() { return new Type[] {String.class, String.class}; }
    @Override public Type getRawType() { return Map.class; }
    @Override public Type getOwnerType() { return null; }
    @Override public String toString() { return "java.util.Map<java.lang.String, java.lang.String>"; }
  };

  /** Every argument name Argo registers with gob, and the record it decodes into. */
  public static final InterfaceRegistry REGISTRY = registry();

  private ArgoCalls() {}

  private static InterfaceRegistry registry() {
    InterfaceRegistry.Builder b = InterfaceRegistry.builder();
    ArgoGobNames.BY_NAME.forEach(b::register);
    return b.build();
  }

  /**
   * The argument as the registered type the method expects.
   *
   * @throws IllegalArgumentException with Go's text {@code invalid args <value>} otherwise, which
   *     becomes a net/rpc error reply as in Argo's servers
   */
  public static <T> T expect(Object argument, Class<T> type) {
    if (type.isInstance(argument)) {
      return type.cast(argument);
    }
    throw new IllegalArgumentException("invalid args " + argument);
  }

  /** A {@code Type} call's reply: the returned name ("" for null), or the failure's message. */
  public static String typeName(CallResult<String> result) {
    return switch (result) {
      case CallResult.Returned<String> r -> r.value() == null ? "" : r.value();
      case CallResult.Failed<String> f -> f.message();
    };
  }

  /** {@code RpcError{}} for a normal return, the failure's message otherwise. */
  public static RpcError rpcError(CallResult<?> result) {
    return switch (result) {
      case CallResult.Returned<?> r -> new RpcError("");
      case CallResult.Failed<?> f -> new RpcError(f.message());
    };
  }
}
