package dev.rollouts.sdk.goplugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.goplugin.PluginOutputReader.Piece;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where go-plugin's host splits a plugin's stdout and stderr (host parity scenarios). */
class PluginOutputReaderTest {
  private static final int SIZE = PluginOutputReader.BUFFER_SIZE;

  /** Delivers at most three bytes per read, so that every buffer boundary is exercised. */
  private static InputStream trickle(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 3));
      }
    };
  }

  private static List<Piece> pieces(String text) throws IOException {
    PluginOutputReader reader = new PluginOutputReader(trickle(text));
    List<Piece> out = new ArrayList<>();
    for (Piece p; (p = reader.next()) != null; ) {
      out.add(p);
    }
    return out;
  }

  @Test
  void stderrLinesSplitOnlyAtNewlineAndDropACrBeforeIt() throws IOException {
    assertThat(pieces("[INFO] carriage\rreturn inside\n[TRACE] crlf ending\r\n\nlast"))
        .containsExactly(new Piece("[INFO] carriage\rreturn inside", false),
            new Piece("[TRACE] crlf ending", false), new Piece("", false), new Piece("last", false));
  }

  @Test
  void stderrLinesAnOverlongLineComesIn64KiBPiecesAllMarkedAsFragments() throws IOException {
    String longLine = "y".repeat(SIZE * 2 + 10);
    assertThat(pieces(longLine + "\nnext\n")).containsExactly(
        new Piece("y".repeat(SIZE), true), new Piece("y".repeat(SIZE), true),
        new Piece("y".repeat(10), true), new Piece("next", false));
  }

  @Test
  void stderrLinesACrAtTheBufferEdgeIsHeldBackForItsNewline() throws IOException {
    assertThat(pieces("z".repeat(SIZE - 1) + "\r\nafter\n")).containsExactly(
        new Piece("z".repeat(SIZE - 1), true), new Piece("", true), new Piece("after", false));
  }

  @Test
  void overlongFirstLineIsNoLineAtAll() throws IOException {
    assertThat(new PluginOutputReader(trickle("x".repeat(SIZE) + "\n")).firstLine()).isEmpty();
    assertThat(new PluginOutputReader(trickle("x".repeat(SIZE - 1) + "\n")).firstLine())
        .contains("x".repeat(SIZE - 1));
  }

  @Test
  void exitsBeforeHandshakeGivesNoLineButAnEmptyLineIsOne() throws IOException {
    assertThat(new PluginOutputReader(trickle("")).firstLine()).isEmpty();
    assertThat(new PluginOutputReader(trickle("\r\n")).firstLine()).contains("");
    assertThat(new PluginOutputReader(trickle("no newline\r")).firstLine()).contains("no newline");
    assertThat(new PluginOutputReader(trickle("a\rb\nc\n")).firstLine()).isEqualTo(Optional.of("a\rb"));
  }
}
