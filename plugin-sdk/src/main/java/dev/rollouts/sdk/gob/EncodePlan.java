package dev.rollouts.sdk.gob;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * How one Java type is written: its gob wire type, Go's zero-value test for struct fields
 * (spec/gob.md §5.2) and the value encoding. Built once per Java type by {@link EncodePlans} and
 * shared by all encoders; immutable once built, thread-safe.
 */
abstract class EncodePlan {
  /** Go's {@code time.Time} as a GobEncoder: what {@code metav1.Time} looks like on the wire. */
  static final GobType TIME = GobType.marshaler(GobType.Kind.GOB_ENCODER, "Time");

  final GobType type;
  /** The Go spelling of the type, for the names of unnamed slices and maps. */
  final String goName;

  EncodePlan(GobType type, String goName) {
    this.type = type;
    this.goName = goName;
  }

  /** Whether Go would omit this (non-null) value as a struct field. */
  abstract boolean isZero(Object value);

  abstract void write(GobEncoder encoder, GobOutput out, Object value) throws IOException;

  static final class BoolPlan extends EncodePlan {
    BoolPlan() {
      super(GobType.BOOL, "bool");
    }

    @Override
    boolean isZero(Object value) {
      return !(Boolean) value;
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) {
      out.writeBool((Boolean) value);
    }
  }

  /** Go ints (zig-zag, id 2) or uints (the Java value's bits zero-extended, id 3). */
  static final class IntegerPlan extends EncodePlan {
    private final long mask;

    IntegerPlan(int bits, boolean unsigned) {
      super(unsigned ? GobType.UINT : GobType.INT, (unsigned ? "uint" : "int") + bits);
      this.mask = !unsigned ? 0 : bits == 64 ? -1L : (1L << bits) - 1;
    }

    @Override
    boolean isZero(Object value) {
      return ((Number) value).longValue() == 0;
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) {
      long number = ((Number) value).longValue();
      if (mask == 0) {
        out.writeInt(number);
      } else {
        out.writeUint(number & mask);
      }
    }
  }

  static final class FloatPlan extends EncodePlan {
    FloatPlan(String goName) {
      super(GobType.FLOAT, goName);
    }

    @Override
    boolean isZero(Object value) {
      return ((Number) value).doubleValue() == 0;
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) {
      out.writeFloat(((Number) value).doubleValue());
    }
  }

  static final class StringPlan extends EncodePlan {
    StringPlan() {
      super(GobType.STRING, "string");
    }

    @Override
    boolean isZero(Object value) {
      return ((String) value).isEmpty();
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) {
      out.writeString((String) value);
    }
  }

  static final class BytesPlan extends EncodePlan {
    BytesPlan() {
      super(GobType.BYTES, "[]byte");
    }

    @Override
    boolean isZero(Object value) {
      return bytes(value).length == 0;
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) {
      out.writeBytes(bytes(value));
    }

    private static byte[] bytes(Object value) {
      if (value instanceof byte[] raw) {
        return raw;
      }
      byte[] converted = ((GobBytesValue) value).toGobBytes();
      if (converted == null) {
        throw new IllegalArgumentException(value.getClass().getName() + ".toGobBytes() returned null");
      }
      return converted;
    }
  }

  /** {@code Instant} and {@code OffsetDateTime} as Go's {@code time.Time} GobEncoder. */
  static final class TimePlan extends EncodePlan {
    TimePlan() {
      super(TIME, "Time");
    }

    @Override
    boolean isZero(Object value) {
      return false; // like a non-nil *metav1.Time: sent whenever present
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) {
      out.writeBytes(value instanceof Instant instant
          ? GoTime.toBytes(instant) : GoTime.toBytes((OffsetDateTime) value));
    }
  }

  static final class ListPlan extends EncodePlan {
    private final EncodePlan element;

    ListPlan(EncodePlan element) {
      super(GobType.slice("[]" + element.goName, element.type), "[]" + element.goName);
      this.element = element;
    }

    @Override
    boolean isZero(Object value) {
      return ((List<?>) value).isEmpty();
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) throws IOException {
      List<?> list = (List<?>) value;
      encoder.enter();
      out.writeUint(list.size());
      for (Object item : list) {
        if (item == null && !(element instanceof InterfacePlan)) {
          throw new IllegalArgumentException("null element in a list of " + element.goName);
        }
        element.write(encoder, out, item);
      }
      encoder.leave();
    }
  }

  static final class MapPlan extends EncodePlan {
    private final EncodePlan key;
    private final EncodePlan element;

    MapPlan(EncodePlan key, EncodePlan element) {
      super(GobType.map(name(key, element), key.type, element.type), name(key, element));
      this.key = key;
      this.element = element;
    }

    private static String name(EncodePlan key, EncodePlan element) {
      return "map[" + key.goName + "]" + element.goName;
    }

    @Override
    boolean isZero(Object value) {
      return false; // a non-nil map is always sent, even when empty
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) throws IOException {
      Map<?, ?> map = (Map<?, ?>) value;
      encoder.enter();
      out.writeUint(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (entry.getKey() == null || entry.getValue() == null && !(element instanceof InterfacePlan)) {
          throw new IllegalArgumentException("null key or value in a map " + goName);
        }
        key.write(encoder, out, entry.getKey());
        element.write(encoder, out, entry.getValue());
      }
      encoder.leave();
    }
  }

  /** A record as a struct: every component is a field; null and zero fields are omitted. */
  static final class RecordPlan extends EncodePlan {
    final RecordModel model;
    EncodePlan[] components;

    RecordPlan(RecordModel model) {
      super(GobType.declareStruct(model.goTypeName), model.goTypeName);
      this.model = model;
    }

    @Override
    boolean isZero(Object value) {
      return false; // Go sends nested structs (and non-nil pointers to them) always
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) throws IOException {
      encoder.enter();
      int last = -1;
      EncodePlan[] plans = components;
      for (int i = 0; i < plans.length; i++) {
        Object field = model.get(i, value);
        if (field == null || plans[i].isZero(field)) {
          continue;
        }
        out.writeUint(i - last);
        last = i;
        plans[i].write(encoder, out, field);
      }
      out.writeUint(0);
      encoder.leave();
    }
  }

  /** {@code Object} and {@link GobInterface}: a Go interface value. */
  static final class InterfacePlan extends EncodePlan {
    InterfacePlan() {
      super(GobType.INTERFACE, "interface {}");
    }

    @Override
    boolean isZero(Object value) {
      return false; // only a nil interface is omitted, and null never gets here
    }

    @Override
    void write(GobEncoder encoder, GobOutput out, Object value) throws IOException {
      encoder.writeInterface(out, value);
    }
  }
}
