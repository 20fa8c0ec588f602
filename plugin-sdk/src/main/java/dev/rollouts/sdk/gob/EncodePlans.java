package dev.rollouts.sdk.gob;

import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process-wide cache of {@link EncodePlan}s, one per (Java type, unsigned) pair.
 *
 * <p>Lookups are lock-free; building takes {@code BUILD} so that a recursive record graph is
 * built completely (types declared first, fields filled in after) before any of it is published.
 * Thread-safe.
 */
final class EncodePlans {
  private record Key(Type type, boolean unsigned) {}

  private static final ConcurrentHashMap<Key, EncodePlan> CACHE = new ConcurrentHashMap<>();
  private static final ReentrantLock BUILD = new ReentrantLock();

  private EncodePlans() {}

  /**
   * The plan for a declared type.
   *
   * @throws IllegalArgumentException when gob has no mapping for the type
   */
  static EncodePlan forType(Type type, boolean unsigned) {
    Key key = new Key(type, unsigned);
    EncodePlan plan = CACHE.get(key);
    if (plan != null) {
      return plan;
    }
    BUILD.lock();
    try {
      Map<Key, EncodePlan> building = new HashMap<>();
      plan = build(key, building);
      CACHE.putAll(building);
      return plan;
    } finally {
      BUILD.unlock();
    }
  }

  private static EncodePlan build(Key key, Map<Key, EncodePlan> building) {
    EncodePlan plan = CACHE.get(key);
    if (plan == null) {
      plan = building.get(key);
    }
    if (plan != null) {
      return plan;
    }
    Type type = key.type();
    boolean unsigned = key.unsigned();
    Class<?> raw = ReaderCompiler.rawClass(type);
    plan = basic(raw, unsigned);
    if (plan != null) {
      building.put(key, plan);
      return plan;
    }
    if (List.class.isAssignableFrom(raw)) {
      // Registered only once complete: a list cannot contain itself except through a record,
      // and records are registered before their components are built.
      EncodePlan element = build(new Key(ReaderCompiler.typeArgument(type, 0), unsigned), building);
      EncodePlan.ListPlan list = new EncodePlan.ListPlan(element);
      building.put(key, list);
      return list;
    }
    if (Map.class.isAssignableFrom(raw)) {
      EncodePlan keys = build(new Key(ReaderCompiler.typeArgument(type, 0), unsigned), building);
      EncodePlan values = build(new Key(ReaderCompiler.typeArgument(type, 1), unsigned), building);
      EncodePlan.MapPlan map = new EncodePlan.MapPlan(keys, values);
      building.put(key, map);
      return map;
    }
    if (raw.isRecord()) {
      RecordModel model = RecordModel.of(raw);
      EncodePlan.RecordPlan record = new EncodePlan.RecordPlan(model);
      building.put(key, record);
      EncodePlan[] components = new EncodePlan[model.components.length];
      List<GobType.Field> fields = new ArrayList<>(components.length);
      for (int i = 0; i < components.length; i++) {
        RecordModel.Component component = model.components[i];
        components[i] = build(new Key(component.type(), component.unsigned()), building);
        fields.add(new GobType.Field(component.goName(), components[i].type));
      }
      record.components = components;
      record.type.defineFields(fields);
      return record;
    }
    throw new IllegalArgumentException("gob cannot encode " + type.getTypeName()
        + " (supported: records, String, primitives and boxes, byte[], GobBytesValue, Instant,"
        + " OffsetDateTime, List, Map, Object, GobInterface)");
  }

  private static EncodePlan basic(Class<?> raw, boolean unsigned) {
    if (raw == String.class) {
      return new EncodePlan.StringPlan();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return new EncodePlan.BoolPlan();
    }
    int bits = raw == long.class || raw == Long.class ? 64
        : raw == int.class || raw == Integer.class ? 32
        : raw == short.class || raw == Short.class ? 16
        : raw == byte.class || raw == Byte.class ? 8 : 0;
    if (bits != 0) {
      return new EncodePlan.IntegerPlan(bits, unsigned);
    }
    if (raw == double.class || raw == Double.class) {
      return new EncodePlan.FloatPlan("float64");
    }
    if (raw == float.class || raw == Float.class) {
      return new EncodePlan.FloatPlan("float32");
    }
    if (raw == byte[].class || GobBytesValue.class.isAssignableFrom(raw)) {
      return new EncodePlan.BytesPlan();
    }
    if (raw == Instant.class || raw == OffsetDateTime.class) {
      return new EncodePlan.TimePlan();
    }
    if (raw == Object.class || raw == GobInterface.class) {
      return new EncodePlan.InterfacePlan();
    }
    return null;
  }
}
