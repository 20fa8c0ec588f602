package dev.rollouts.sdk.gob;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles {@link ValueReader}s for pairs (wire type id, Java type) and applies Go's
 * compatibility rules while doing so (spec/gob.md §9): a mismatch fails once, when the first value
 * of that pair arrives, naming the struct field.
 *
 * <p>Plans depend on the stream's type ids, so there is one compiler per decoder; struct plans are
 * cached per pair (which also makes recursive records work). Not thread-safe.
 */
final class ReaderCompiler {
  private static final int PREALLOCATE_LIMIT = 1024;

  /** Where a value sits, for error messages: a struct field, or the top level. */
  private record Site(String struct, String field) {
    static final Site TOP = new Site(null, "value");
  }

  private record Key(int id, Type type) {}

  private final TypeTable table;
  private final HashMap<Key, ValueReader> topLevel = new HashMap<>();
  private final HashMap<Key, StructReader> structs = new HashMap<>();

  ReaderCompiler(TypeTable table) {
    this.table = table;
  }

  /** The reader for a top-level value (or an interface's concrete value) of wire type id. */
  ValueReader topLevel(int id, Type type) throws GobException {
    Key key = new Key(id, type);
    ValueReader reader = topLevel.get(key);
    if (reader == null) {
      reader = compile(id, type, false, Site.TOP);
      topLevel.put(key, reader);
    }
    return reader;
  }

  private ValueReader compile(int id, Type type, boolean unsigned, Site site)
      throws GobException {
    Class<?> raw = rawClass(type);
    if (GobValue.class.isAssignableFrom(raw)) {
      requireKnown(id);
      return decoder -> castValue(raw, decoder.readGeneric(id), id, site);
    }
    if (raw == Object.class) {
      require(id == 8, id, type, site);
      return GobDecoder::readInterfaceObject;
    }
    if (raw == GobInterface.class) {
      require(id == 8, id, type, site);
      return GobDecoder::readGobInterface;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      require(id == 1, id, type, site);
      return decoder -> decoder.in.readBool();
    }
    if (isInteger(raw)) {
      require(id == (unsigned ? 3 : 2), id, type, site);
      return integerReader(raw, unsigned, site.field());
    }
    if (raw == double.class || raw == Double.class) {
      require(id == 4, id, type, site);
      return decoder -> decoder.in.readFloat();
    }
    if (raw == float.class || raw == Float.class) {
      require(id == 4, id, type, site);
      String field = site.field();
      return decoder -> {
        long at = decoder.in.offset();
        double value = decoder.in.readFloat();
        if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
          throw GobException.valueOutOfRange(field, Double.toString(value), "float", at);
        }
        return (float) value;
      };
    }
    if (raw == String.class) {
      require(id == 6, id, type, site);
      return decoder -> decoder.in.readString();
    }
    if (raw == byte[].class) {
      require(id == 5, id, type, site);
      return decoder -> decoder.in.readBytes();
    }
    if (GobBytesValue.class.isAssignableFrom(raw)) {
      require(id == 5, id, type, site);
      MethodHandle factory = bytesFactory(raw);
      return decoder -> {
        byte[] bytes = decoder.in.readBytes();
        try {
          return factory.invokeExact(bytes);
        } catch (IOException | Error e) {
          throw e;
        } catch (Throwable e) {
          throw GobException.valueRejected(raw.getSimpleName(), e);
        }
      };
    }
    if (raw == Instant.class || raw == OffsetDateTime.class) {
      WireType wire = table.wire(id);
      require(wire != null && wire.kind() == GobType.Kind.GOB_ENCODER, id, type, site);
      return raw == Instant.class
          ? decoder -> GoTime.toInstant(decoder.in.readBytes())
          : decoder -> GoTime.toOffsetDateTime(decoder.in.readBytes());
    }
    if (raw == List.class) {
      return listReader(id, type, unsigned, site);
    }
    if (raw == Map.class) {
      return mapReader(id, type, unsigned, site);
    }
    if (raw.isRecord()) {
      WireType wire = table.wire(id);
      require(wire != null && wire.kind() == GobType.Kind.STRUCT, id, type, site);
      return structReader(id, wire, raw);
    }
    throw new IllegalArgumentException("gob cannot decode into " + type.getTypeName()
        + " (supported: records, String, primitives and boxes, byte[], GobBytesValue, Instant,"
        + " OffsetDateTime, List, Map, Object, GobInterface, GobValue)");
  }

  private ValueReader listReader(int id, Type type, boolean unsigned, Site site)
      throws GobException {
    WireType wire = table.wire(id);
    require(wire != null && (wire.kind() == GobType.Kind.SLICE
        || wire.kind() == GobType.Kind.ARRAY), id, type, site);
    ValueReader element = compile(wire.elem(), typeArgument(type, 0), unsigned, site);
    boolean array = wire.kind() == GobType.Kind.ARRAY;
    int length = wire.length();
    boolean mayReload = wire.elem() == 8;
    return decoder -> {
      decoder.enter();
      GobInput in = decoder.in;
      long at = in.offset();
      int count = mayReload ? in.readUncheckedCount("slice length") : in.readCount("slice length");
      if (array && count != length) {
        throw GobException.arrayLengthMismatch(count, length, id, at);
      }
      List<Object> list = new ArrayList<>(Math.min(count, PREALLOCATE_LIMIT));
      for (int i = 0; i < count; i++) {
        list.add(element.read(decoder));
      }
      decoder.leave();
      return list;
    };
  }

  private ValueReader mapReader(int id, Type type, boolean unsigned, Site site)
      throws GobException {
    WireType wire = table.wire(id);
    require(wire != null && wire.kind() == GobType.Kind.MAP, id, type, site);
    ValueReader keys = compile(wire.key(), typeArgument(type, 0), unsigned, site);
    ValueReader values = compile(wire.elem(), typeArgument(type, 1), unsigned, site);
    boolean mayReload = wire.key() == 8 || wire.elem() == 8;
    return decoder -> {
      decoder.enter();
      GobInput in = decoder.in;
      int count = mayReload ? in.readUncheckedCount("map size") : in.readCount("map size");
      Map<Object, Object> map = new LinkedHashMap<>(Math.min(count, PREALLOCATE_LIMIT) * 4 / 3 + 1);
      for (int i = 0; i < count; i++) {
        Object key = keys.read(decoder);
        map.put(key, values.read(decoder));
      }
      decoder.leave();
      return map;
    };
  }

  private StructReader structReader(int id, WireType wire, Class<?> raw) throws GobException {
    Key key = new Key(id, raw);
    StructReader reader = structs.get(key);
    if (reader != null) {
      return reader;
    }
    RecordModel model = RecordModel.of(raw);
    String structName = wire.name().isEmpty() ? raw.getSimpleName() : wire.name();
    reader = new StructReader(id, structName, model, wire.fieldIds().length);
    structs.put(key, reader); // before compiling the fields: they may refer back to it
    boolean matched = false;
    for (int i = 0; i < wire.fieldIds().length; i++) {
      int fieldId = wire.fieldIds()[i];
      int target = model.indexOf(wire.fieldNames()[i]);
      reader.targets[i] = target;
      if (target < 0) {
        reader.readers[i] = decoder -> {
          decoder.skip(fieldId);
          return null;
        };
        continue;
      }
      matched = true;
      RecordModel.Component component = model.components[target];
      reader.readers[i] = compile(fieldId, component.type(), component.unsigned(),
          new Site(structName, wire.fieldNames()[i]));
    }
    if (!matched && wire.fieldIds().length > 0 && model.components.length > 0) {
      structs.remove(key);
      throw GobException.noFieldsMatched(raw.getSimpleName(), id);
    }
    return reader;
  }

  /** Decodes a struct into a record: wire field number → component index. */
  private static final class StructReader implements ValueReader {
    final int id;
    final String name;
    final RecordModel model;
    final Object[] absent;
    final ValueReader[] readers;
    final int[] targets;

    StructReader(int id, String name, RecordModel model, int fields) {
      this.id = id;
      this.name = name;
      this.model = model;
      this.absent = model.absentValues();
      this.readers = new ValueReader[fields];
      this.targets = new int[fields];
    }

    @Override
    public Object read(GobDecoder decoder) throws IOException {
      decoder.enter();
      GobInput in = decoder.in;
      Object[] values = absent.clone();
      int field = -1;
      while ((field = in.nextField(field, readers.length, name, id)) >= 0) {
        Object value = readers[field].read(decoder);
        int target = targets[field];
        if (target >= 0) {
          values[target] = value;
        }
      }
      decoder.leave();
      return model.construct(values);
    }
  }

  // ---- integers ------------------------------------------------------------------------------

  private static boolean isInteger(Class<?> raw) {
    return raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class
        || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class;
  }

  private static ValueReader integerReader(Class<?> raw, boolean unsigned, String field) {
    int bits = raw == long.class || raw == Long.class ? 64
        : raw == int.class || raw == Integer.class ? 32
        : raw == short.class || raw == Short.class ? 16 : 8;
    if (bits == 64) {
      return unsigned ? decoder -> decoder.in.readUint() : decoder -> decoder.in.readInt();
    }
    String javaType = (unsigned ? "uint" : "int") + bits;
    long max = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
    long min = unsigned ? 0 : -(1L << (bits - 1));
    return decoder -> {
      GobInput in = decoder.in;
      long at = in.offset();
      long value = unsigned ? in.readUint() : in.readInt();
      boolean fits = unsigned ? Long.compareUnsigned(value, max) <= 0 : value >= min && value <= max;
      if (!fits) {
        throw GobException.valueOutOfRange(field,
            unsigned ? Long.toUnsignedString(value) : Long.toString(value), javaType, at);
      }
      Object boxed = switch (bits) {
        case 32 -> Integer.valueOf((int) value);
        case 16 -> Short.valueOf((short) value);
        default -> Byte.valueOf((byte) value);
      };
      return boxed;
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void require(boolean compatible, int id, Type type, Site site) throws GobException {
    if (compatible) {
      return;
    }
    requireKnown(id);
    String javaType = javaName(type);
    if (site.struct() == null) {
      throw GobException.typeMismatch(javaType, describeWire(id), id);
    }
    throw GobException.wrongType(javaType, site.struct(), site.field(), id);
  }

  private void requireKnown(int id) throws GobException {
    if (!table.isKnown(id)) {
      throw GobException.unknownType(id, GobException.UNKNOWN_OFFSET);
    }
  }

  private String describeWire(int id) {
    GobType predefined = GobType.predefined(id);
    return predefined != null ? predefined.name() : table.wire(id).describe();
  }

  private static Object castValue(Class<?> raw, GobValue value, int id, Site site)
      throws GobException {
    if (!raw.isInstance(value)) {
      throw GobException.typeMismatch(raw.getSimpleName() + " (" + site.field() + ")",
          value.type().toString(), id);
    }
    return value;
  }

  private static MethodHandle bytesFactory(Class<?> raw) {
    try {
      var method = raw.getDeclaredMethod("fromGobBytes", byte[].class);
      if (!Modifier.isStatic(method.getModifiers()) || !raw.isAssignableFrom(method.getReturnType())) {
        throw new NoSuchMethodException("static " + raw.getSimpleName() + " fromGobBytes(byte[])");
      }
      method.setAccessible(true);
      return MethodHandles.lookup().unreflect(method)
          .asType(MethodType.methodType(Object.class, byte[].class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          raw.getName() + " implements GobBytesValue but has no usable static fromGobBytes(byte[])",
          e);
    }
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof WildcardType w && w.getLowerBounds().length == 0) {
      return rawClass(w.getUpperBounds()[0]);
    }
    throw new IllegalArgumentException("gob needs a concrete type, not " + type.getTypeName());
  }

  static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      Type argument = p.getActualTypeArguments()[index];
      return argument instanceof WildcardType w && w.getLowerBounds().length == 0
          ? w.getUpperBounds()[0] : argument;
    }
    throw new IllegalArgumentException(
        "raw " + type.getTypeName() + ": declare the element types (see GoTypes)");
  }

  static String javaName(Type type) {
    return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
  }
}
