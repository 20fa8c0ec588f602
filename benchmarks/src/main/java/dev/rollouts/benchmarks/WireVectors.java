package dev.rollouts.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The payload streams Go wrote for the side-by-side benchmarks ({@code conformance/testdata/},
 * made by {@code go run ./cmd/vectors}): the same bytes the Go benchmarks decode.
 */
final class WireVectors {
  private WireVectors() {}

  /** The bytes of {@code conformance/testdata/<name>.hex}, found from the working directory up. */
  static byte[] load(String name) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("conformance/testdata"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("conformance/testdata not found above "
          + Path.of("").toAbsolutePath() + "; run the benchmarks from the repository");
    }
    try {
      String hex = Files.readString(dir.resolve("conformance/testdata/" + name + ".hex"))
          .replaceAll("\\s", "");
      return HexFormat.of().parseHex(hex);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An InputStream over a byte array that can be pointed at new bytes, keeping its reader. */
  static final class Replay extends InputStream {
    private byte[] data = new byte[0];
    private int pos;

    void reset(byte[] bytes) {
      data = bytes;
      pos = 0;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(len, data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return data.length - pos;
    }
  }
}
