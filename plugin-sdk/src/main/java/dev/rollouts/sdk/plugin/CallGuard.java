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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one plugin method under the SDK's {@link CallPolicy}: on a fresh virtual thread, with the
 * object names in the log context, within the deadline; an exception or a missed deadline comes
 * back as a {@link CallResult.Failed} with a message fit for the wire, the stack trace going only
 * to the stderr log. The plugin process survives whatever the plugin code does.
 *
 * <p>Thread-safe; one instance serves all calls of a plugin.
 */
public final class CallGuard {
  private static final Logger log = LoggerFactory.getLogger("plugin");
  private static final ExecutorService WORKERS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("plugin-call-", 0).factory());

  private final String pluginName;
  private final CallPolicy policy;

  public CallGuard(String pluginName, CallPolicy policy) {
    this.pluginName = pluginName;
    this.policy = policy;
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
   * Runs {@code body} as method {@code method}.
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
      String message = method + " did not finish within its deadline of " + format(deadline)
          + " (plugin " + pluginName + "); the call was interrupted";
      log.atError().addKeyValue("method", method).log(message);
      return new CallResult.Failed<>(message, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      log.atError().addKeyValue("method", method).setCause(cause)
          .log("{} failed: {}", method, cause.toString());
      return new CallResult.Failed<>(messageOf(cause), cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new CallResult.Failed<>(method + " was interrupted: the plugin is shutting down", e);
    }
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
