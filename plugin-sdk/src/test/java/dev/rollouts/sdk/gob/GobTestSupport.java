package dev.rollouts.sdk.gob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

/** Hex vectors, chunked input streams and small helpers shared by the gob tests. */
final class GobTestSupport {
  /** Chunk sizes every decode test runs with; the last one means "all at once". */
  static final int[] CHUNKS = IntStream.concat(IntStream.rangeClosed(1, 16),
      IntStream.of(Integer.MAX_VALUE)).toArray();

  /** A byte after every vector that no decoder may touch (proves there is no over-read). */
  static final int SENTINEL = 0x5a;

  private GobTestSupport() {}

  /** Hex digits with any whitespace; {@code 'text'} stands for the ASCII bytes of text. */
  static byte[] hex(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        out.writeBytes(text.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII));
        i = end + 1;
      } else {
        out.write(Integer.parseInt(text.substring(i, i + 2), 16));
        i += 2;
      }
    }
    return out.toByteArray();
  }

  static String toHex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(text.isEmpty() ? "" : " ").append(String.format("%02x", b & 0xff));
    }
    return text.toString();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] resourceHex(String name) {
    try (InputStream in = GobTestSupport.class.getResourceAsStream(name)) {
      return hex(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Delivers at most {@code chunk} bytes per read, followed by the sentinel byte. */
  static ChunkedInput chunked(byte[] bytes, int chunk) {
    return new ChunkedInput(concat(bytes, new byte[] {(byte) SENTINEL}), chunk);
  }

  /** Asserts that everything before the sentinel was consumed and the sentinel was not. */
  static void assertFullyConsumed(ChunkedInput in) {
    assertThat(in.available()).as("bytes left after decoding").isEqualTo(1);
    assertThat(in.read()).isEqualTo(SENTINEL);
  }

  /** An input stream that hands out data in small pieces, like a yamux stream might. */
  static final class ChunkedInput extends InputStream {
    private final byte[] data;
    private final int chunk;
    private int pos;

    ChunkedInput(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return data.length - pos;
    }
  }

  /** What an encoder wrote, and how many {@code write} calls it needed. */
  static final class RecordingOutput extends java.io.OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writes;

    @Override
    public void write(int b) {
      writes++;
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes++;
      bytes.write(b, off, len);
    }

    byte[] take() {
      byte[] taken = bytes.toByteArray();
      bytes.reset();
      return taken;
    }
  }
}
