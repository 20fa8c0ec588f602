package dev.rollouts.kit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A manifest the kit cannot use: malformed YAML, a value of the wrong type, a missing document.
 * The message starts with {@code file:line:column} where the parser knows the place.
 */
public final class ManifestException extends IOException {
  private static final long serialVersionUID = 1L;

  private ManifestException(String message, Throwable cause) {
    super(message, cause);
  }

  static ManifestException at(Path file, long line, long column, String what, Throwable cause) {
    String place = line > 0 ? file + ":" + line + ":" + column : file.toString();
    return new ManifestException(place + ": " + what, cause);
  }

  static ManifestException noDocument(Path file, String kinds) {
    return new ManifestException(file + ": no document of kind " + kinds, null);
  }

  static ManifestException invalid(Path file, String what) {
    return new ManifestException(file + ": " + what, null);
  }
}
