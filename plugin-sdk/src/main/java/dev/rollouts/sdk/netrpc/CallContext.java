package dev.rollouts.sdk.netrpc;

import java.util.ArrayList;
import java.util.List;

/**
 * What a method handler knows about the call it serves: its name and sequence number, and a
 * hook for work that must wait until the reply has been written (e.g. exiting after
 * {@code Control.Quit}).
 *
 * <p>Confined to the call: used by one handler thread, then by the server after the reply.
 */
public final class CallContext {
  private final String serviceMethod;
  private final long seq;
  private final List<Runnable> afterReply = new ArrayList<>(0);

  CallContext(String serviceMethod, long seq) {
    this.serviceMethod = serviceMethod;
    this.seq = seq;
  }

  public String serviceMethod() {
    return serviceMethod;
  }

  public long seq() {
    return seq;
  }

  /** Runs {@code action} once the reply to this call has been written (or failed to be). */
  public void afterReply(Runnable action) {
    afterReply.add(action);
  }

  void replied() {
    for (Runnable r : afterReply) {
      r.run();
    }
  }
}
