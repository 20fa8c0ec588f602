package dev.rollouts.sdk.gob;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;

/**
 * What gob needs to know about a record class, computed once per class: Go names, generic
 * types, defaults for absent fields, and method handles for the accessors and the canonical
 * constructor (no reflection per value).
 *
 * <p>Immutable, cached in a {@link ClassValue}, thread-safe.
 */
final class RecordModel {
  private static final ClassValue<RecordModel> MODELS = new ClassValue<>() {
    @Override
    protected RecordModel computeValue(Class<?> type) {
      return new RecordModel(type);
    }
  };

  /**
   * One record component.
   *
   * @param goName the Go field name
   * @param type the generic Java type
   * @param unsigned whether integers in it are Go unsigned integers
   * @param getter {@code (Object) -> Object}
   * @param absent the value used when the wire omits the field
   */
  record Component(String goName, Type type, boolean unsigned, MethodHandle getter,
      Object absent) {}

  final Class<?> type;
  final String goTypeName;
  final Component[] components;
  private final MethodHandle constructor;

  private RecordModel(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.type = type;
    GoName typeName = type.getAnnotation(GoName.class);
    this.goTypeName = typeName != null ? typeName.value() : type.getSimpleName();
    RecordComponent[] parts = type.getRecordComponents();
    components = new Component[parts.length];
    Class<?>[] parameterTypes = new Class<?>[parts.length];
    Set<String> names = new HashSet<>();
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      for (int i = 0; i < parts.length; i++) {
        RecordComponent part = parts[i];
        String goName = goName(part);
        if (!names.add(goName)) {
          throw new IllegalArgumentException(
              type.getName() + " has two components named " + goName + " in Go");
        }
        var accessor = part.getAccessor();
        accessor.setAccessible(true);
        MethodHandle getter = lookup.unreflect(accessor)
            .asType(MethodType.methodType(Object.class, Object.class));
        components[i] = new Component(goName, part.getGenericType(),
            part.isAnnotationPresent(GoUnsigned.class), getter, absentValue(part.getType()));
        parameterTypes[i] = part.getType();
      }
      Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
      canonical.setAccessible(true);
      constructor = lookup.unreflectConstructor(canonical)
          .asSpreader(Object[].class, parts.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("cannot access record " + type.getName()
          + " (open its package to dev.rollouts.sdk.gob?)", e);
    }
  }

  static RecordModel of(Class<?> type) {
    return MODELS.get(type);
  }

  /** The index of the component with this Go name, or -1. */
  int indexOf(String goName) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].goName().equals(goName)) {
        return i;
      }
    }
    return -1;
  }

  /** Values for every component as if the wire had omitted all fields. */
  Object[] absentValues() {
    Object[] values = new Object[components.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = components[i].absent();
    }
    return values;
  }

  /** Builds a record; a failure of its constructor becomes a {@link GobException}. */
  Object construct(Object[] values) throws GobException {
    try {
      return constructor.invokeExact(values);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw GobException.valueRejected(type.getSimpleName(), e);
    }
  }

  Object get(int component, Object record) {
    try {
      return components[component].getter().invokeExact(record);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static String goName(RecordComponent part) {
    GoName annotation = part.getAnnotation(GoName.class);
    if (annotation != null) {
      if (annotation.value().isEmpty()) {
        throw new IllegalArgumentException("empty @GoName on " + part);
      }
      return annotation.value();
    }
    String name = part.getName();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static Object absentValue(Class<?> type) {
    if (type == String.class) {
      return "";
    }
    if (!type.isPrimitive()) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == float.class) {
      return 0.0f;
    }
    return (char) 0; // char has no gob mapping; rejected when a plan is compiled
  }
}
