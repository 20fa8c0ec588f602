package dev.rollouts.sdk.gob;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes Go {@code encoding/gob} values to one gob stream (one direction of one yamux stream),
 * remembering which type definitions it has sent (spec/gob.md §3, §5, §7, §11).
 *
 * <pre>
 * new types: uint(len) int(-id) wireType      one message per definition, ids 65, 66, ... in
 *                                             order of first use (outer type before its fields)
 * value:     uint(len) int(id) struct-fields 00      for a struct
 *            uint(len) int(id) 00 value              for anything else (a singleton)
 * </pre>
 *
 * Records become structs listing every component under its Go name ({@link GoName}); zero
 * values and {@code null} components are omitted as Go omits them, except that a non-null
 * {@code Map} is always sent. Interface values ({@code Object}, {@link GobInterface}) follow Go's
 * layout exactly, with definitions interleaved.
 *
 * <pre>{@code
 * GobEncoder encoder = new GobEncoder(stream.outputStream());
 * encoder.encode(new Response("Plugin.Run", seq, ""));
 * encoder.encode(measurement);
 * }</pre>
 *
 * <p>Each {@code encode} writes its definitions and the value with one {@code out.write}; if it
 * fails, nothing was written by it and the table of sent types is as before. Not thread-safe:
 * callers serialise {@code encode} calls (net/rpc writes header and body under one lock); the
 * id table ({@code ids}) and the scratch buffers are confined to the caller holding that lock.
 */
public final class GobEncoder {
  static final int FIRST_ID = 65;

  private final OutputStream out;
  private final GobOptions options;
  private final HashMap<GobType, Integer> ids = new HashMap<>();
  private final List<GobType> tentative = new ArrayList<>();
  private int nextId = FIRST_ID;
  private final GobOutput definitions = new GobOutput();
  private final GobOutput message = new GobOutput();
  private final ArrayDeque<GobOutput> writers = new ArrayDeque<>();
  private final List<GobOutput> spare = new ArrayList<>();
  private int depth;

  /**
   * An encoder with {@link GobOptions#defaults()}.
   *
   * @throws NullPointerException when {@code out} is null
   */
  public GobEncoder(OutputStream out) {
    this(out, GobOptions.defaults());
  }

  /**
   * An encoder using the options' interface registrations (names for {@code Object} values) and
   * depth limit.
   *
   * @throws NullPointerException when an argument is null
   */
  public GobEncoder(OutputStream out, GobOptions options) {
    this.out = Objects.requireNonNull(out, "out");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Writes {@code value} with its runtime class as declared type; a {@link GobValue} is written
   * with its own wire types and a {@link GobInterface} as an interface value.
   *
   * @throws IOException when the stream fails
   * @throws IllegalArgumentException when gob has no mapping for the value (e.g. a raw
   *     {@code List}: use {@link #encode(Object, Type)} with {@link GoTypes}), or an element is
   *     null, or an interface value's class is not registered
   * @throws NullPointerException when {@code value} is null
   */
  public void encode(Object value) throws IOException {
    Objects.requireNonNull(value, "value (send a nil interface with encode(null, Object.class))");
    if (value instanceof GobValue tree) {
      encode(tree);
    } else {
      encode(value, value.getClass());
    }
  }

  /**
   * Writes {@code value} as the declared type, e.g. {@code Object.class} for an interface
   * value ({@code null} is then the nil interface) or {@code GoTypes.mapOf(String.class,
   * String.class)}.
   *
   * @throws IOException when the stream fails
   * @throws IllegalArgumentException when gob has no mapping for the type, the value does not fit
   *     it, an element is null, or an interface value's class is not registered
   */
  public void encode(Object value, Type declaredType) throws IOException {
    Objects.requireNonNull(declaredType, "declaredType");
    EncodePlan plan = EncodePlans.forType(declaredType, false);
    if (!(plan instanceof EncodePlan.InterfacePlan)) {
      Class<?> raw = ReaderCompiler.rawClass(declaredType);
      if (value == null || !box(raw).isInstance(value)) {
        throw new IllegalArgumentException(
            "value " + describe(value) + " is not a " + declaredType.getTypeName());
      }
    }
    encodeTopLevel(plan.type, body -> plan.write(this, body, value));
  }

  /**
   * Writes a generic tree with its own wire types, so that Go decodes it to an equal value.
   *
   * @throws IOException when the stream fails
   * @throws IllegalArgumentException when a value in the tree does not match its declared type
   */
  public void encode(GobValue value) throws IOException {
    Objects.requireNonNull(value, "value");
    encodeTopLevel(value.type(), body -> writeTree(body, value.type(), value));
  }

  // ---- messages ------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Body {
    void write(GobOutput out) throws IOException;
  }

  private void encodeTopLevel(GobType type, Body body) throws IOException {
    int firstNewId = nextId;
    boolean written = false;
    try {
      definitions.reset();
      message.reset();
      writers.clear();
      writers.push(definitions);
      depth = 0;
      sendTypes(definitions, message, type);
      message.writeInt(idOf(type));
      if (type.kind() != GobType.Kind.STRUCT) {
        message.writeUint(0);
      }
      body.write(message);
      if (definitions.size() == 0) {
        int start = message.frame();
        out.write(message.buf, start, message.pos - start);
      } else {
        definitions.appendMessage(message);
        out.write(definitions.buf, GobOutput.HEADER, definitions.size());
      }
      written = true;
    } finally {
      if (!written) {
        for (GobType fresh : tentative) {
          ids.remove(fresh);
        }
        nextId = firstNewId;
      }
      tentative.clear();
    }
  }

  /**
   * Assigns ids to the types {@code root} needs that this stream has not seen, outer type first
   * and then its parts depth-first (Go's order), and appends one definition message per type to
   * {@code target}, each starting with what {@code current} already holds (Go's interface layout,
   * spec/gob.md §7).
   */
  private void sendTypes(GobOutput target, GobOutput current, GobType root) {
    if (root.predefinedId() != 0 || ids.containsKey(root)) {
      return;
    }
    List<GobType> fresh = new ArrayList<>();
    ArrayDeque<GobType> work = new ArrayDeque<>();
    work.push(root);
    while (!work.isEmpty()) {
      GobType type = work.pop();
      if (type.predefinedId() != 0 || ids.containsKey(type)) {
        continue;
      }
      ids.put(type, nextId++);
      tentative.add(type);
      fresh.add(type);
      List<GobType> parts = new ArrayList<>();
      switch (type.kind()) {
        case STRUCT -> type.fields().forEach(field -> parts.add(field.type()));
        case SLICE, ARRAY -> parts.add(type.elem());
        case MAP -> {
          parts.add(type.key());
          parts.add(type.elem());
        }
        default -> { }
      }
      for (int i = parts.size() - 1; i >= 0; i--) {
        work.push(parts.get(i));
      }
    }
    for (GobType type : fresh) {
      current.writeInt(-idOf(type));
      writeWireType(current, type);
      target.appendMessage(current);
    }
  }

  private int idOf(GobType type) {
    int predefined = type.predefinedId();
    return predefined != 0 ? predefined : ids.get(type);
  }

  /** A {@code wireType} struct value (spec/gob.md §4); zero fields omitted as Go does. */
  private void writeWireType(GobOutput out, GobType type) {
    switch (type.kind()) {
      case STRUCT -> {
        out.writeUint(3); // field 2: StructT
        out.writeUint(1); // structType field 0: CommonType
        writeCommonType(out, type);
        if (!type.fields().isEmpty()) {
          out.writeUint(1); // field 1: Field []*fieldType
          out.writeUint(type.fields().size());
          for (GobType.Field field : type.fields()) {
            out.writeUint(1);
            out.writeString(field.name());
            out.writeUint(1);
            out.writeInt(idOf(field.type()));
            out.writeUint(0);
          }
        }
        out.writeUint(0);
      }
      case SLICE -> {
        out.writeUint(2); // field 1: SliceT
        out.writeUint(1);
        writeCommonType(out, type);
        out.writeUint(1);
        out.writeInt(idOf(type.elem()));
        out.writeUint(0);
      }
      case ARRAY -> {
        out.writeUint(1); // field 0: ArrayT
        out.writeUint(1);
        writeCommonType(out, type);
        out.writeUint(1);
        out.writeInt(idOf(type.elem()));
        if (type.length() != 0) {
          out.writeUint(1);
          out.writeInt(type.length());
        }
        out.writeUint(0);
      }
      case MAP -> {
        out.writeUint(4); // field 3: MapT
        out.writeUint(1);
        writeCommonType(out, type);
        out.writeUint(1);
        out.writeInt(idOf(type.key()));
        out.writeUint(1);
        out.writeInt(idOf(type.elem()));
        out.writeUint(0);
      }
      default -> {
        // fields 4, 5, 6: GobEncoderT, BinaryMarshalerT, TextMarshalerT
        out.writeUint(type.kind() == GobType.Kind.GOB_ENCODER ? 5
            : type.kind() == GobType.Kind.BINARY_MARSHALER ? 6 : 7);
        out.writeUint(1);
        writeCommonType(out, type);
        out.writeUint(0);
      }
    }
    out.writeUint(0); // end of wireType
  }

  private void writeCommonType(GobOutput out, GobType type) {
    if (type.name().isEmpty()) {
      out.writeUint(2);
    } else {
      out.writeUint(1);
      out.writeString(type.name());
      out.writeUint(1);
    }
    out.writeInt(idOf(type));
    out.writeUint(0);
  }

  // ---- interfaces (spec/gob.md §7) -------------------------------------------------------------

  /** An interface value for a Java {@code Object}/{@link GobInterface} slot; null is nil. */
  void writeInterface(GobOutput out, Object value) throws IOException {
    if (value == null) {
      out.writeUint(0);
      return;
    }
    if (value instanceof GobValue.Interface tree) {
      writeTreeInterface(out, tree);
      return;
    }
    String name;
    Object concrete;
    if (value instanceof GobInterface named) {
      name = named.name();
      concrete = named.value();
    } else {
      concrete = value;
      name = options.interfaces().nameFor(value.getClass())
          .orElseGet(() -> GoBasicNames.nameFor(value.getClass()));
      if (name == null) {
        throw new IllegalArgumentException("type not registered for interface: "
            + value.getClass().getName() + " (register it in GobOptions.interfaces())");
      }
    }
    if (concrete instanceof GobValue tree) {
      writeInterfaceBody(out, name, tree.type(), data -> writeTree(data, tree.type(), tree));
    } else {
      EncodePlan plan = EncodePlans.forType(concrete.getClass(), false);
      writeInterfaceBody(out, name, plan.type, data -> plan.write(this, data, concrete));
    }
  }

  private void writeInterfaceBody(GobOutput out, String name, GobType type, Body body)
      throws IOException {
    enter();
    out.writeString(name);
    sendTypes(writers.peek(), out, type);
    out.writeInt(idOf(type));
    writers.push(out);
    GobOutput data = spare.isEmpty() ? new GobOutput() : spare.remove(spare.size() - 1);
    data.reset();
    if (type.kind() != GobType.Kind.STRUCT) {
      data.writeUint(0);
    }
    body.write(data);
    writers.pop();
    out.appendMessage(data); // the byte count, then the value
    spare.add(data);
    leave();
  }

  // ---- generic trees -------------------------------------------------------------------------

  private void writeTree(GobOutput out, GobType declared, GobValue value) throws IOException {
    if (declared.kind() != value.type().kind()) {
      throw new IllegalArgumentException(
          "value of type " + value.type() + " where " + declared + " is declared");
    }
    switch (value) {
      case GobValue.Bool v -> out.writeBool(v.value());
      case GobValue.Int v -> out.writeInt(v.value());
      case GobValue.Uint v -> out.writeUint(v.value());
      case GobValue.Float v -> out.writeFloat(v.value());
      case GobValue.Complex v -> {
        out.writeFloat(v.real());
        out.writeFloat(v.imaginary());
      }
      case GobValue.Str v -> out.writeBytes(v.rawBytes());
      case GobValue.Bytes v -> out.writeBytes(v.rawBytes());
      case GobValue.Struct v -> {
        enter();
        List<GobType.Field> fields = v.type().fields();
        int last = -1;
        for (int i = 0; i < fields.size(); i++) {
          GobValue field = v.fields().get(fields.get(i).name());
          if (field != null) {
            out.writeUint(i - last);
            last = i;
            writeTree(out, fields.get(i).type(), field);
          }
        }
        out.writeUint(0);
        leave();
      }
      case GobValue.Slice v -> {
        enter();
        out.writeUint(v.elements().size());
        for (GobValue element : v.elements()) {
          writeTree(out, v.type().elem(), element);
        }
        leave();
      }
      case GobValue.Map v -> {
        enter();
        out.writeUint(v.entries().size());
        for (Map.Entry<GobValue, GobValue> entry : v.entries().entrySet()) {
          writeTree(out, v.type().key(), entry.getKey());
          writeTree(out, v.type().elem(), entry.getValue());
        }
        leave();
      }
      case GobValue.Interface v -> writeTreeInterface(out, v);
    }
  }

  private void writeTreeInterface(GobOutput out, GobValue.Interface value) throws IOException {
    if (value.isNil()) {
      out.writeUint(0);
      return;
    }
    GobValue concrete = value.value();
    writeInterfaceBody(out, value.name(), concrete.type(),
        data -> writeTree(data, concrete.type(), concrete));
  }

  // ---- helpers -------------------------------------------------------------------------------

  void enter() {
    if (++depth > options.maxDepth()) {
      throw new IllegalArgumentException(
          "value nests deeper than " + options.maxDepth() + " levels (a cycle?)");
    }
  }

  void leave() {
    depth--;
  }

  private static Class<?> box(Class<?> raw) {
    if (!raw.isPrimitive()) {
      return raw;
    }
    return switch (raw.getName()) {
      case "boolean" -> Boolean.class;
      case "long" -> Long.class;
      case "int" -> Integer.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      default -> Character.class;
    };
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }
}
