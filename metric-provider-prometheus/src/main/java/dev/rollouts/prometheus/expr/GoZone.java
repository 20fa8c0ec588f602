package dev.rollouts.prometheus.expr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Go's {@code *time.Location}: the zones a place used and when it switched, read from the same
 * TZif files Go reads ({@code /usr/share/zoneinfo}, or {@code $ZONEINFO}), with Go's lookup
 * rules, including the POSIX TZ footer for instants after the last recorded transition. Zone
 * abbreviations (CEST, IST, ...) come from those files, as they do in Go.
 *
 * <p>Immutable after construction, so thread-safe.
 */
final class GoZone {
  /** One zone of a location: abbreviation, offset east of UTC in seconds, daylight saving. */
  record Zone(String name, int offset, boolean dst) {}

  /** The zone in effect at an instant and the interval [start, end) it is known valid for. */
  record Lookup(String name, int offset, long start, long end, boolean dst) {}

  /** A location name Go's {@code time.LoadLocation} refuses; the message is Go's. */
  static final class UnknownZone extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownZone(String message) {
      super(message, null, false, false);
    }
  }

  static final long ALPHA = Long.MIN_VALUE;
  static final long OMEGA = Long.MAX_VALUE;
  private static final List<String> SOURCES = List.of("/usr/share/zoneinfo/",
      "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/");

  /** Go's {@code time.UTC}. */
  static final GoZone UTC = new GoZone("UTC", new Zone[0], new long[0], new int[0], "");

  private static final Map<String, GoZone> LOADED = new ConcurrentHashMap<>();
  private static volatile GoZone local;

  private final String name;
  private final Zone[] zones;
  private final long[] txWhen;
  private final int[] txIndex;
  private final String extend;

  private GoZone(String name, Zone[] zones, long[] txWhen, int[] txIndex, String extend) {
    this.name = name;
    this.zones = zones;
    this.txWhen = txWhen;
    this.txIndex = txIndex;
    this.extend = extend;
  }

  /** Go's {@code time.FixedZone(name, offset)}. */
  static GoZone fixed(String name, int offset) {
    return new GoZone(name, new Zone[] {new Zone(name, offset, false)}, new long[] {ALPHA},
        new int[] {0}, "");
  }

  /** Go's {@code time.Local}: from $TZ, else /etc/localtime, else UTC. */
  static GoZone local() {
    GoZone l = local;
    if (l == null) {
      l = initLocal(System.getenv("TZ"));
      local = l;
    }
    return l;
  }

  /** Replaces Go's Local for tests that need a zone other than the machine's. */
  static void setLocalForTesting(GoZone zone) {
    local = zone;
  }

  // Go's initLocal on Unix.
  static GoZone initLocal(String tz) {
    try {
      if (tz == null) {
        return fromFile(Path.of("/etc/localtime"), "Local");
      }
      if (tz.startsWith(":")) {
        tz = tz.substring(1);
      }
      if (tz.startsWith("/")) {
        return fromFile(Path.of(tz), tz.equals("/etc/localtime") ? "Local" : tz);
      }
      if (!tz.isEmpty() && !tz.equals("UTC")) {
        return fromSources(tz, tz);
      }
    } catch (IOException | UnknownZone | RuntimeException e) {
      // fall back to UTC, as Go does
    }
    return new GoZone("UTC", new Zone[0], new long[0], new int[0], "");
  }

  /**
   * Go's {@code time.LoadLocation}.
   *
   * @throws UnknownZone when Go would refuse the name
   */
  static GoZone load(String name) throws UnknownZone {
    if (name.isEmpty() || name.equals("UTC")) {
      return UTC;
    }
    if (name.equals("Local")) {
      return local();
    }
    if (name.contains("..") || name.startsWith("/") || name.startsWith("\\")) {
      throw new UnknownZone("time: invalid location name");
    }
    GoZone cached = LOADED.get(name);
    if (cached != null) {
      return cached;
    }
    GoZone zone = fromSources(name, name);
    LOADED.put(name, zone);
    return zone;
  }

  private static GoZone fromSources(String file, String name) throws UnknownZone {
    String env = System.getenv("ZONEINFO");
    if (env != null && !env.isEmpty()) {
      try {
        return fromFile(Path.of(env, file), name);
      } catch (IOException | RuntimeException e) {
        // Go then tries the system directories
      }
    }
    for (String dir : SOURCES) {
      try {
        return fromFile(Path.of(dir + file), name);
      } catch (IOException | RuntimeException e) {
        // try the next source
      }
    }
    throw new UnknownZone("unknown time zone " + name);
  }

  private static GoZone fromFile(Path path, String name) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IOException("not a file: " + path);
    }
    return fromTzif(Files.readAllBytes(path), name);
  }

  /** Go's {@code LoadLocationFromTZData}. */
  static GoZone fromTzif(byte[] data, String name) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data);
    int[] n = header(b);
    int version = data[4] == 0 ? 1 : data[4] - '0';
    boolean is64 = false;
    if (version > 1) {
      int skip = n[3] * 4 + n[3] + n[4] * 6 + n[5] + n[2] * 8 + n[1] + n[0];
      b.position(b.position() + skip);
      n = header(b);
      is64 = true;
    }
    int timeCount = n[3];
    long[] when = new long[timeCount];
    for (int i = 0; i < timeCount; i++) {
      when[i] = is64 ? b.getLong() : b.getInt();
    }
    int[] index = new int[timeCount];
    for (int i = 0; i < timeCount; i++) {
      index[i] = b.get() & 0xff;
    }
    int zoneCount = n[4];
    int[] offsets = new int[zoneCount];
    boolean[] dst = new boolean[zoneCount];
    int[] abbrev = new int[zoneCount];
    for (int i = 0; i < zoneCount; i++) {
      offsets[i] = b.getInt();
      dst[i] = b.get() != 0;
      abbrev[i] = b.get() & 0xff;
    }
    byte[] chars = new byte[n[5]];
    b.get(chars);
    b.position(b.position() + n[2] * (is64 ? 12 : 8) + n[1] + n[0]);
    String extend = "";
    if (is64 && b.remaining() > 2 && data[b.position()] == '\n' && data[data.length - 1] == '\n') {
      extend = new String(data, b.position() + 1, data.length - b.position() - 2,
          StandardCharsets.UTF_8);
    }
    if (zoneCount == 0) {
      throw new IOException("no zones");
    }
    Zone[] zones = new Zone[zoneCount];
    for (int i = 0; i < zoneCount; i++) {
      int end = abbrev[i];
      while (end < chars.length && chars[end] != 0) {
        end++;
      }
      zones[i] = new Zone(new String(chars, abbrev[i], end - abbrev[i], StandardCharsets.UTF_8),
          offsets[i], dst[i]);
    }
    for (int i : index) {
      if (i >= zoneCount) {
        throw new IOException("bad zone index");
      }
    }
    if (timeCount == 0) {
      return new GoZone(name, zones, new long[] {ALPHA}, new int[] {0}, extend);
    }
    return new GoZone(name, zones, when, index, extend);
  }

  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  private static int[] header(ByteBuffer b) throws IOException {
    if (b.remaining() < 44 || b.get() != 'T' || b.get() != 'Z' || b.get() != 'i'
        || b.get() != 'f') {
      throw new IOException("not a TZif file");
    }
    b.position(b.position() + 16);
    int[] n = new int[6];
    for (int i = 0; i < 6; i++) {
      n[i] = b.getInt();
      if (n[i] < 0) {
        throw new IOException("bad count");
      }
    }
    return n;
  }

  /** The location's name ({@code Location.String()}). */
  @Override
  public String toString() {
    return name;
  }

  /** Go's {@code Location.lookup(sec)}, sec counted from the Unix epoch. */
  Lookup lookup(long sec) {
    if (zones.length == 0) {
      return new Lookup("UTC", 0, ALPHA, OMEGA, false);
    }
    if (sec < txWhen[0]) {
      Zone z = zones[firstZone()];
      return new Lookup(z.name, z.offset, ALPHA, txWhen[0], z.dst);
    }
    long end = OMEGA;
    int lo = 0;
    int hi = txWhen.length;
    while (hi - lo > 1) {
      int m = (lo + hi) >>> 1;
      if (sec < txWhen[m]) {
        end = txWhen[m];
        hi = m;
      } else {
        lo = m;
      }
    }
    Zone z = zones[txIndex[lo]];
    if (lo == txWhen.length - 1 && !extend.isEmpty()) {
      Lookup rule = GoTzRule.evaluate(extend, txWhen[lo], sec);
      if (rule != null) {
        return rule;
      }
    }
    return new Lookup(z.name, z.offset, txWhen[lo], end, z.dst);
  }

  // Go's lookupFirstZone: the zone for instants before the first transition.
  private int firstZone() {
    boolean firstUsed = false;
    for (int i : txIndex) {
      if (i == 0) {
        firstUsed = true;
        break;
      }
    }
    if (!firstUsed) {
      return 0;
    }
    if (zones[txIndex[0]].dst) {
      for (int zi = txIndex[0] - 1; zi >= 0; zi--) {
        if (!zones[zi].dst) {
          return zi;
        }
      }
    }
    for (int zi = 0; zi < zones.length; zi++) {
      if (!zones[zi].dst) {
        return zi;
      }
    }
    return 0;
  }

  /**
   * Go's {@code Location.lookupName}: the offset of the zone with this abbreviation, preferring
   * one in effect at {@code unix}; null when the location never used the name.
   */
  Integer lookupName(String zoneName, long unix) {
    for (Zone z : zones) {
      if (z.name.equals(zoneName)) {
        Lookup l = lookup(unix - z.offset);
        if (l.name.equals(z.name)) {
          return l.offset;
        }
      }
    }
    for (Zone z : zones) {
      if (z.name.equals(zoneName)) {
        return z.offset;
      }
    }
    return null;
  }
}
