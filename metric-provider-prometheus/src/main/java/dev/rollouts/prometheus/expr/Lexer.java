package dev.rollouts.prometheus.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens exactly as expr v1.15.5's state-machine lexer does,
 * including its token positions (expr reports errors at them) and its quirks: {@code not in}
 * is one operator token, a {@code .} followed by a digit starts a number, comments are
 * {@code //} and {@code /* *}{@code /}, and only the first error is reported.
 *
 * <p>Works on code points (Go runes). Not thread-safe: one instance per call of {@link #lex}.
 */
final class Lexer {
  private static final int EOF = -1;

  private final int[] input;
  private final List<Token> tokens = new ArrayList<>();
  private int start;
  private int end;
  private int width;
  // Locations: line is 1-based, column 0-based, as in expr's file.Location.
  private int startLine = 1;
  private int startColumn;
  private int prevLine = 1;
  private int prevColumn;
  private int line = 1;
  private int column;

  private Lexer(String source) {
    this.input = source.codePoints().toArray();
  }

  static List<Token> lex(String source) throws ExprException {
    Lexer l = new Lexer(source);
    l.run();
    return l.tokens;
  }

  private void run() throws ExprException {
    while (true) {
      int r = next();
      if (r == EOF) {
        tokens.add(new Token(Token.Kind.EOF, "", prevLine, prevColumn));
        return;
      }
      if (isSpace(r)) {
        ignore();
      } else if (r == '\'' || r == '"') {
        scanString(r);
        emitValue(Token.Kind.STRING, unescape(word()));
      } else if (r >= '0' && r <= '9') {
        backup();
        number();
      } else if (r == '?') {
        accept(".?");
        emit(Token.Kind.OPERATOR);
      } else if (r == '/') {
        slash();
      } else if (r == '#') {
        pointer();
      } else if (r == '|') {
        accept("|");
        emit(Token.Kind.OPERATOR);
      } else if ("([{)]}".indexOf(r) >= 0) {
        emit(Token.Kind.BRACKET);
      } else if (",:;%+-^".indexOf(r) >= 0) {
        emit(Token.Kind.OPERATOR);
      } else if ("&!=*<>".indexOf(r) >= 0) {
        accept("&=*");
        emit(Token.Kind.OPERATOR);
      } else if (r == '.') {
        backup();
        dot();
      } else if (isAlphaNumeric(r)) {
        backup();
        identifier();
      } else {
        throw error("unrecognized character: " + GoFormat.runeWithName(r));
      }
    }
  }

  private int next() {
    if (end >= input.length) {
      width = 0;
      return EOF;
    }
    int r = input[end];
    width = 1;
    end++;
    prevLine = line;
    prevColumn = column;
    if (r == '\n') {
      line++;
      column = 0;
    } else {
      column++;
    }
    return r;
  }

  private int peek() {
    int r = next();
    backup();
    return r;
  }

  private void backup() {
    end -= width;
    line = prevLine;
    column = prevColumn;
  }

  private String word() {
    return new String(input, start, end - start);
  }

  private void emit(Token.Kind kind) {
    emitValue(kind, word());
  }

  private void emitValue(Token.Kind kind, String value) {
    tokens.add(new Token(kind, value, startLine, startColumn));
    ignore();
  }

  private void ignore() {
    start = end;
    startLine = line;
    startColumn = column;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private void acceptRun(String valid) {
    int r = next();
    while (r != EOF && valid.indexOf(r) >= 0) {
      r = next();
    }
    backup();
  }

  private ExprException error(String message) {
    return new ExprException(ExprException.Kind.SYNTAX, message, line, column + 1);
  }

  private void number() throws ExprException {
    if (!scanNumber()) {
      throw error("bad number syntax: " + GoFormat.quote(word()));
    }
    emit(Token.Kind.NUMBER);
  }

  private boolean scanNumber() {
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    int savedLine = line;
    int savedColumn = column;
    int savedPrevLine = prevLine;
    int savedPrevColumn = prevColumn;
    int savedEnd = end;
    if (accept(".")) {
      if (peek() == '.') {
        // "1..2" is a range: give the dot back (two backups, so restore by hand like expr).
        line = savedLine;
        column = savedColumn;
        prevLine = savedPrevLine;
        prevColumn = savedPrevColumn;
        end = savedEnd;
        return true;
      }
      acceptRun(digits);
    }
    if (accept("eE")) {
      accept("+-");
      acceptRun(digits);
    }
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  }

  private void dot() throws ExprException {
    next();
    if (accept("0123456789")) {
      backup();
      number();
      return;
    }
    accept(".");
    emit(Token.Kind.OPERATOR);
  }

  private void identifier() {
    while (true) {
      int r = next();
      if (r == EOF || !isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    String w = word();
    switch (w) {
      case "not" -> not();
      case "in", "or", "and", "matches", "contains", "startsWith", "endsWith", "let" ->
          emit(Token.Kind.OPERATOR);
      default -> emit(Token.Kind.IDENTIFIER);
    }
  }

  private void not() {
    emit(Token.Kind.OPERATOR);
    skipSpaces();
    int savedEnd = end;
    int savedLine = line;
    int savedColumn = column;
    int savedPrevLine = prevLine;
    int savedPrevColumn = prevColumn;
    while (true) {
      int r = next();
      if (r == EOF || !isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    switch (word()) {
      case "in", "matches", "contains", "startsWith", "endsWith" -> emit(Token.Kind.OPERATOR);
      default -> {
        end = savedEnd;
        line = savedLine;
        column = savedColumn;
        prevLine = savedPrevLine;
        prevColumn = savedPrevColumn;
      }
    }
  }

  private void skipSpaces() {
    int r = peek();
    while (r == ' ') {
      next();
      r = peek();
    }
    ignore();
  }

  private void slash() throws ExprException {
    if (accept("/")) {
      while (true) {
        int r = next();
        if (r == EOF || r == '\n') {
          break;
        }
      }
      ignore();
      return;
    }
    if (accept("*")) {
      while (true) {
        int r = next();
        if (r == EOF) {
          throw error("unclosed comment");
        }
        if (r == '*' && accept("/")) {
          break;
        }
      }
      ignore();
      return;
    }
    emit(Token.Kind.OPERATOR);
  }

  private void pointer() {
    accept("#");
    emit(Token.Kind.OPERATOR);
    while (true) {
      int r = next();
      if (r == EOF || !isAlphaNumeric(r)) {
        backup();
        if (end > start) {
          emit(Token.Kind.IDENTIFIER);
        }
        return;
      }
    }
  }

  // Validates escapes as expr's scanner does; the value itself comes from unescape().
  private void scanString(int quote) throws ExprException {
    int ch = next();
    while (ch != quote) {
      if (ch == '\n' || ch == EOF) {
        throw error("literal not terminated");
      }
      if (ch == '\\') {
        ch = scanEscape(quote);
      } else {
        ch = next();
      }
    }
  }

  private int scanEscape(int quote) throws ExprException {
    int ch = next();
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> ch = next();
      case '0', '1', '2', '3', '4', '5', '6', '7' -> ch = scanDigits(ch, 8, 3);
      case 'x' -> ch = scanDigits(next(), 16, 2);
      case 'u' -> ch = scanDigits(next(), 16, 4);
      case 'U' -> ch = scanDigits(next(), 16, 8);
      default -> {
        if (ch == quote) {
          ch = next();
        } else {
          throw error("invalid char escape");
        }
      }
    }
    return ch;
  }

  private int scanDigits(int ch, int base, int n) throws ExprException {
    while (n > 0 && digitValue(ch) < base) {
      ch = next();
      n--;
    }
    if (n > 0) {
      throw error("invalid char escape");
    }
    return ch;
  }

  private static int digitValue(int ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    int lower = ch | 0x20;
    if (ch >= 0 && lower >= 'a' && lower <= 'f') {
      return lower - 'a' + 10;
    }
    return 16;
  }

  // expr's unescape(): the quoted literal to its value, with CR/CRLF normalised to LF.
  private String unescape(String quoted) throws ExprException {
    String value = quoted.replace("\r\n", "\n").replace('\r', '\n');
    int n = value.length();
    if (n < 2 || value.charAt(0) != value.charAt(n - 1)) {
      throw error("unable to unescape string");
    }
    int[] s = value.substring(1, n - 1).codePoints().toArray();
    StringBuilder out = new StringBuilder(s.length);
    int i = 0;
    while (i < s.length) {
      int c = s[i];
      if (c != '\\') {
        out.appendCodePoint(c);
        i++;
        continue;
      }
      if (i + 1 >= s.length) {
        throw error("unable to unescape string, found '\\' as last character");
      }
      int e = s[i + 1];
      i += 2;
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\\', '\'', '"', '`', '?' -> out.appendCodePoint(e);
        case 'x', 'X', 'u', 'U' -> {
          int digits = e == 'u' ? 4 : e == 'U' ? 8 : 2;
          if (s.length - i < digits) {
            throw error("unable to unescape string");
          }
          long v = 0;
          for (int j = 0; j < digits; j++) {
            int d = digitValue(s[i + j]);
            if (d >= 16) {
              throw error("unable to unescape string");
            }
            v = v << 4 | d;
          }
          i += digits;
          if (v > Character.MAX_CODE_POINT) {
            throw error("unable to unescape string");
          }
          appendRune(out, (int) v);
        }
        case '0', '1', '2', '3' -> {
          if (s.length - i < 2) {
            throw error("unable to unescape octal sequence in string");
          }
          int v = e - '0';
          for (int j = 0; j < 2; j++) {
            int x = s[i + j];
            if (x < '0' || x > '7') {
              throw error("unable to unescape octal sequence in string");
            }
            v = v * 8 + (x - '0');
          }
          i += 2;
          appendRune(out, v);
        }
        default -> throw error("unable to unescape string");
      }
    }
    return out.toString();
  }

  // Go encodes a surrogate half as U+FFFD.
  private static void appendRune(StringBuilder out, int v) {
    out.appendCodePoint(v >= 0xD800 && v <= 0xDFFF ? 0xFFFD : v);
  }

  static boolean isSpace(int r) {
    if (r <= 0xFF) {
      return r == '\t' || r == '\n' || r == 0x0B || r == '\f' || r == '\r' || r == ' '
          || r == 0x85 || r == 0xA0;
    }
    return Character.isSpaceChar(r);
  }

  static boolean isAlphaNumeric(int r) {
    return isAlphabetic(r) || (r >= 0 && Character.getType(r) == Character.DECIMAL_DIGIT_NUMBER);
  }

  static boolean isAlphabetic(int r) {
    return r == '_' || r == '$' || (r >= 0 && Character.isLetter(r));
  }
}
