package dev.rollouts.sdk.gob;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Go name of a record component (its struct field name) or of a record (its type name in
 * gob type definitions).
 *
 * <p>Without it a component {@code uid} maps to the Go field {@code Uid}; Go field names are
 * matched exactly and case-sensitively, so {@code @GoName("UID") String uid} is needed for
 * Kubernetes' {@code UID}. On a record class it replaces the simple class name in type
 * definitions, which Go ignores; {@code @GoName("")} writes an unnamed type like Go's
 * {@code struct{}}.
 *
 * <pre>{@code
 * record ObjectMeta(String name, @GoName("UID") String uid) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface GoName {
  /** The exact Go name. */
  String value();
}
