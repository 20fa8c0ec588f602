package dev.rollouts.prometheus.expr;

/** One lexical token; {@code column} is 0-based in runes like expr's {@code file.Location}. */
record Token(Kind kind, String value, int line, int column) {
  enum Kind { IDENTIFIER, NUMBER, STRING, OPERATOR, BRACKET, EOF }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean is(Kind k, String v) {
    return kind == k && value.equals(v);
  }

  /** expr's {@code Token.String()}: {@code Kind("value")} with Go's %#v quoting. */
  String describe() {
    String name = switch (kind) {
      case IDENTIFIER -> "Identifier";
      case NUMBER -> "Number";
      case STRING -> "String";
      case OPERATOR -> "Operator";
      case BRACKET -> "Bracket";
      case EOF -> "EOF";
    };
    return value.isEmpty() ? name : name + "(" + GoFormat.quote(value) + ")";
  }
}
