package dev.rollouts.sdk.gob;

/**
 * Go's {@code struct{}}: the unnamed struct without fields that net/rpc sends as the body of
 * error replies and as the result of {@code Control.Ping}.
 *
 * <p>Encodes as a definition {@code 03 01 02 <id> 00 00 00} and the value {@code <id> 00}; any
 * struct decodes into it.
 */
@GoName("")
public record EmptyStruct() {
  /** The one value worth having. */
  public static final EmptyStruct INSTANCE = new EmptyStruct();
}
