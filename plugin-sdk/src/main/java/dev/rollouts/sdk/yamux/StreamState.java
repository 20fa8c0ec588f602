package dev.rollouts.sdk.yamux;

/**
 * The life of one yamux stream, as in hashicorp/yamux {@code stream.go} ({@code spec/yamux.md}
 * §3).
 *
 * <pre>
 *  open():   INIT --send SYN--> SYN_SENT --recv ACK--> ESTABLISHED
 *  peer SYN: SYN_RECEIVED --accept() sends ACK--> ESTABLISHED
 *  close():  SYN_SENT | SYN_RECEIVED | ESTABLISHED --send FIN--> LOCAL_CLOSE --recv FIN--> CLOSED
 *  recv FIN: SYN_SENT | SYN_RECEIVED | ESTABLISHED --> REMOTE_CLOSE --close()--> CLOSED
 *  RST either way: any --> RESET
 * </pre>
 */
enum StreamState {
  INIT,
  SYN_SENT,
  SYN_RECEIVED,
  ESTABLISHED,
  LOCAL_CLOSE,
  REMOTE_CLOSE,
  CLOSED,
  RESET;

  /** Whether this side may still send FIN from this state (it has not sent one). */
  boolean mayStillClose() {
    return this == INIT || this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED
        || this == REMOTE_CLOSE;
  }

  /** Whether the peer has sent FIN: reads end after the buffered bytes. */
  boolean peerFinished() {
    return this == REMOTE_CLOSE || this == CLOSED;
  }
}
