package dev.rollouts.sdk.goplugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Splits a plugin's stdout or stderr pipe into lines exactly where go-plugin's host splits them
 * ({@code spec/go-plugin.md} §6, §7): only at {@code \n} (a lone {@code \r} stays in the line), a
 * trailing {@code \r} dropped, and go-plugin's 64 KiB buffers. On stdout the handshake line comes
 * from a {@code bufio.Scanner}, which gives up on a longer first line; on stderr a
 * {@code bufio.Reader} hands a longer line over in 64 KiB pieces.
 *
 * <p>Not thread-safe: one reader thread per pipe. {@code buffer[start, end)} holds bytes read from
 * the pipe but not yet returned; {@code continuation} is true while the pieces of one overlong
 * line are being returned.
 */
final class PluginOutputReader {
  /** go-plugin's {@code PluginLogBufferSize} and {@code bufio.MaxScanTokenSize}: 64 KiB. */
  static final int BUFFER_SIZE = 64 * 1024;

  /**
   * A stderr line, or a piece of one longer than {@link #BUFFER_SIZE}.
   *
   * @param text the bytes as UTF-8, without the line end
   * @param fragment true for every piece of an overlong line, which the host logs as raw text
   */
  record Piece(String text, boolean fragment) {}

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int start;
  private int end;
  private boolean eof;
  private boolean continuation;

  PluginOutputReader(InputStream in) {
    this.in = in;
  }

  /**
   * The first line of stdout as go-plugin's {@code bufio.Scanner} yields it; empty when the pipe
   * ends before any byte or the first line does not fit into 64 KiB (the scanner's
   * {@code ErrTooLong}), in which cases go-plugin reports that it read no line.
   *
   * @throws IOException when reading the pipe fails
   */
  Optional<String> firstLine() throws IOException {
    while (true) {
      int newline = indexOfNewline();
      if (newline >= 0) {
        String line = text(start, dropCarriageReturn(start, newline));
        start = newline + 1;
        return Optional.of(line);
      }
      if (end - start == BUFFER_SIZE) {
        return Optional.empty();
      }
      if (eof) {
        if (end == start) {
          return Optional.empty();
        }
        String line = text(start, dropCarriageReturn(start, end));
        start = end;
        return Optional.of(line);
      }
      fill();
    }
  }

  /**
   * The next stderr line or piece as go-plugin's {@code bufio.Reader.ReadLine} returns it, or
   * null at the end of the pipe.
   *
   * @throws IOException when reading the pipe fails
   */
  Piece next() throws IOException {
    while (true) {
      int newline = indexOfNewline();
      if (newline >= 0) {
        Piece piece = new Piece(text(start, dropCarriageReturn(start, newline)), continuation);
        start = newline + 1;
        continuation = false;
        return piece;
      }
      if (end - start == BUFFER_SIZE) {
        // bufio keeps a final '\r' back, in case its '\n' is the next byte.
        int pieceEnd = buffer[end - 1] == '\r' ? end - 1 : end;
        Piece piece = new Piece(text(start, pieceEnd), true);
        start = pieceEnd;
        continuation = true;
        return piece;
      }
      if (eof) {
        if (end == start) {
          return null;
        }
        Piece piece = new Piece(text(start, end), continuation);
        start = end;
        continuation = false;
        return piece;
      }
      fill();
    }
  }

  private int indexOfNewline() {
    for (int i = start; i < end; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private int dropCarriageReturn(int from, int to) {
    return to > from && buffer[to - 1] == '\r' ? to - 1 : to;
  }

  private String text(int from, int to) {
    return new String(buffer, from, to - from, StandardCharsets.UTF_8);
  }

  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) {
      eof = true;
    } else {
      end += n;
    }
  }

  /** Reads and discards the rest of the pipe (go-plugin drains stdout after the handshake). */
  void discardRest() throws IOException {
    start = end;
    in.transferTo(OutputStream.nullOutputStream());
  }
}
