package dev.rollouts.sdk.gob;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A gob wire type: one of the eight predefined types or a user type defined on the stream
 * (struct, slice, array, map, or a GobEncoder/BinaryMarshaler/TextMarshaler), see
 * {@code spec/gob.md} §3–§4.
 *
 * <p>Type graphs may be recursive (a struct whose field refers back to it). Two types are equal
 * when their graphs have the same shape, kinds, names, field names and lengths, regardless of
 * the numeric ids they had on a stream; so a value decoded from one stream equals the same value
 * decoded from another.
 *
 * <pre>{@code
 * GobType point = GobType.struct("Point",
 *     List.of(new GobType.Field("X", GobType.INT), new GobType.Field("Y", GobType.INT)));
 * }</pre>
 *
 * <p>Immutable once constructed, thread-safe.
 */
public final class GobType {
  /** What a gob type is; the order of the first eight follows the predefined ids 1..8. */
  public enum Kind {
    BOOL, INT, UINT, FLOAT, BYTES, STRING, COMPLEX, INTERFACE,
    STRUCT, SLICE, ARRAY, MAP, GOB_ENCODER, BINARY_MARSHALER, TEXT_MARSHALER
  }

  /**
   * A struct field.
   *
   * @param name the Go field name, non-empty
   * @param type its wire type
   */
  public record Field(String name, GobType type) {
    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException when the name is empty (Go rejects it)
     */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("field name must not be empty");
      }
    }
  }

  /** Type id 1. */
  public static final GobType BOOL = new GobType(Kind.BOOL, "bool");
  /** Type id 2: every signed Go integer. */
  public static final GobType INT = new GobType(Kind.INT, "int");
  /** Type id 3: every unsigned Go integer. */
  public static final GobType UINT = new GobType(Kind.UINT, "uint");
  /** Type id 4: float32 and float64. */
  public static final GobType FLOAT = new GobType(Kind.FLOAT, "float");
  /** Type id 5: {@code []byte} and named byte slices such as {@code json.RawMessage}. */
  public static final GobType BYTES = new GobType(Kind.BYTES, "bytes");
  /** Type id 6. */
  public static final GobType STRING = new GobType(Kind.STRING, "string");
  /** Type id 7. */
  public static final GobType COMPLEX = new GobType(Kind.COMPLEX, "complex");
  /** Type id 8: every Go interface type. */
  public static final GobType INTERFACE = new GobType(Kind.INTERFACE, "interface");

  private static final GobType[] PREDEFINED = {
      null, BOOL, INT, UINT, FLOAT, BYTES, STRING, COMPLEX, INTERFACE};

  private final Kind kind;
  private final String name;
  private List<Field> fields = List.of();
  private GobType elem;
  private GobType key;
  private int length;
  private volatile int hash;
  /** Built on first use for wide structs; racy publication is fine, every build is equal. */
  private volatile Map<String, Integer> fieldIndex;
  private static final int SCAN_LIMIT = 8;

  private GobType(Kind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  // ---- public factories -------------------------------------------------------------------

  /**
   * A struct type; the field order is the field numbering on the wire.
   *
   * @throws IllegalArgumentException when two fields share a name
   */
  public static GobType struct(String name, List<Field> fields) {
    GobType type = declareStruct(name);
    type.defineFields(fields);
    return type;
  }

  /** A slice type ({@code []elem}). */
  public static GobType slice(String name, GobType elem) {
    GobType type = new GobType(Kind.SLICE, Objects.requireNonNull(name, "name"));
    type.elem = Objects.requireNonNull(elem, "elem");
    return type;
  }

  /**
   * An array type ({@code [length]elem}).
   *
   * @throws IllegalArgumentException when the length is negative
   */
  public static GobType array(String name, GobType elem, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative array length " + length);
    }
    GobType type = new GobType(Kind.ARRAY, Objects.requireNonNull(name, "name"));
    type.elem = Objects.requireNonNull(elem, "elem");
    type.length = length;
    return type;
  }

  /** A map type ({@code map[key]elem}). */
  public static GobType map(String name, GobType key, GobType elem) {
    GobType type = new GobType(Kind.MAP, Objects.requireNonNull(name, "name"));
    type.key = Objects.requireNonNull(key, "key");
    type.elem = Objects.requireNonNull(elem, "elem");
    return type;
  }

  /**
   * A type whose values are opaque bytes produced by a Go method ({@code GobEncode},
   * {@code MarshalBinary} or {@code MarshalText}), such as {@code time.Time}.
   *
   * @throws IllegalArgumentException when {@code kind} is not one of the three marshaler kinds
   */
  public static GobType marshaler(Kind kind, String name) {
    if (kind != Kind.GOB_ENCODER && kind != Kind.BINARY_MARSHALER
        && kind != Kind.TEXT_MARSHALER) {
      throw new IllegalArgumentException("not a marshaler kind: " + kind);
    }
    return new GobType(kind, Objects.requireNonNull(name, "name"));
  }

  // ---- construction of recursive graphs (decoder and Java mapping) -------------------------

  static GobType declareStruct(String name) {
    return new GobType(Kind.STRUCT, Objects.requireNonNull(name, "name"));
  }

  void defineFields(List<Field> definedFields) {
    List<Field> copy = List.copyOf(definedFields);
    for (int i = 0; i < copy.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (copy.get(i).name().equals(copy.get(j).name())) {
          throw new IllegalArgumentException("duplicate field " + copy.get(i).name());
        }
      }
    }
    this.fields = copy;
    this.hash = 0;
    this.fieldIndex = null;
  }

  static GobType predefined(int id) {
    return id >= 1 && id < PREDEFINED.length ? PREDEFINED[id] : null;
  }

  /** 1..8 for the predefined types, 0 for user types that need a definition. */
  int predefinedId() {
    return kind.ordinal() < Kind.STRUCT.ordinal() ? kind.ordinal() + 1 : 0;
  }

  // ---- accessors ----------------------------------------------------------------------------

  /** The kind. */
  public Kind kind() {
    return kind;
  }

  /** The informational name ({@code CommonType.Name}); empty for unnamed types. */
  public String name() {
    return name;
  }

  /** The fields of a struct in wire order; empty for other kinds. */
  public List<Field> fields() {
    return fields;
  }

  /** The element type of a slice, array or map; null for other kinds. */
  public GobType elem() {
    return elem;
  }

  /** The key type of a map; null for other kinds. */
  public GobType key() {
    return key;
  }

  /** The length of an array; 0 for other kinds. */
  public int length() {
    return length;
  }

  /** True for user types that travel as bytes produced by a Go method. */
  public boolean isMarshaler() {
    return kind == Kind.GOB_ENCODER || kind == Kind.BINARY_MARSHALER
        || kind == Kind.TEXT_MARSHALER;
  }

  /** The field index of {@code fieldName}, or -1. */
  int fieldIndex(String fieldName) {
    if (fields.size() > SCAN_LIMIT) {
      Map<String, Integer> index = fieldIndex;
      if (index == null) {
        index = new java.util.HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
          index.put(fields.get(i).name(), i);
        }
        fieldIndex = index;
      }
      return index.getOrDefault(fieldName, -1);
    }
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(fieldName)) {
        return i;
      }
    }
    return -1;
  }

  // ---- structural equality -------------------------------------------------------------------

  /**
   * Equal when the two graphs unfold to the same (possibly infinite) tree: a bisimulation check
   * over pairs of nodes, iterative so that a deep graph cannot exhaust the stack, and blind to
   * whether equal parts are shared or repeated.
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof GobType that) || hashCode() != that.hashCode()) {
      return false;
    }
    Map<GobType, List<GobType>> assumed = new IdentityHashMap<>();
    ArrayDeque<GobType[]> work = new ArrayDeque<>();
    work.push(new GobType[] {this, that});
    while (!work.isEmpty()) {
      GobType[] pair = work.pop();
      GobType a = pair[0];
      GobType b = pair[1];
      if (a == b) {
        continue;
      }
      List<GobType> partners = assumed.computeIfAbsent(a, k -> new ArrayList<>(2));
      if (containsIdentical(partners, b)) {
        continue;
      }
      partners.add(b);
      if (!a.sameNode(b)) {
        return false;
      }
      for (int i = 0; i < a.fields.size(); i++) {
        work.push(new GobType[] {a.fields.get(i).type(), b.fields.get(i).type()});
      }
      if (a.elem != null) {
        work.push(new GobType[] {a.elem, b.elem});
      }
      if (a.key != null) {
        work.push(new GobType[] {a.key, b.key});
      }
    }
    return true;
  }

  private static boolean containsIdentical(List<GobType> types, GobType type) {
    for (GobType candidate : types) {
      if (candidate == type) {
        return true;
      }
    }
    return false;
  }

  /** Same kind, name, length and field names; the parts are compared by the caller. */
  private boolean sameNode(GobType other) {
    if (kind != other.kind || length != other.length || !name.equals(other.name)
        || fields.size() != other.fields.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!fields.get(i).name().equals(other.fields.get(i).name())) {
        return false;
      }
    }
    return true;
  }

  /** Hashes this node and the kinds and names of its direct parts (equal graphs agree on it). */
  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = nodeHash();
      for (Field field : fields) {
        h = 31 * h + field.name().hashCode();
        h = 31 * h + field.type().nodeHash();
      }
      h = 31 * h + (elem == null ? 0 : elem.nodeHash());
      h = 31 * h + (key == null ? 0 : key.nodeHash());
      h = h == 0 ? 1 : h;
      hash = h;
    }
    return h;
  }

  private int nodeHash() {
    return (kind.ordinal() * 31 + name.hashCode()) * 31 + length;
  }

  @Override
  public String toString() {
    if (predefinedId() != 0) {
      return name;
    }
    return switch (kind) {
      case STRUCT -> "struct " + (name.isEmpty() ? "{}" : name);
      case SLICE -> name.isEmpty() ? "[]" + elem : name;
      case ARRAY -> name.isEmpty() ? "[" + length + "]" + elem : name;
      case MAP -> name.isEmpty() ? "map[" + key + "]" + elem : name;
      default -> kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    };
  }
}
