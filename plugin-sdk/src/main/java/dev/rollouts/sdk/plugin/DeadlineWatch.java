package dev.rollouts.sdk.plugin;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the deadlines of the calls of one {@link CallGuard} that run on their callers' own
 * threads, with one virtual thread and no work per call beyond a queue insert and removal.
 *
 * <p>All calls of a guard have the same deadline, so the order in which they start is the order
 * in which they fall due: the queue's head is always the next one due, and a call that starts
 * later never needs to wake the watcher. When the queue is empty the watcher sleeps one deadline
 * (a call starting meanwhile falls due after that) and ends if it is still empty; the next call
 * starts it again.
 *
 * <p>Thread-safe. {@code inFlight} is a concurrent queue; {@code watching} says whether a watcher
 * thread is responsible for the queue; each {@link Ticket}'s state moves forward only, by CAS.
 */
final class DeadlineWatch {
  // A ticket's states: RUNNING, then FINISHED (in time), or EXPIRING (the deadline's reply is
  // being sent) and then either LATE (the call returned meanwhile: no interrupt) or INTERRUPTING
  // and EXPIRED (the call's thread was interrupted).
  private static final int RUNNING = 0;
  private static final int FINISHED = 1;
  private static final int EXPIRING = 2;
  private static final int LATE = 3;
  private static final int INTERRUPTING = 4;
  private static final int EXPIRED = 5;

  private final long deadlineNanos;
  private final ConcurrentLinkedQueue<Ticket> inFlight = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean watching = new AtomicBoolean();

  DeadlineWatch(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** One call being watched; {@code onExpiry} runs on a fresh virtual thread if it expires. */
  final class Ticket {
    private final Thread caller = Thread.currentThread();
    private final long due = System.nanoTime() + deadlineNanos;
    private final Runnable onExpiry;
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private Ticket(Runnable onExpiry) {
      this.onExpiry = onExpiry;
    }

    /**
     * Ends the watch, on the calling thread once the call's body returned: true if it finished
     * in time; false if its deadline passed, in which case any interrupt the deadline sent has
     * been cleared and none will follow.
     */
    boolean finish() {
      if (state.compareAndSet(RUNNING, FINISHED)) {
        inFlight.remove(this);
        return true;
      }
      if (state.compareAndSet(EXPIRING, LATE)) {
        return false;
      }
      while (state.get() != EXPIRED) {
        Thread.onSpinWait(); // between the deadline's CAS and its interrupt: a few instructions
      }
      Thread.interrupted();
      return false;
    }

    /** Sends the deadline's reply first, then interrupts the call unless it returned meanwhile. */
    private void expire() {
      if (!state.compareAndSet(RUNNING, EXPIRING)) {
        return;
      }
      Thread.ofVirtual().name("plugin-call-deadline").start(() -> {
        try {
          onExpiry.run();
        } finally {
          if (state.compareAndSet(EXPIRING, INTERRUPTING)) {
            caller.interrupt();
            state.set(EXPIRED);
          }
        }
      });
    }
  }

  /** Starts watching a call running on the current thread. */
  Ticket start(Runnable onExpiry) {
    Ticket ticket = new Ticket(onExpiry);
    inFlight.offer(ticket);
    if (!watching.get() && watching.compareAndSet(false, true)) {
      Thread.ofVirtual().name("plugin-call-deadlines").start(this::watch);
    }
    return ticket;
  }

  private void watch() {
    while (true) {
      Ticket head = inFlight.peek();
      if (head == null) {
        LockSupport.parkNanos(deadlineNanos);
        if (inFlight.isEmpty()) {
          watching.set(false);
          // a call may have started between the check and the reset, and found us watching
          if (inFlight.isEmpty() || !watching.compareAndSet(false, true)) {
            return;
          }
        }
        continue;
      }
      long wait = head.due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      inFlight.remove(head);
      head.expire();
    }
  }
}
