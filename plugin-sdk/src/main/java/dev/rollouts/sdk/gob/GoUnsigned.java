package dev.rollouts.sdk.gob;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an integer record component (and the integers inside its lists and maps) as a Go
 * unsigned integer, gob type id 3.
 *
 * <p>Go's decoder does not mix signed and unsigned ({@code spec/gob.md} §9), so a Go
 * {@code uint64} field such as {@code rpc.Response.Seq} must be declared with this annotation. A
 * {@code long} carries all 64 bits (values above {@code Long.MAX_VALUE} read as negative, use
 * {@link Long#toUnsignedString(long)}); an {@code int}, {@code short} or {@code byte} likewise
 * carries the bits of a Go {@code uint32}, {@code uint16} or {@code uint8} (read it with
 * {@link Integer#toUnsignedLong(int)}), and a larger value fails as out of range.
 *
 * <pre>{@code
 * record Response(String serviceMethod, @GoUnsigned long seq, String error) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface GoUnsigned {}
