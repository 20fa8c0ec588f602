package dev.rollouts.conformance;

import dev.rollouts.sdk.gob.GobDecoder;
import dev.rollouts.sdk.gob.GobEncoder;
import dev.rollouts.sdk.gob.GobValue;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Decodes every value of a gob stream into one typed Java record and re-encodes the record. */
@Command(name = "gob-typed", description = "Echo a gob stream through a typed Java record.")
final class GobTypedCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Type: ${COMPLETION-CANDIDATES}")
  TypedValues.Kind kind;

  @Override
  public Integer call() throws IOException {
    return echo(kind.javaType());
  }

  /**
   * Decodes each value of the gob stream on stdin as {@code type} ({@code GobValue.class}: the
   * generic tree) and re-encodes it on stdout, one flush per value; 0 at the end of the stream.
   */
  static int echo(Type type) throws IOException {
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    GobDecoder decoder = new GobDecoder(
        new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
    GobEncoder encoder = new GobEncoder(out);
    while (true) {
      Object value;
      try {
        value = type == GobValue.class ? decoder.decodeValue() : decoder.decode(type);
      } catch (EOFException e) {
        out.flush();
        return 0;
      }
      if (value instanceof GobValue tree) {
        encoder.encode(tree);
      } else {
        encoder.encode(value, type);
      }
      out.flush();
    }
  }
}
