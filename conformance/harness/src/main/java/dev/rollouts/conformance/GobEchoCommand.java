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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Decodes every value of a gob stream into the generic tree and re-encodes it. */
@Command(name = "gob-echo", description = "Echo a gob stream through the generic tree.")
final class GobEchoCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    GobDecoder decoder = new GobDecoder(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
    GobEncoder encoder = new GobEncoder(out);
    while (true) {
      GobValue value;
      try {
        value = decoder.decodeValue();
      } catch (EOFException e) {
        out.flush();
        return 0;
      }
      encoder.encode(value);
      out.flush();
    }
  }
}
