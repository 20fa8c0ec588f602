package dev.rollouts.sdk.gob;

/**
 * One type definition as received ({@code wireType}, spec/gob.md §4): the kind, the
 * informational name and the ids it refers to, which may be defined later on the stream.
 *
 * @param kind STRUCT, SLICE, ARRAY, MAP or one of the marshaler kinds
 * @param name {@code CommonType.Name}, informational
 * @param elem element id of a slice, array or map
 * @param key key id of a map
 * @param length length of an array
 * @param fieldNames struct field names in field-number order
 * @param fieldIds struct field type ids
 */
record WireType(GobType.Kind kind, String name, int elem, int key, int length,
    String[] fieldNames, int[] fieldIds) {
  private static final String[] NO_NAMES = {};
  private static final int[] NO_IDS = {};

  static WireType struct(String name, String[] fieldNames, int[] fieldIds) {
    return new WireType(GobType.Kind.STRUCT, name, 0, 0, 0, fieldNames, fieldIds);
  }

  static WireType other(GobType.Kind kind, String name, int elem, int key, int length) {
    return new WireType(kind, name, elem, key, length, NO_NAMES, NO_IDS);
  }

  /** How Go would name this type in an error message. */
  String describe() {
    String shown = name.isEmpty() ? "" : " " + name;
    return switch (kind) {
      case STRUCT -> "struct" + shown;
      case SLICE -> "slice" + shown;
      case ARRAY -> "array" + shown;
      case MAP -> "map" + shown;
      case GOB_ENCODER -> "GobEncoder" + shown;
      case BINARY_MARSHALER -> "BinaryMarshaler" + shown;
      default -> "TextMarshaler" + shown;
    };
  }
}
