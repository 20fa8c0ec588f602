package dev.rollouts.sdk.gob;

/**
 * A Java type that travels as a gob byte slice ({@code []byte}, type id 5), such as Go's
 * {@code json.RawMessage}.
 *
 * <p>The implementing class must also declare {@code public static X fromGobBytes(byte[] bytes)},
 * which the decoder calls with a fresh array it does not keep. An empty byte array is omitted
 * from structs like any empty Go slice.
 *
 * <pre>{@code
 * record RawJson(byte[] json) implements GobBytesValue {
 *   public byte[] toGobBytes() { return json; }
 *   public static RawJson fromGobBytes(byte[] bytes) { return new RawJson(bytes); }
 * }
 * }</pre>
 */
public interface GobBytesValue {
  /** The bytes to send; the encoder does not modify or keep the array. */
  byte[] toGobBytes();
}
