package dev.rollouts.sdk.gob;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * A gob value as a generic tree that keeps its wire types, so that
 * {@link GobEncoder#encode(GobValue)} writes it back in a form Go decodes to an equal value.
 *
 * <p>Structs hold only the fields present on the wire (Go omits zero values, {@code spec/gob.md}
 * §5.2); absent means zero. Strings keep their bytes (Go does not require UTF-8).
 *
 * <pre>{@code
 * GobValue body = decoder.decodeValue();
 * if (body instanceof GobValue.Interface(String name, GobValue.Struct args)) {
 *   GobValue metric = args.fields().get("Metric");
 * }
 * }</pre>
 *
 * <p>All implementations are immutable and thread-safe.
 */
public sealed interface GobValue {
  /** The wire type of this value. */
  GobType type();

  /** A bool (id 1). */
  record Bool(boolean value) implements GobValue {
    @Override
    public GobType type() {
      return GobType.BOOL;
    }
  }

  /** A signed integer (id 2). */
  record Int(long value) implements GobValue {
    @Override
    public GobType type() {
      return GobType.INT;
    }
  }

  /** An unsigned integer (id 3); {@code value} holds all 64 bits. */
  record Uint(long value) implements GobValue {
    @Override
    public GobType type() {
      return GobType.UINT;
    }

    @Override
    public String toString() {
      return "Uint[value=" + Long.toUnsignedString(value) + "]";
    }
  }

  /** A float (id 4). */
  record Float(double value) implements GobValue {
    @Override
    public GobType type() {
      return GobType.FLOAT;
    }
  }

  /** A complex number (id 7). */
  record Complex(double real, double imaginary) implements GobValue {
    @Override
    public GobType type() {
      return GobType.COMPLEX;
    }
  }

  /** A string (id 6) as the bytes that travelled; equal when the bytes are. */
  final class Str implements GobValue {
    private final byte[] bytes;

    private Str(byte[] bytes) {
      this.bytes = bytes;
    }

    /** The UTF-8 encoding of {@code text}. */
    public static Str of(String text) {
      return new Str(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly these bytes, which need not be UTF-8. */
    public static Str ofBytes(byte[] bytes) {
      return new Str(bytes.clone());
    }

    static Str wrap(byte[] bytes) {
      return new Str(bytes);
    }

    /** The text, with malformed UTF-8 replaced by U+FFFD. */
    public String value() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
      return bytes.clone();
    }

    byte[] rawBytes() {
      return bytes;
    }

    @Override
    public GobType type() {
      return GobType.STRING;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Str that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Str[" + value() + "]";
    }
  }

  /**
   * A byte slice (id 5) or the bytes of a marshaler type ({@code GobEncoderT} etc.); equal when
   * type and bytes are.
   */
  final class Bytes implements GobValue {
    private final GobType type;
    private final byte[] bytes;

    private Bytes(GobType type, byte[] bytes) {
      this.type = type;
      this.bytes = bytes;
    }

    /** A {@code []byte} holding a copy of {@code bytes}. */
    public static Bytes of(byte[] bytes) {
      return new Bytes(GobType.BYTES, bytes.clone());
    }

    /**
     * The bytes of a marshaler type such as {@code time.Time}.
     *
     * @throws IllegalArgumentException when {@code type} is neither bytes nor a marshaler
     */
    public static Bytes of(GobType type, byte[] bytes) {
      if (type.kind() != GobType.Kind.BYTES && !type.isMarshaler()) {
        throw new IllegalArgumentException("not a bytes or marshaler type: " + type);
      }
      return new Bytes(type, bytes.clone());
    }

    static Bytes wrap(GobType type, byte[] bytes) {
      return new Bytes(type, bytes);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
      return bytes.clone();
    }

    byte[] rawBytes() {
      return bytes;
    }

    @Override
    public GobType type() {
      return type;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes that && type.equals(that.type)
          && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Bytes[" + type + ", " + bytes.length + " bytes]";
    }
  }

  /**
   * A struct: the fields present on the wire by Go field name, in wire order.
   *
   * @param type a struct type
   * @param fields present fields; every name must be a field of {@code type}
   */
  record Struct(GobType type, java.util.Map<String, GobValue> fields) implements GobValue {
    /**
     * Copies the fields, keeping their order.
     *
     * @throws IllegalArgumentException when the type is not a struct or a field name is unknown
     */
    public Struct {
      Objects.requireNonNull(type, "type");
      if (type.kind() != GobType.Kind.STRUCT) {
        throw new IllegalArgumentException("not a struct type: " + type);
      }
      for (String name : fields.keySet()) {
        if (type.fieldIndex(name) < 0) {
          throw new IllegalArgumentException("no field " + name + " in " + type);
        }
      }
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  /**
   * A slice or array.
   *
   * @param type a slice or array type
   * @param elements the elements, none null
   */
  record Slice(GobType type, List<GobValue> elements) implements GobValue {
    /**
     * Copies the elements.
     *
     * @throws IllegalArgumentException when the type is no slice or array, or an array's length
     *     differs
     */
    public Slice {
      Objects.requireNonNull(type, "type");
      if (type.kind() != GobType.Kind.SLICE && type.kind() != GobType.Kind.ARRAY) {
        throw new IllegalArgumentException("not a slice or array type: " + type);
      }
      elements = List.copyOf(elements);
      if (type.kind() == GobType.Kind.ARRAY && elements.size() != type.length()) {
        throw new IllegalArgumentException(
            "array " + type + " needs " + type.length() + " elements, got " + elements.size());
      }
    }
  }

  /**
   * A map, entries in wire order.
   *
   * @param type a map type
   * @param entries the entries, no null key or value
   */
  record Map(GobType type, java.util.Map<GobValue, GobValue> entries) implements GobValue {
    /**
     * Copies the entries, keeping their order.
     *
     * @throws IllegalArgumentException when the type is not a map
     */
    public Map {
      Objects.requireNonNull(type, "type");
      if (type.kind() != GobType.Kind.MAP) {
        throw new IllegalArgumentException("not a map type: " + type);
      }
      LinkedHashMap<GobValue, GobValue> copy = new LinkedHashMap<>(entries);
      copy.forEach((k, v) -> Objects.requireNonNull(v, "map value"));
      entries = Collections.unmodifiableMap(copy);
    }
  }

  /**
   * An interface value: a registered name and the concrete value, or the nil interface.
   *
   * @param name the registered name; empty for nil
   * @param value the concrete value; null exactly for nil
   */
  record Interface(String name, GobValue value) implements GobValue {
    /** The nil interface. */
    public static final Interface NIL = new Interface("", null);

    /**
     * Checks that name and value agree about nil.
     *
     * @throws IllegalArgumentException when only one of them is empty/null
     */
    public Interface {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() != (value == null)) {
        throw new IllegalArgumentException("a nil interface has an empty name and no value");
      }
    }

    /** True for the nil interface. */
    public boolean isNil() {
      return value == null;
    }

    @Override
    public GobType type() {
      return GobType.INTERFACE;
    }
  }
}
