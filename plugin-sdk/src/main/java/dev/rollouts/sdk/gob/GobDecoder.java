package dev.rollouts.sdk.gob;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads Go {@code encoding/gob} values from one gob stream (one direction of one yamux stream),
 * remembering the type definitions it has seen (spec/gob.md §8).
 *
 * <pre>
 * stream  := message*
 * message := uint(length) ( int(-id) wireType     type definition
 *                         | int(id) value )       value (struct, or 00 + singleton)
 * </pre>
 *
 * Values decode into records (struct fields matched by Go name, see {@link GoName}; unknown wire
 * fields skipped; absent fields become {@code 0}, {@code false} or {@code ""} for primitives and
 * {@code String}, else {@code null}), into plain Java types, or into a {@link GobValue} tree.
 *
 * <pre>{@code
 * GobDecoder decoder = new GobDecoder(stream.inputStream(), options);
 * Request header = decoder.decode(Request.class);
 * Object args = decoder.decode(Object.class);   // registered record, GobInterface or null
 * }</pre>
 *
 * <p>Message bodies are read from the stream incrementally and never beyond the current message,
 * so a length prefix is never trusted for allocation. Not thread-safe: one reader thread per
 * decoder; the type table ({@code types}) and the compiled plans ({@code plans}) are confined to
 * it.
 */
public final class GobDecoder {
  final GobInput in;
  private final GobOptions options;
  private final TypeTable types;
  private final ReaderCompiler plans;
  private int depth;

  /**
   * A decoder with {@link GobOptions#defaults()}.
   *
   * @throws NullPointerException when {@code in} is null
   */
  public GobDecoder(InputStream in) {
    this(in, GobOptions.defaults());
  }

  /**
   * A decoder with the given limits and interface registrations.
   *
   * @throws NullPointerException when an argument is null
   */
  public GobDecoder(InputStream in, GobOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.in = new GobInput(Objects.requireNonNull(in, "in"), options.maxMessageSize());
    this.types = new TypeTable(options.maxDepth());
    this.plans = new ReaderCompiler(types);
  }

  /**
   * Reads the next top-level value into {@code type}.
   *
   * @return the value; for {@code Object.class} a registered record, a {@link GobInterface} for an
   *     unregistered name, or {@code null} for the nil interface
   * @throws EOFException when the stream ends cleanly before the value
   * @throws GobException when the bytes are malformed or do not fit {@code type}
   * @throws IOException when the stream fails
   * @throws IllegalArgumentException when gob has no mapping for {@code type}
   */
  @SuppressWarnings("unchecked")
  public <T> T decode(Class<T> type) throws IOException {
    Object value = decode((Type) type);
    return type.isPrimitive() ? (T) value : type.cast(value);
  }

  /**
   * Reads the next top-level value into a generic type such as {@code List<String>} (see
   * {@link GoTypes}).
   *
   * @throws EOFException when the stream ends cleanly before the value
   * @throws GobException when the bytes are malformed or do not fit {@code type}
   * @throws IOException when the stream fails
   * @throws IllegalArgumentException when gob has no mapping for {@code type}
   */
  public Object decode(Type type) throws IOException {
    Objects.requireNonNull(type, "type");
    try {
      int id = beginValue();
      return readTopLevel(id, plans.topLevel(id, type));
    } catch (GobException e) {
      throw e.at(in.offset());
    }
  }

  /**
   * Reads the next top-level value as a generic tree that keeps its wire types.
   *
   * @throws EOFException when the stream ends cleanly before the value
   * @throws GobException when the bytes are malformed
   * @throws IOException when the stream fails
   */
  public GobValue decodeValue() throws IOException {
    return (GobValue) decode(GobValue.class);
  }

  /**
   * Reads and discards the next top-level value; its type definitions are still recorded.
   *
   * @throws EOFException when the stream ends cleanly before the value
   * @throws GobException when the bytes are malformed
   * @throws IOException when the stream fails
   */
  public void skipValue() throws IOException {
    try {
      int id = beginValue();
      if (!isStruct(id)) {
        readSingletonMarker(id);
      }
      skip(id);
    } catch (GobException e) {
      throw e.at(in.offset());
    }
  }

  // ---- framing (spec/gob.md §8: decodeTypeSequence, decodeValue) ------------------------------

  private int beginValue() throws IOException {
    in.discard(); // Go drops what is left of the previous message
    depth = 0;
    return typeSequence(false);
  }

  /**
   * Reads type definitions until a value's type id. Inside an interface value a definition may
   * be followed by the length prefix of the next chunk, which is skipped.
   */
  private int typeSequence(boolean insideInterface) throws IOException {
    boolean definitionSeen = false;
    while (true) {
      if (!in.hasRemaining() && !in.readMessage()) {
        if (insideInterface || definitionSeen) {
          throw GobException.unexpectedEof(in.offset());
        }
        throw new EOFException("end of gob stream");
      }
      long at = in.offset();
      long id = in.readInt();
      if (id >= 0) {
        if (id > Integer.MAX_VALUE) {
          throw GobException.badTypeId(id, at);
        }
        return (int) id;
      }
      if (id == Long.MIN_VALUE) {
        throw GobException.badTypeId(id, at);
      }
      types.define(-id, in);
      if (in.hasRemaining()) {
        if (!insideInterface) {
          throw GobException.extraData(in.offset());
        }
        in.readUint();
      }
      definitionSeen = true;
    }
  }

  private Object readTopLevel(int id, ValueReader reader) throws IOException {
    if (!isStruct(id)) {
      readSingletonMarker(id);
    }
    return reader.read(this);
  }

  private void readSingletonMarker(int id) throws GobException {
    long at = in.offset();
    if (in.readUint() != 0) {
      throw GobException.nonZeroSingletonDelta(id, at);
    }
  }

  private boolean isStruct(int id) throws GobException {
    if (GobType.predefined(id) != null) {
      return false;
    }
    return types.require(id, in.offset()).kind() == GobType.Kind.STRUCT;
  }

  void enter() throws GobException {
    if (++depth > options.maxDepth()) {
      throw GobException.tooDeep(options.maxDepth(), in.offset());
    }
  }

  void leave() {
    depth--;
  }

  // ---- interfaces (spec/gob.md §7) ---------------------------------------------------------

  /** The registered name, or "" for the nil interface. */
  private String interfaceName() throws GobException {
    long at = in.offset();
    long length = in.readUint();
    if (length < 0 || length > GobOptions.MAX_INTERFACE_NAME) {
      throw GobException.nameTooLong(length, at);
    }
    return in.readString(length, at);
  }

  /** After the name: definitions, the concrete id and the (ignored) byte count. */
  private int interfaceValueType() throws IOException {
    int id = typeSequence(true);
    in.readUint();
    return id;
  }

  Object readInterfaceObject() throws IOException {
    return readInterface(false);
  }

  Object readGobInterface() throws IOException {
    return readInterface(true);
  }

  /**
   * An interface value for an {@code Object} or {@link GobInterface} target: the registered
   * record (wrapped when asked), a {@link GobInterface} with a generic value for an unregistered
   * name, or null for the nil interface.
   */
  private Object readInterface(boolean wrapRegistered) throws IOException {
    enter();
    String name = interfaceName();
    if (name.isEmpty()) {
      leave();
      return null;
    }
    int id = interfaceValueType();
    Class<?> registered = options.interfaces().classFor(name)
        .orElseGet(() -> GoBasicNames.classFor(name));
    Object value;
    if (registered == null) {
      value = new GobInterface(name, readTopLevel(id, plans.topLevel(id, GobValue.class)));
    } else {
      value = readTopLevel(id, plans.topLevel(id, registered));
      if (wrapRegistered) {
        value = new GobInterface(name, value);
      }
    }
    leave();
    return value;
  }

  // ---- generic trees and skipping --------------------------------------------------------------

  GobValue readGeneric(int id) throws IOException {
    switch (id) {
      case 1:
        return new GobValue.Bool(in.readBool());
      case 2:
        return new GobValue.Int(in.readInt());
      case 3:
        return new GobValue.Uint(in.readUint());
      case 4:
        return new GobValue.Float(in.readFloat());
      case 5:
        return GobValue.Bytes.wrap(GobType.BYTES, in.readBytes());
      case 6:
        return GobValue.Str.wrap(in.readBytes());
      case 7:
        return new GobValue.Complex(in.readFloat(), in.readFloat());
      case 8:
        return readGenericInterface();
      default:
        break;
    }
    long at = in.offset();
    WireType wire = types.require(id, at);
    GobType type = types.gobType(id, at);
    enter();
    GobValue value = switch (wire.kind()) {
      case STRUCT -> {
        Map<String, GobValue> fields = new LinkedHashMap<>();
        int field = -1;
        while ((field = in.nextField(field, wire.fieldIds().length, wire.name(), id)) >= 0) {
          fields.put(wire.fieldNames()[field], readGeneric(wire.fieldIds()[field]));
        }
        yield new GobValue.Struct(type, fields);
      }
      case SLICE, ARRAY -> {
        int count = elementCount(id, wire, at);
        List<GobValue> elements = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
          elements.add(readGeneric(wire.elem()));
        }
        yield new GobValue.Slice(type, elements);
      }
      case MAP -> {
        int count = mapSize(wire);
        Map<GobValue, GobValue> entries = new LinkedHashMap<>(Math.min(count, 1024) * 4 / 3 + 1);
        for (int i = 0; i < count; i++) {
          GobValue key = readGeneric(wire.key());
          entries.put(key, readGeneric(wire.elem()));
        }
        yield new GobValue.Map(type, entries);
      }
      default -> GobValue.Bytes.wrap(type, in.readBytes());
    };
    leave();
    return value;
  }

  private GobValue readGenericInterface() throws IOException {
    enter();
    String name = interfaceName();
    if (name.isEmpty()) {
      leave();
      return GobValue.Interface.NIL;
    }
    int id = interfaceValueType();
    if (!isStruct(id)) {
      readSingletonMarker(id);
    }
    GobValue value = readGeneric(id);
    leave();
    return new GobValue.Interface(name, value);
  }

  /** Parses a value of wire type {@code id} without building anything. */
  void skip(int id) throws IOException {
    switch (id) {
      case 1, 2, 3, 4 -> in.readUint();
      case 5, 6 -> in.skipBytes();
      case 7 -> {
        in.readUint();
        in.readUint();
      }
      case 8 -> skipInterface();
      default -> skipUserType(id);
    }
  }

  private void skipUserType(int id) throws IOException {
    long at = in.offset();
    WireType wire = types.require(id, at);
    enter();
    switch (wire.kind()) {
      case STRUCT -> {
        int field = -1;
        while ((field = in.nextField(field, wire.fieldIds().length, wire.name(), id)) >= 0) {
          skip(wire.fieldIds()[field]);
        }
      }
      case SLICE, ARRAY -> {
        int count = elementCount(id, wire, at);
        for (int i = 0; i < count; i++) {
          skip(wire.elem());
        }
      }
      case MAP -> {
        int count = mapSize(wire);
        for (int i = 0; i < count; i++) {
          skip(wire.key());
          skip(wire.elem());
        }
      }
      default -> in.skipBytes();
    }
    leave();
  }

  private void skipInterface() throws IOException {
    enter();
    if (!interfaceName().isEmpty()) {
      int id = interfaceValueType();
      if (!isStruct(id)) {
        readSingletonMarker(id);
      }
      skip(id);
    }
    leave();
  }

  /**
   * Checks a slice or array count: against the bytes left, unless the elements are interfaces
   * (their definitions may continue in later messages, so each still costs at least one byte).
   */
  private int elementCount(int id, WireType wire, long at) throws GobException {
    int count = wire.elem() == 8 ? in.readUncheckedCount("slice length")
        : in.readCount("slice length");
    if (wire.kind() == GobType.Kind.ARRAY && count != wire.length()) {
      throw GobException.arrayLengthMismatch(count, wire.length(), id, at);
    }
    return count;
  }

  private int mapSize(WireType wire) throws GobException {
    return wire.key() == 8 || wire.elem() == 8 ? in.readUncheckedCount("map size")
        : in.readCount("map size");
  }
}
