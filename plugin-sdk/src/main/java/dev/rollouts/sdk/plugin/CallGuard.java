package dev.rollouts.sdk.plugin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one plugin method under the SDK's {@link CallPolicy}: with the object names in the log
 * context, within the deadline; an exception or a missed deadline comes back as a
 * {@link CallResult.Failed} with a message fit for the wire, the stack trace going only to the
 * stderr log. The plugin process survives whatever the plugin code does.
 *
 * <p>The skeletons use {@link #call(String, Map, Callable, Function, Consumer)}: the method runs
 * on the call's own thread (no hand-off to another thread and back, the largest per-call cost
 * after decoding), and at the deadline the failure reply is sent from elsewhere while the call's
 * thread is interrupted and its late result dropped. {@link #call(String, Map, Callable)} runs the
 * method on a fresh virtual thread and waits for it, for callers that need the result in hand.
 *
 * <p>Thread-safe; one instance serves all calls of a plugin.
 */
public final class CallGuard {
  private static final Logger log = LoggerFactory.getLogger("plugin");
  private static final ExecutorService WORKERS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("plugin-call-", 0).factory());

  private final String pluginName;
  private final CallPolicy policy;
  private final DeadlineWatch deadlines;

  public CallGuard(String pluginName, CallPolicy policy) {
    this.pluginName = pluginName;
    this.policy = policy;
    this.deadlines = new DeadlineWatch(policy.deadline().toNanos());
  }

  public CallPolicy policy() {
    return policy;
  }

  /** The outcome of a guarded call. */
  public sealed interface CallResult<T> {
    /** The method returned a value. */
    record Returned<T>(T value) implements CallResult<T> {}

    /** The method threw, or missed its deadline; {@code message} is what goes on the wire. */
    record Failed<T>(String message, Throwable cause) implements CallResult<T> {}
  }

  /**
   * Runs {@code body} as method {@code method} on the current thread and returns its reply,
   * {@code reply} applied to the outcome. If the deadline passes first, the current thread is
   * interrupted and {@code sendAtDeadline} is given, on another thread, the reply to a missed
   * deadline; the reply computed when {@code body} finally returns is then still returned, and the
   * caller's sender must drop it (net/rpc's {@code CallContext.replyNow} does).
   *
   * <pre>{@code
   * (CallContext c, Object arg) -> guard.call("Type", Map.of(), provider::type,
   *     r -> r instanceof CallResult.Returned<String> v ? v.value() : "", c::replyNow)
   * }</pre>
   *
   * @param logContext key/values put in the MDC of the call's thread (rollout, namespace, ...)
   *     and removed afterwards
   */
  public <T, R> R call(String method, Map<String, String> logContext, Callable<T> body,
      Function<CallResult<T>, R> reply, Consumer<? super R> sendAtDeadline) {
    DeadlineWatch.Ticket ticket = deadlines.start(() -> {
      String message = missedDeadline(method);
      log.atError().addKeyValue("method", method).log(message);
      sendAtDeadline.accept(reply.apply(new CallResult.Failed<>(message,
          new TimeoutException(message))));
    });
    logContext.forEach(MDC::put);
    MDC.put("method", method);
    CallResult<T> result;
    try {
      result = new CallResult.Returned<>(body.call());
    } catch (Throwable t) {
      result = failed(method, t);
    } finally {
      for (String key : logContext.keySet()) {
        MDC.remove(key);
      }
      MDC.remove("method");
    }
    if (!ticket.finish()) {
      log.atWarn().addKeyValue("method", method)
          .log("{} returned after its deadline; its result is dropped", method);
    }
    return reply.apply(result);
  }

  /**
   * Runs {@code body} as method {@code method} on a fresh virtual thread and waits for it, at most
   * the deadline.
   *
   * @param logContext key/values put in the MDC of the call's thread (rollout, namespace, ...)
   */
  public <T> CallResult<T> call(String method, Map<String, String> logContext, Callable<T> body) {
    Future<T> future = WORKERS.submit(() -> {
      logContext.forEach(MDC::put);
      MDC.put("method", method);
      try {
        return body.call();
      } finally {
        MDC.clear();
      }
    });
    Duration deadline = policy.deadline();
    try {
      return new CallResult.Returned<>(future.get(deadline.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      future.cancel(true);
      String message = missedDeadline(method);
      log.atError().addKeyValue("method", method).log(message);
      return new CallResult.Failed<>(message, e);
    } catch (ExecutionException e) {
      return failed(method, e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new CallResult.Failed<>(method + " was interrupted: the plugin is shutting down", e);
    }
  }

  private String missedDeadline(String method) {
    return method + " did not finish within its deadline of " + format(policy.deadline())
        + " (plugin " + pluginName + "); the call was interrupted";
  }

  private static <T> CallResult<T> failed(String method, Throwable cause) {
    log.atError().addKeyValue("method", method).setCause(cause)
        .log("{} failed: {}", method, cause.toString());
    return new CallResult.Failed<>(messageOf(cause), cause);
  }

  /** The text a failure shows on the wire: the exception's message, else its type. */
  public static String messageOf(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
