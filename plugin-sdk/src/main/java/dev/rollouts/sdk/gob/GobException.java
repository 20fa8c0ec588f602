package dev.rollouts.sdk.gob;

import java.io.IOException;

/**
 * A malformed, hostile or incompatible gob stream: the peer sent bytes that Go's rules
 * ({@code spec/gob.md} §8–§10) do not allow, or that cannot be mapped onto the requested Java type.
 *
 * <p>Carries the absolute byte offset in the gob stream where the problem was found and the gob
 * type id involved, where known. Every message is built by one of the static factories below so
 * that tests and callers can rely on the wording:
 *
 * <pre>{@code
 * try {
 *   decoder.decode(RpcError.class);
 * } catch (GobException e) {
 *   log.warn("peer sent bad gob at byte {}: {}", e.offset(), e.reason());
 * }
 * }</pre>
 *
 * <p>Immutable and therefore thread-safe.
 */
public final class GobException extends IOException {
  /** Value of {@link #offset()} when the position is not known. */
  public static final long UNKNOWN_OFFSET = -1;
  /** Value of {@link #typeId()} when no type id is involved. */
  public static final int UNKNOWN_TYPE_ID = 0;

  private final String reason;
  private final long offset;
  private final int typeId;

  private GobException(String reason, long offset, int typeId, Throwable cause) {
    super(describe(reason, offset, typeId), cause);
    this.reason = reason;
    this.offset = offset;
    this.typeId = typeId;
  }

  private static String describe(String reason, long offset, int typeId) {
    StringBuilder text = new StringBuilder("gob: ").append(reason);
    if (offset != UNKNOWN_OFFSET || typeId != UNKNOWN_TYPE_ID) {
      text.append(" (");
      if (offset != UNKNOWN_OFFSET) {
        text.append("at byte ").append(offset);
      }
      if (typeId != UNKNOWN_TYPE_ID) {
        text.append(offset != UNKNOWN_OFFSET ? ", " : "").append("type id ").append(typeId);
      }
      text.append(')');
    }
    return text.toString();
  }

  /** The problem in words, without the {@code gob: } prefix and the position suffix. */
  public String reason() {
    return reason;
  }

  /** Absolute byte offset in the gob stream, or {@link #UNKNOWN_OFFSET}. */
  public long offset() {
    return offset;
  }

  /** The gob type id involved, or {@link #UNKNOWN_TYPE_ID}. */
  public int typeId() {
    return typeId;
  }

  /** The same failure, now with a known offset (kept if one is already set). */
  GobException at(long newOffset) {
    if (offset != UNKNOWN_OFFSET) {
      return this;
    }
    GobException located = new GobException(reason, newOffset, typeId, getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  // ---- factories: every message text lives here -------------------------------------------

  static GobException unexpectedEof(long offset) {
    return new GobException("unexpected EOF", offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException messageTooLong(long length, int limit, long offset) {
    return new GobException(
        "invalid message length " + Long.toUnsignedString(length) + " (limit " + limit + ")",
        offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException emptyMessage(long offset) {
    return new GobException("empty message", offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException uintOutOfRange(long offset) {
    return new GobException("encoded unsigned integer out of range", offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException endOfMessage(long offset) {
    return new GobException("unexpected end of message", offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException exceedsInput(String what, long count, int remaining, long offset) {
    return new GobException(
        what + " " + Long.toUnsignedString(count) + " exceeds input size " + remaining,
        offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException tooDeep(int limit, long offset) {
    return new GobException("nesting depth exceeds " + limit, offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException nameTooLong(long length, long offset) {
    return new GobException(
        "interface name too long (" + Long.toUnsignedString(length) + " bytes)",
        offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException duplicateType(int id, long offset) {
    return new GobException("duplicate type received", offset, id, null);
  }

  static GobException reservedTypeId(long id, long offset) {
    return new GobException(
        "type definition for reserved id " + id + " (user ids start at 64)", offset,
        UNKNOWN_TYPE_ID, null);
  }

  static GobException badTypeId(long id, long offset) {
    return new GobException("type id " + id + " out of range", offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException unknownType(int id, long offset) {
    return new GobException("undefined type id", offset, id, null);
  }

  static GobException badTypeDefinition(String detail, int id, long offset) {
    return new GobException("invalid type definition: " + detail, offset, id, null);
  }

  static GobException extraData(long offset) {
    return new GobException("extra data in buffer", offset, UNKNOWN_TYPE_ID, null);
  }

  static GobException nonZeroSingletonDelta(int id, long offset) {
    return new GobException("corrupted data: non-zero delta for singleton", offset, id, null);
  }

  static GobException fieldNumberOutOfRange(long field, String struct, int fields, int id,
      long offset) {
    return new GobException(
        "field number " + field + " out of range for " + struct + " (" + fields + " fields)",
        offset, id, null);
  }

  static GobException fieldOutOfOrder(String struct, int id, long offset) {
    return new GobException(
        "struct field out of order in " + struct + " (field delta overflows)", offset, id, null);
  }

  static GobException arrayLengthMismatch(long got, int want, int id, long offset) {
    return new GobException(
        "length mismatch in decodeArray: got " + Long.toUnsignedString(got) + ", want " + want,
        offset, id, null);
  }

  static GobException wrongType(String javaType, String struct, String field, int id) {
    return new GobException(
        "wrong type (" + javaType + ") for received field " + struct + "." + field,
        UNKNOWN_OFFSET, id, null);
  }

  static GobException typeMismatch(String javaType, String wire, int id) {
    return new GobException(
        "type mismatch: cannot decode " + wire + " into " + javaType, UNKNOWN_OFFSET, id, null);
  }

  static GobException noFieldsMatched(String javaType, int id) {
    return new GobException(
        "type mismatch: no fields matched compiling decoder for " + javaType, UNKNOWN_OFFSET, id,
        null);
  }

  static GobException valueOutOfRange(String field, String value, String javaType, long offset) {
    return new GobException(
        "value for \"" + field + "\" out of range: " + value + " does not fit " + javaType, offset,
        UNKNOWN_TYPE_ID, null);
  }

  static GobException badTime(String detail) {
    return new GobException("Time.UnmarshalBinary: " + detail, UNKNOWN_OFFSET, UNKNOWN_TYPE_ID,
        null);
  }

  static GobException valueRejected(String javaType, Throwable cause) {
    return new GobException(
        "cannot construct " + javaType + ": " + cause, UNKNOWN_OFFSET, UNKNOWN_TYPE_ID, cause);
  }
}
