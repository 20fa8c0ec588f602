package dev.rollouts.sdk.gob;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The type definitions received on one gob stream, and their {@link GobType} graphs.
 *
 * <p>Parses {@code wireType} values (spec/gob.md §4) by hand: a struct of seven optional
 * pointer fields of which exactly one is set, each holding a {@code CommonType} and the kind's
 * own fields. References to other ids are resolved lazily, when a value needs them, because Go
 * defines the outer type before the types of its fields.
 *
 * <p>Not thread-safe; owned by one decoder.
 */
final class TypeTable {
  static final int FIRST_USER_ID = 64;
  private static final int WIRE_TYPE_FIELDS = 7;

  private final HashMap<Integer, WireType> wires = new HashMap<>();
  private final HashMap<Integer, GobType> resolved = new HashMap<>();
  private final int maxDepth;

  TypeTable(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** The definition of a user id, or null. */
  WireType wire(int id) {
    return wires.get(id);
  }

  /** The definition of a user id. */
  WireType require(int id, long offset) throws GobException {
    WireType wire = wires.get(id);
    if (wire == null) {
      throw GobException.unknownType(id, offset);
    }
    return wire;
  }

  /** True for ids with a meaning: predefined 1..8 or defined on this stream. */
  boolean isKnown(int id) {
    return GobType.predefined(id) != null || wires.containsKey(id);
  }

  /** Reads the definition of type {@code id} that follows in {@code in} and records it. */
  void define(long id, GobInput in) throws GobException {
    long at = in.offset();
    if (id < FIRST_USER_ID) {
      throw GobException.reservedTypeId(id, at);
    }
    if (id > Integer.MAX_VALUE) {
      throw GobException.badTypeId(id, at);
    }
    int typeId = (int) id;
    if (wires.containsKey(typeId)) {
      throw GobException.duplicateType(typeId, at);
    }
    wires.put(typeId, parseWireType(in, typeId));
  }

  // ---- wireType parsing ------------------------------------------------------------------

  private static WireType parseWireType(GobInput in, int id) throws GobException {
    long at = in.offset();
    WireType result = null;
    int field = -1;
    while ((field = in.nextField(field, WIRE_TYPE_FIELDS, "wireType", id)) >= 0) {
      if (result != null) {
        throw GobException.badTypeDefinition("more than one kind", id, at);
      }
      result = switch (field) {
        case 0 -> parseArrayOrSliceOrMap(in, id, GobType.Kind.ARRAY, 3);
        case 1 -> parseArrayOrSliceOrMap(in, id, GobType.Kind.SLICE, 2);
        case 2 -> parseStruct(in, id);
        case 3 -> parseArrayOrSliceOrMap(in, id, GobType.Kind.MAP, 3);
        case 4 -> parseMarshaler(in, id, GobType.Kind.GOB_ENCODER);
        case 5 -> parseMarshaler(in, id, GobType.Kind.BINARY_MARSHALER);
        default -> parseMarshaler(in, id, GobType.Kind.TEXT_MARSHALER);
      };
    }
    if (result == null) {
      throw GobException.badTypeDefinition("no kind", id, at);
    }
    return result;
  }

  /** arrayType {CommonType, Elem, Len}; sliceType {CommonType, Elem}; mapType {CommonType, Key, Elem}. */
  private static WireType parseArrayOrSliceOrMap(GobInput in, int id, GobType.Kind kind,
      int fields) throws GobException {
    String name = "";
    long first = 0;
    long second = 0;
    int field = -1;
    while ((field = in.nextField(field, fields, kind.name(), id)) >= 0) {
      switch (field) {
        case 0 -> name = parseCommonType(in, id);
        case 1 -> first = in.readInt();
        default -> second = in.readInt();
      }
    }
    long at = in.offset();
    return switch (kind) {
      case ARRAY -> {
        if (second < 0 || second > Integer.MAX_VALUE) {
          throw GobException.badTypeDefinition("array length " + second, id, at);
        }
        yield WireType.other(kind, name, referenced(first, id, at), 0, (int) second);
      }
      case SLICE -> WireType.other(kind, name, referenced(first, id, at), 0, 0);
      default -> WireType.other(kind, name, referenced(second, id, at), referenced(first, id, at), 0);
    };
  }

  private static WireType parseStruct(GobInput in, int id) throws GobException {
    String name = "";
    List<String> names = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    int field = -1;
    while ((field = in.nextField(field, 2, "structType", id)) >= 0) {
      if (field == 0) {
        name = parseCommonType(in, id);
        continue;
      }
      int count = in.readCount("struct field count");
      for (int i = 0; i < count; i++) {
        parseFieldType(in, id, names, ids);
      }
    }
    long at = in.offset();
    int[] fieldIds = new int[ids.size()];
    for (int i = 0; i < fieldIds.length; i++) {
      fieldIds[i] = ids.get(i);
      for (int j = 0; j < i; j++) {
        if (names.get(i).equals(names.get(j))) {
          throw GobException.badTypeDefinition("duplicate field " + names.get(i), id, at);
        }
      }
    }
    return WireType.struct(name, names.toArray(String[]::new), fieldIds);
  }

  /** fieldType {Name string; Id typeId}. */
  private static void parseFieldType(GobInput in, int id, List<String> names, List<Integer> ids)
      throws GobException {
    String name = "";
    long fieldId = 0;
    int field = -1;
    while ((field = in.nextField(field, 2, "fieldType", id)) >= 0) {
      if (field == 0) {
        name = in.readString();
      } else {
        fieldId = in.readInt();
      }
    }
    long at = in.offset();
    if (name.isEmpty()) {
      throw GobException.badTypeDefinition("empty field name", id, at);
    }
    names.add(name);
    ids.add(referenced(fieldId, id, at));
  }

  private static WireType parseMarshaler(GobInput in, int id, GobType.Kind kind)
      throws GobException {
    String name = "";
    int field = -1;
    while ((field = in.nextField(field, 1, "gobEncoderType", id)) >= 0) {
      name = parseCommonType(in, id);
    }
    return WireType.other(kind, name, 0, 0, 0);
  }

  /** CommonType {Name string; Id typeId}: the name is kept, the id ignored (Go ignores it). */
  private static String parseCommonType(GobInput in, int id) throws GobException {
    String name = "";
    int field = -1;
    while ((field = in.nextField(field, 2, "CommonType", id)) >= 0) {
      if (field == 0) {
        name = in.readString();
      } else {
        in.readInt();
      }
    }
    return name;
  }

  private static int referenced(long ref, int id, long at) throws GobException {
    if (ref < 1 || ref > Integer.MAX_VALUE) {
      throw GobException.badTypeDefinition("reference to type id " + ref, id, at);
    }
    return (int) ref;
  }

  // ---- GobType graphs ---------------------------------------------------------------------

  /** The type graph of {@code id}; every id it reaches must be defined by now. */
  GobType gobType(int id, long offset) throws GobException {
    GobType predefined = GobType.predefined(id);
    if (predefined != null) {
      return predefined;
    }
    GobType known = resolved.get(id);
    return known != null ? known : build(id, 0, offset);
  }

  private GobType build(int id, int depth, long offset) throws GobException {
    GobType predefined = GobType.predefined(id);
    if (predefined != null) {
      return predefined;
    }
    GobType known = resolved.get(id);
    if (known != null) {
      return known;
    }
    if (depth >= maxDepth) {
      throw GobException.tooDeep(maxDepth, offset);
    }
    WireType wire = require(id, offset);
    GobType type;
    switch (wire.kind()) {
      case STRUCT -> {
        type = GobType.declareStruct(wire.name());
        resolved.put(id, type); // before the fields: they may refer back to it
        List<GobType.Field> fields = new ArrayList<>(wire.fieldIds().length);
        for (int i = 0; i < wire.fieldIds().length; i++) {
          fields.add(new GobType.Field(wire.fieldNames()[i],
              build(wire.fieldIds()[i], depth + 1, offset)));
        }
        type.defineFields(fields);
        return type;
      }
      case SLICE -> type = GobType.slice(wire.name(), placeholderSafe(wire.elem(), id, depth, offset));
      case ARRAY -> type = GobType.array(wire.name(),
          placeholderSafe(wire.elem(), id, depth, offset), wire.length());
      case MAP -> type = GobType.map(wire.name(), placeholderSafe(wire.key(), id, depth, offset),
          placeholderSafe(wire.elem(), id, depth, offset));
      default -> type = GobType.marshaler(wire.kind(), wire.name());
    }
    resolved.put(id, type);
    return type;
  }

  /**
   * Resolves an element type. A slice, array or map cannot contain itself without a struct in
   * between in a graph we can build bottom-up, so such a cycle ({@code type T []T}) is rejected.
   */
  private GobType placeholderSafe(int ref, int id, int depth, long offset) throws GobException {
    if (ref == id) {
      throw GobException.badTypeDefinition("recursive type without a struct", id, offset);
    }
    return build(ref, depth + 1, offset);
  }
}
