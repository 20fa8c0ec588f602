package dev.rollouts.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.plugin.CallGuard.CallResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CallGuardTest {
  private final CallGuard guard =
      new CallGuard("TestPlugin", new CallPolicy(Duration.ofMillis(300)));

  @Test
  void aReturnedValueComesBack() {
    assertThat(guard.call("Run", Map.of(), () -> "ok"))
        .isEqualTo(new CallResult.Returned<>("ok"));
  }

  @Test
  void anExceptionBecomesItsMessageAndTheCauseIsKept() {
    IllegalStateException boom = new IllegalStateException("backend refused the query");
    CallResult<Object> r = guard.call("Run", Map.of(), () -> {
      throw boom;
    });
    assertThat(r).isEqualTo(new CallResult.Failed<>("backend refused the query", boom));
  }

  @Test
  void anExceptionWithoutMessageIsNamedByItsType() {
    CallResult<Object> r = guard.call("Run", Map.of(), () -> {
      throw new NullPointerException();
    });
    assertThat(((CallResult.Failed<Object>) r).message()).isEqualTo("NullPointerException");
  }

  @Test
  void aHungCallIsAnsweredAtTheDeadlineAndInterrupted() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    CallResult<Object> r = guard.call("Run", Map.of(), () -> {
      try {
        Thread.sleep(Duration.ofMinutes(10));
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return "too late";
    });
    assertThat(r).isInstanceOfSatisfying(CallResult.Failed.class, f -> assertThat(f.message())
        .isEqualTo("Run did not finish within its deadline of 300ms (plugin TestPlugin);"
            + " the call was interrupted"));
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theLogContextIsSetOnTheCallsThreadOnly() {
    AtomicReference<String> seen = new AtomicReference<>();
    guard.call("Run", Map.of("rollout", "checkout"), () -> {
      seen.set(MDC.get("rollout") + "/" + MDC.get("method"));
      return null;
    });
    assertThat(seen.get()).isEqualTo("checkout/Run");
    assertThat(MDC.get("rollout")).isNull();
  }

  @Test
  void onTheCallersThreadAReturnedValueIsMappedToTheReplyAndNothingIsSentEarly() {
    List<Object> early = new CopyOnWriteArrayList<>();
    Thread caller = Thread.currentThread();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    String reply = guard.call("Type", Map.of(), () -> {
      ranOn.set(Thread.currentThread());
      return "SystemLoad";
    }, r -> r instanceof CallResult.Returned<String> v ? "type " + v.value() : "failed",
        early::add);
    assertThat(reply).isEqualTo("type SystemLoad");
    assertThat(ranOn.get()).isSameAs(caller);
    assertThat(early).isEmpty();
  }

  @Test
  void onTheCallersThreadAHungCallIsAnsweredAtTheDeadlineThenInterruptedAndItsResultDropped()
      throws InterruptedException {
    BlockingQueue<String> early = new LinkedBlockingQueue<>();
    CountDownLatch interrupted = new CountDownLatch(1);
    String late = guard.call("Run", Map.of(), () -> {
      try {
        Thread.sleep(Duration.ofMinutes(10));
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return "too late";
    }, r -> switch (r) {
      case CallResult.Returned<String> v -> v.value();
      case CallResult.Failed<String> f -> "error: " + f.message();
    }, early::add);
    assertThat(early.poll(10, TimeUnit.SECONDS)).isEqualTo("error: Run did not finish within its"
        + " deadline of 300ms (plugin TestPlugin); the call was interrupted");
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(late).isEqualTo("too late"); // what the caller's sender must drop
    assertThat(Thread.currentThread().isInterrupted()).isFalse(); // the interrupt does not leak
    String again = guard.call("Type", Map.of(), () -> "again",
        r -> r instanceof CallResult.Returned<String> v ? v.value() : "failed", early::add);
    assertThat(again).isEqualTo("again");
  }

  @Test
  void onTheCallersThreadAnExceptionIsMappedAndTheLogContextRemoved() {
    MDC.put("outer", "kept");
    try {
      String reply = guard.call("Run", Map.of("rollout", "checkout"), () -> {
        throw new IllegalStateException("backend refused the query " + MDC.get("rollout"));
      }, r -> r instanceof CallResult.Failed<Object> f ? f.message() : "returned", x -> { });
      assertThat(reply).isEqualTo("backend refused the query checkout");
      assertThat(MDC.get("rollout")).isNull();
      assertThat(MDC.get("method")).isNull();
      assertThat(MDC.get("outer")).isEqualTo("kept");
    } finally {
      MDC.clear();
    }
  }
}
