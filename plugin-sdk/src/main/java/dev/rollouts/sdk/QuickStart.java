package dev.rollouts.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decides whether a plugin may start without picocli: with no arguments (the ConfigMap's
 * {@code args} are usually empty) picocli would only apply defaults, yet building its model
 * (annotation proxies, converters, usage help) is about half of a plugin's start-up
 * (docs/benchmarks.md). The quick path is taken only when picocli would leave every plugin field
 * as it is: no arguments, and no plugin class (or superclass) using a picocli feature that acts
 * without arguments ({@code defaultValue}, {@code required}, positional parameters, mixins,
 * specs, argument groups, commands).
 *
 * <p>The classes are judged by their class file bytes, not by reflection, because reading
 * annotations reflectively costs what the quick path saves: a class that uses such a feature
 * carries its name in its constant pool. The test is conservative; a chance match (e.g. a method
 * called {@code required}) only means taking picocli's path.
 *
 * <p>Stateless and thread-safe.
 */
final class QuickStart {
  /** The only picocli annotation the quick path accepts, as it appears in a class file. */
  private static final byte[] OPTION = ascii("Lpicocli/CommandLine$Option;");
  /** Any picocli annotation: {@code Option}, {@code Parameters}, {@code Mixin}, {@code Spec}... */
  private static final byte[] ANY_PICOCLI = ascii("Lpicocli/CommandLine$");
  /** Annotation elements that make picocli act on a field even without arguments. */
  private static final byte[][] ACTING_ELEMENTS = {ascii("defaultValue"), ascii("required")};

  private QuickStart() {}

  /** True when {@code args} is empty and picocli would change nothing on {@code plugins}. */
  static boolean applies(String[] args, Object... plugins) {
    if (args.length != 0) {
      return false;
    }
    for (Object plugin : plugins) {
      for (Class<?> c = plugin.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        byte[] classFile = classFile(c);
        if (classFile == null || !inert(classFile)) {
          return false;
        }
      }
    }
    return true;
  }

  /** True when a class file uses no picocli feature beyond {@code @Option} without defaults. */
  static boolean inert(byte[] classFile) {
    int options = count(classFile, OPTION);
    if (count(classFile, ANY_PICOCLI) != options) {
      return false; // Parameters, Mixin, Spec, ArgGroup, Command, ...
    }
    if (options == 0) {
      return true;
    }
    for (byte[] element : ACTING_ELEMENTS) {
      if (count(classFile, element) > 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] classFile(Class<?> c) {
    ClassLoader loader = c.getClassLoader();
    if (loader == null) {
      return null;
    }
    try (InputStream in = loader.getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static int count(byte[] haystack, byte[] needle) {
    int n = 0;
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
