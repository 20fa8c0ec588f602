package dev.rollouts.sdk.gob;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Converts Go's {@code time.Time} binary form ({@code MarshalBinary}, also its gob form and the
 * form of {@code metav1.Time}) to and from {@code java.time}.
 *
 * <pre>
 * byte 0      version: 1, or 2 when the zone offset has a seconds part
 * bytes 1-8   int64 BE seconds since 0001-01-01T00:00:00Z (Unix seconds + 62135596800)
 * bytes 9-12  int32 BE nanoseconds 0..999999999
 * bytes 13-14 int16 BE zone offset in minutes east of UTC; -1 (ff ff) means "location UTC"
 * byte 15     (version 2 only) seconds part of the offset
 * </pre>
 *
 * (spec {@code time.md} §2.) The zero Go time is the instant 0001-01-01T00:00:00Z, not null.
 *
 * <pre>{@code
 * Instant started = GoTime.toInstant(bytes);
 * byte[] wire = GoTime.toBytes(Instant.parse("2024-01-02T03:04:05.000000006Z"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class GoTime {
  /** Seconds from 0001-01-01T00:00:00Z to 1970-01-01T00:00:00Z. */
  static final long UNIX_TO_GO_SECONDS = 62_135_596_800L;
  private static final int V1_LENGTH = 15;
  private static final int V2_LENGTH = 16;
  private static final int UTC_MARKER = -1;

  private GoTime() {}

  /**
   * The instant a Go time denotes (its zone only affects display).
   *
   * @throws GobException when the bytes are not a version 1 or 2 Go time
   */
  public static Instant toInstant(byte[] bytes) throws GobException {
    check(bytes);
    return Instant.ofEpochSecond(goSeconds(bytes) - UNIX_TO_GO_SECONDS, nanos(bytes));
  }

  /**
   * The Go time with its zone offset; Go's "location UTC" marker becomes {@link ZoneOffset#UTC}.
   *
   * <p>Like Go's own decoder, the seconds byte of a version 2 offset is added as an unsigned
   * value, so a negative offset with a seconds part does not round-trip ({@code time.md} §2.2).
   *
   * @throws GobException when the bytes are not a version 1 or 2 Go time, or the offset is
   *     beyond ±18 hours
   */
  public static OffsetDateTime toOffsetDateTime(byte[] bytes) throws GobException {
    Instant instant = toInstant(bytes);
    int minutes = (short) (((bytes[13] & 0xff) << 8) | (bytes[14] & 0xff));
    if (minutes == UTC_MARKER) {
      return instant.atOffset(ZoneOffset.UTC);
    }
    int seconds = minutes * 60 + (bytes[0] == 2 ? bytes[15] & 0xff : 0);
    if (Math.abs(seconds) > 18 * 3600) {
      throw GobException.badTime("zone offset out of range");
    }
    return instant.atOffset(ZoneOffset.ofTotalSeconds(seconds));
  }

  /**
   * Version 1 bytes in location UTC ({@code ff ff}), what Go's {@code t.UTC()} would send.
   *
   * @throws IllegalArgumentException when the instant is before year 1 or after Go's range
   */
  public static byte[] toBytes(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    byte[] bytes = new byte[V1_LENGTH];
    put(bytes, instant, 1, UTC_MARKER);
    return bytes;
  }

  /**
   * Bytes that keep the zone offset: version 1 for whole minutes, else version 2 with the
   * seconds part in byte 15; offset zero is sent as "location UTC" ({@code ff ff}).
   *
   * @throws IllegalArgumentException when the offset is -1 minute (Go cannot represent it) or
   *     the instant is outside Go's range
   */
  public static byte[] toBytes(OffsetDateTime time) {
    Objects.requireNonNull(time, "time");
    int offset = time.getOffset().getTotalSeconds();
    if (offset == 0) {
      return toBytes(time.toInstant());
    }
    int minutes = offset / 60;
    int seconds = offset % 60;
    if (minutes == UTC_MARKER && seconds == 0) {
      throw new IllegalArgumentException("Go cannot represent a zone offset of -1 minute");
    }
    byte[] bytes = new byte[seconds == 0 ? V1_LENGTH : V2_LENGTH];
    put(bytes, time.toInstant(), seconds == 0 ? 1 : 2, minutes);
    if (seconds != 0) {
      bytes[15] = (byte) seconds;
    }
    return bytes;
  }

  private static void put(byte[] bytes, Instant instant, int version, int offsetMinutes) {
    long seconds;
    try {
      seconds = Math.addExact(instant.getEpochSecond(), UNIX_TO_GO_SECONDS);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("instant outside Go's time range: " + instant, e);
    }
    bytes[0] = (byte) version;
    for (int i = 0; i < 8; i++) {
      bytes[1 + i] = (byte) (seconds >>> (56 - 8 * i));
    }
    int nanos = instant.getNano();
    for (int i = 0; i < 4; i++) {
      bytes[9 + i] = (byte) (nanos >>> (24 - 8 * i));
    }
    bytes[13] = (byte) (offsetMinutes >> 8);
    bytes[14] = (byte) offsetMinutes;
  }

  private static void check(byte[] bytes) throws GobException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw GobException.badTime("no data");
    }
    if (bytes[0] != 1 && bytes[0] != 2) {
      throw GobException.badTime("unsupported version");
    }
    if (bytes.length != (bytes[0] == 1 ? V1_LENGTH : V2_LENGTH)) {
      throw GobException.badTime("invalid length");
    }
    if (nanos(bytes) < 0 || nanos(bytes) > 999_999_999) {
      throw GobException.badTime("nanoseconds out of range");
    }
    long unix = goSeconds(bytes) - UNIX_TO_GO_SECONDS;
    if (goSeconds(bytes) < Long.MIN_VALUE + UNIX_TO_GO_SECONDS
        || unix < Instant.MIN.getEpochSecond() || unix > Instant.MAX.getEpochSecond()) {
      throw GobException.badTime("seconds outside java.time.Instant's range");
    }
  }

  private static long goSeconds(byte[] bytes) {
    long seconds = 0;
    for (int i = 1; i <= 8; i++) {
      seconds = (seconds << 8) | (bytes[i] & 0xff);
    }
    return seconds;
  }

  private static int nanos(byte[] bytes) {
    int nanos = 0;
    for (int i = 9; i <= 12; i++) {
      nanos = (nanos << 8) | (bytes[i] & 0xff);
    }
    return nanos;
  }
}
