package dev.rollouts.sdk.plugin;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The configurations {@link PluginConfig#read} parsed lately, per target type: the controller
 * sends the same plugin JSON with every call of a metric or rollout, and parsing it with Jackson
 * was a tenth of a metric {@code Run} call's time (docs/benchmarks.md). The same JSON text into
 * the same type gives the same value, so it can be handed out again, but only for types whose
 * values cannot be changed by whoever receives them: records whose components are strings,
 * primitives, their boxes, enums, {@link Duration}, {@link Instant} or such records. Other types
 * are parsed every time.
 *
 * <p>Thread-safe: each type's map is guarded by its own lock; at most {@link #PER_TYPE} texts are
 * kept per type (least recently used out).
 */
final class ParsedConfigs {
  /** Distinct configurations kept per type: a plugin sees a handful of templates. */
  static final int PER_TYPE = 64;

  private static final Set<Class<?>> IMMUTABLE_LEAVES = Set.of(String.class, Boolean.class,
      Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class,
      Character.class, Duration.class, Instant.class);

  private static final ClassValue<Recent> BY_TYPE = new ClassValue<>() {
    @Override
    protected Recent computeValue(Class<?> type) {
      return shareable(type, 0) ? new Recent() : null;
    }
  };

  private ParsedConfigs() {}

  /** The cache for {@code type}, or null when its values must not be shared. */
  static Recent of(Class<?> type) {
    return BY_TYPE.get(type);
  }

  /** The recently parsed values of one type, by JSON text. */
  static final class Recent {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Object> byText = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > PER_TYPE;
      }
    };

    Object get(String json) {
      lock.lock();
      try {
        return byText.get(json);
      } finally {
        lock.unlock();
      }
    }

    void put(String json, Object value) {
      lock.lock();
      try {
        byText.put(json, value);
      } finally {
        lock.unlock();
      }
    }
  }

  private static boolean shareable(Class<?> type, int depth) {
    if (type.isPrimitive() || type.isEnum() || IMMUTABLE_LEAVES.contains(type)) {
      return true;
    }
    if (!type.isRecord() || depth > 8) {
      return false;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      if (!shareable(c.getType(), depth + 1)) {
        return false;
      }
    }
    return true;
  }
}
