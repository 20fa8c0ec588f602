package dev.rollouts.sdk.netrpc;

import java.io.ByteArrayOutputStream;

/**
 * The encoder's output while a reply is assembled: header and body are encoded separately, so a
 * body that fails to encode can be replaced by an error before anything reaches the wire.
 * Confined to the holder of the stream's write lock.
 */
final class CaptureStream extends ByteArrayOutputStream {
  CaptureStream() {
    super(256);
  }

  /** The bytes written since the last call, and a reset. */
  byte[] take() {
    byte[] out = toByteArray();
    reset();
    return out;
  }
}
