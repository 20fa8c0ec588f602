package dev.rollouts.sdk.netrpc;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a method handler knows about the call it serves: its name and sequence number, a way to
 * reply before the handler returns ({@link #replyNow}, e.g. at a deadline), and a hook for work
 * that must wait until the reply has been written (e.g. exiting after {@code Control.Quit}).
 *
 * <p>A call is answered once: whichever of {@link #replyNow} and the handler's return comes
 * first is sent, the other dropped ({@code replied} decides, by CAS). {@code afterReply} is
 * confined to the handler's thread until the reply is claimed.
 */
public final class CallContext {
  private final String serviceMethod;
  private final long seq;
  private final RpcServer.Replier replier;
  private final Type replyType;
  private final AtomicBoolean replied = new AtomicBoolean();
  private final List<Runnable> afterReply = new ArrayList<>(0);

  CallContext(String serviceMethod, long seq, RpcServer.Replier replier, Type replyType) {
    this.serviceMethod = serviceMethod;
    this.seq = seq;
    this.replier = replier;
    this.replyType = replyType;
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

  /**
   * Sends {@code reply} as this call's reply now, from any thread, unless the call was answered
   * already; the value its handler returns later is then dropped. Blocks while the reply is
   * written.
   *
   * @return true if this reply was sent, false if the call had been answered
   */
  public boolean replyNow(Object reply) {
    if (!claimReply()) {
      return false;
    }
    replier.reply(this, reply, replyType);
    return true;
  }

  /** Claims the one reply of this call: true for the first caller only. */
  boolean claimReply() {
    return replied.compareAndSet(false, true);
  }

  void replied() {
    for (Runnable r : afterReply) {
      r.run();
    }
  }
}
