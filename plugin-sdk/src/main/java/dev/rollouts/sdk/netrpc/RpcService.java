package dev.rollouts.sdk.netrpc;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of net/rpc methods, the Java counterpart of a Go receiver registered with
 * {@code rpc.RegisterName}.
 *
 * <pre>{@code
 * RpcService control = RpcService.builder("Control")
 *     .method("Ping", Boolean.class, EmptyStruct.class, (ctx, arg) -> EmptyStruct.INSTANCE)
 *     .build();
 * }</pre>
 *
 * <p>Immutable once built; handlers are called concurrently.
 */
public final class RpcService {
  /** One method's handler: decoded argument in, reply value out; a thrown exception becomes an error reply. */
  @FunctionalInterface
  public interface Handler<A, R> {
    R handle(CallContext context, A argument) throws Exception;
  }

  /** A method: the Java type its argument decodes into, the declared reply type, the handler. */
  public record Method(String name, Type argumentType, Type replyType, Handler<Object, Object> handler) {}

  private final String name;
  private final Map<String, Method> methods;

  private RpcService(String name, Map<String, Method> methods) {
    this.name = name;
    this.methods = Map.copyOf(methods);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  Method method(String methodName) {
    return methods.get(methodName);
  }

  /** Builds an {@link RpcService}. */
  public static final class Builder {
    private final String name;
    private final Map<String, Method> methods = new LinkedHashMap<>();

    private Builder(String name) {
      if (name.isEmpty() || name.contains(".")) {
        throw new IllegalArgumentException("service name must be non-empty without '.': " + name);
      }
      this.name = name;
    }

    /**
     * Adds a method. {@code argumentType} is what the body decodes into ({@code Object.class} for
     * Go's {@code any}); {@code replyType} is the declared type the reply is encoded as.
     */
    @SuppressWarnings("unchecked")
    public <A, R> Builder method(String methodName, Type argumentType, Type replyType,
        Handler<A, R> handler) {
      Objects.requireNonNull(handler, "handler");
      if (methods.putIfAbsent(methodName, new Method(methodName, argumentType, replyType,
          (Handler<Object, Object>) handler)) != null) {
        throw new IllegalArgumentException("duplicate method " + name + "." + methodName);
      }
      return this;
    }

    public RpcService build() {
      return new RpcService(name, methods);
    }
  }
}
