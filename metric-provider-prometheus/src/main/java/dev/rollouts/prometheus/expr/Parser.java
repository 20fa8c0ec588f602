package dev.rollouts.prometheus.expr;

import static dev.rollouts.prometheus.expr.Token.Kind.BRACKET;
import static dev.rollouts.prometheus.expr.Token.Kind.EOF;
import static dev.rollouts.prometheus.expr.Token.Kind.IDENTIFIER;
import static dev.rollouts.prometheus.expr.Token.Kind.NUMBER;
import static dev.rollouts.prometheus.expr.Token.Kind.OPERATOR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * expr v1.15.5's precedence-climbing parser: same grammar, same precedence table, same error
 * messages and the position of the token expr blames. Stops at the first error (expr records
 * only the first one too).
 *
 * <p>Not thread-safe: one instance per call of {@link #parse}.
 */
final class Parser {
  private record Op(int precedence, boolean rightAssociative) {}

  static final Map<String, Op> UNARY = Map.of(
      "not", new Op(50, false), "!", new Op(50, false), "-", new Op(90, false), "+", new Op(90, false));

  static final Map<String, Op> BINARY = Map.ofEntries(
      Map.entry("|", new Op(0, false)),
      Map.entry("or", new Op(10, false)), Map.entry("||", new Op(10, false)),
      Map.entry("and", new Op(15, false)), Map.entry("&&", new Op(15, false)),
      Map.entry("==", new Op(20, false)), Map.entry("!=", new Op(20, false)),
      Map.entry("<", new Op(20, false)), Map.entry(">", new Op(20, false)),
      Map.entry(">=", new Op(20, false)), Map.entry("<=", new Op(20, false)),
      Map.entry("in", new Op(20, false)), Map.entry("matches", new Op(20, false)),
      Map.entry("contains", new Op(20, false)), Map.entry("startsWith", new Op(20, false)),
      Map.entry("endsWith", new Op(20, false)),
      Map.entry("..", new Op(25, false)),
      Map.entry("+", new Op(30, false)), Map.entry("-", new Op(30, false)),
      Map.entry("*", new Op(60, false)), Map.entry("/", new Op(60, false)), Map.entry("%", new Op(60, false)),
      Map.entry("**", new Op(100, true)), Map.entry("^", new Op(100, true)),
      Map.entry("??", new Op(500, false)));

  /** Builtins whose second argument is a closure; reduce also takes an optional third. */
  private static final java.util.Set<String> PREDICATES = java.util.Set.of("all", "none", "any",
      "one", "filter", "map", "count", "find", "findIndex", "findLast", "findLastIndex", "groupBy",
      "reduce");

  private final List<Token> tokens;
  private Token current;
  private int pos;
  private int depth; // closure nesting

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
    this.current = tokens.get(0);
  }

  static Node parse(String source) throws ExprException {
    Parser p = new Parser(Lexer.lex(source));
    Node node = p.parseExpression(0);
    if (!p.current.is(EOF)) {
      throw p.error(p.current, "unexpected token " + p.current.describe());
    }
    return node;
  }

  private ExprException error(Token at, String message) {
    return new ExprException(ExprException.Kind.SYNTAX, message, at.line(), at.column() + 1);
  }

  private void next() throws ExprException {
    pos++;
    if (pos >= tokens.size()) {
      throw error(current, "unexpected end of expression");
    }
    current = tokens.get(pos);
  }

  private void expect(Token.Kind kind, String value) throws ExprException {
    if (value == null ? current.is(kind) : current.is(kind, value)) {
      next();
      return;
    }
    throw error(current, "unexpected token " + current.describe());
  }

  private Node parseExpression(int precedence) throws ExprException {
    if (precedence == 0 && current.is(OPERATOR, "let")) {
      return parseVariableDeclaration();
    }
    Node left = parsePrimary();
    String prevOperator = "";
    Token opToken = current;
    while (opToken.is(OPERATOR)) {
      boolean negate = false;
      Token notToken = null;
      if (opToken.is(OPERATOR, "not")) {
        next();
        notToken = current;
        negate = true;
        opToken = current;
      }
      Op op = BINARY.get(opToken.value());
      if (op == null || op.precedence < precedence) {
        break;
      }
      next();
      if (opToken.value().equals("|")) {
        left = parsePipe(left);
      } else {
        if (prevOperator.equals("??") && !opToken.value().equals("??") && !opToken.is(BRACKET, "(")) {
          throw error(opToken, "Operator (" + opToken.value()
              + ") and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.");
        }
        Node right = parseExpression(op.rightAssociative ? op.precedence : op.precedence + 1);
        left = new Node.Binary(opToken.value(), left, right).at(opToken);
        if (negate) {
          left = new Node.Unary("not", left).at(notToken);
        }
      }
      prevOperator = opToken.value();
      opToken = current;
    }
    if (precedence == 0) {
      left = parseConditional(left);
    }
    return left;
  }

  private Node parseVariableDeclaration() throws ExprException {
    expect(OPERATOR, "let");
    Token name = current;
    expect(IDENTIFIER, null);
    expect(OPERATOR, "=");
    Node value = parseExpression(0);
    expect(OPERATOR, ";");
    Node body = parseExpression(0);
    return new Node.VariableDeclarator(name.value(), value, body).at(name);
  }

  private Node parseConditional(Node node) throws ExprException {
    while (current.is(OPERATOR, "?")) {
      next();
      Node exp1;
      Node exp2;
      if (!current.is(OPERATOR, ":")) {
        exp1 = parseExpression(0);
        expect(OPERATOR, ":");
        exp2 = parseExpression(0);
      } else {
        next();
        exp1 = node;
        exp2 = parseExpression(0);
      }
      node = new Node.Conditional(node, exp1, exp2);
    }
    return node;
  }

  private Node parsePrimary() throws ExprException {
    Token token = current;
    if (token.is(OPERATOR)) {
      Op op = UNARY.get(token.value());
      if (op != null) {
        next();
        Node operand = parseExpression(op.precedence);
        return parsePostfix(new Node.Unary(token.value(), operand).at(token));
      }
    }
    if (token.is(BRACKET, "(")) {
      next();
      Node inner = parseExpression(0);
      expect(BRACKET, ")");
      return parsePostfix(inner);
    }
    if (token.is(OPERATOR, "#") || token.is(OPERATOR, ".")) {
      if (depth == 0) {
        throw error(current, "cannot use pointer accessor outside closure");
      }
      String name = "";
      if (token.is(OPERATOR, "#")) {
        next();
        if (current.is(IDENTIFIER)) {
          name = current.value();
          next();
        }
      }
      return parsePostfix(new Node.Pointer(name).at(token));
    }
    return parseSecondary();
  }

  private Node parseSecondary() throws ExprException {
    Token token = current;
    Node node;
    switch (token.kind()) {
      case IDENTIFIER -> {
        next();
        switch (token.value()) {
          case "true" -> {
            return new Node.Bool(true).at(token);
          }
          case "false" -> {
            return new Node.Bool(false).at(token);
          }
          case "nil" -> {
            return new Node.Nil().at(token);
          }
          default -> node = parseCall(token);
        }
      }
      case NUMBER -> {
        next();
        return parseNumber(token);
      }
      case STRING -> {
        next();
        return new Node.Str(token.value()).at(token);
      }
      default -> {
        if (token.is(BRACKET, "[")) {
          node = parseArray(token);
        } else if (token.is(BRACKET, "{")) {
          node = parseMap(token);
        } else {
          throw error(token, "unexpected token " + token.describe());
        }
      }
    }
    return parsePostfix(node);
  }

  // The error is reported at the token after the number: expr calls p.error after p.next().
  private Node parseNumber(Token token) throws ExprException {
    String value = token.value().replace("_", "");
    if (value.contains("x")) {
      long v = parseGoInt(value, true, "invalid hex literal: ");
      return new Node.Integer(v).at(token);
    }
    if (value.chars().anyMatch(c -> c == '.' || c == 'e' || c == 'E')) {
      try {
        return new Node.Float(GoStrconv.parseFloat(value)).at(token);
      } catch (GoStrconv.NumError e) {
        throw error(current, "invalid float literal: " + e.getMessage());
      }
    }
    return new Node.Integer(parseGoInt(value, false, "invalid integer literal: ")).at(token);
  }

  private long parseGoInt(String value, boolean base0, String prefix) throws ExprException {
    try {
      return base0 ? GoStrconv.parseIntBase0(value) : GoStrconv.parseInt(value);
    } catch (GoStrconv.NumError e) {
      throw error(current, prefix + e.getMessage());
    }
  }

  private Node parseCall(Token token) throws ExprException {
    if (!current.is(BRACKET, "(")) {
      return new Node.Identifier(token.value()).at(token);
    }
    if (PREDICATES.contains(token.value())) {
      expect(BRACKET, "(");
      List<Node> arguments = new ArrayList<>();
      arguments.add(parseExpression(0));
      expect(OPERATOR, ",");
      arguments.add(parseClosure());
      if (token.value().equals("reduce") && current.is(OPERATOR, ",")) {
        next();
        arguments.add(parseExpression(0));
      }
      expect(BRACKET, ")");
      return new Node.Builtin(token.value(), arguments).at(token);
    }
    if (Builtins.isBuiltin(token.value())) {
      return new Node.Builtin(token.value(), parseArguments()).at(token);
    }
    Node callee = new Node.Identifier(token.value()).at(token);
    return new Node.Call(callee, parseArguments()).at(token);
  }

  private Node parseClosure() throws ExprException {
    Token start = current;
    boolean braces = false;
    if (current.is(BRACKET, "{")) {
      next();
      braces = true;
    }
    depth++;
    Node body = parseExpression(0);
    depth--;
    if (braces) {
      expect(BRACKET, "}");
    }
    return new Node.Closure(body).at(start);
  }

  private Node parseArray(Token token) throws ExprException {
    List<Node> nodes = new ArrayList<>();
    expect(BRACKET, "[");
    while (!current.is(BRACKET, "]")) {
      if (!nodes.isEmpty()) {
        expect(OPERATOR, ",");
        if (current.is(BRACKET, "]")) {
          break;
        }
      }
      nodes.add(parseExpression(0));
    }
    expect(BRACKET, "]");
    return new Node.Array(nodes).at(token);
  }

  private Node parseMap(Token token) throws ExprException {
    expect(BRACKET, "{");
    List<Node.Pair> pairs = new ArrayList<>();
    while (!current.is(BRACKET, "}")) {
      if (!pairs.isEmpty()) {
        expect(OPERATOR, ",");
        if (current.is(BRACKET, "}")) {
          break;
        }
        if (current.is(OPERATOR, ",")) {
          throw error(current, "unexpected token " + current.describe());
        }
      }
      Node key;
      if (current.is(NUMBER) || current.is(Token.Kind.STRING) || current.is(IDENTIFIER)) {
        key = new Node.Str(current.value()).at(token);
        next();
      } else if (current.is(BRACKET, "(")) {
        key = parseExpression(0);
      } else {
        throw error(current, "a map key must be a quoted string, a number, a identifier, or an "
            + "expression enclosed in parentheses (unexpected token " + current.describe() + ")");
      }
      expect(OPERATOR, ":");
      Node value = parseExpression(0);
      pairs.add((Node.Pair) new Node.Pair(key, value).at(token));
    }
    expect(BRACKET, "}");
    return new Node.MapLiteral(pairs).at(token);
  }

  private Node parsePostfix(Node node) throws ExprException {
    Token postfix = current;
    while (postfix.is(OPERATOR) || postfix.is(BRACKET)) {
      if (postfix.value().equals(".") || postfix.value().equals("?.")) {
        next();
        Token property = current;
        next();
        if (!property.is(IDENTIFIER)
            && (!property.is(OPERATOR) || !isValidIdentifier(property.value()))) {
          throw error(current, "expected name");
        }
        Node name = new Node.Str(property.value()).at(property);
        boolean isChain = node instanceof Node.Chain;
        boolean optional = postfix.value().equals("?.");
        if (isChain) {
          node = ((Node.Chain) node).node;
        }
        Node member = new Node.Member(node, name, optional).at(property);
        if (current.is(BRACKET, "(")) {
          node = new Node.Call(member, parseArguments()).at(property);
        } else {
          node = member;
        }
        if (isChain || optional) {
          node = new Node.Chain(node);
        }
      } else if (postfix.value().equals("[")) {
        next();
        if (current.is(OPERATOR, ":")) {
          next();
          Node to = null;
          if (!current.is(BRACKET, "]")) {
            to = parseExpression(0);
          }
          node = new Node.Slice(node, null, to).at(postfix);
          expect(BRACKET, "]");
        } else {
          Node from = parseExpression(0);
          if (current.is(OPERATOR, ":")) {
            next();
            Node to = null;
            if (!current.is(BRACKET, "]")) {
              to = parseExpression(0);
            }
            node = new Node.Slice(node, from, to).at(postfix);
          } else {
            node = new Node.Member(node, from, false).at(postfix);
          }
          expect(BRACKET, "]");
        }
      } else {
        break;
      }
      postfix = current;
    }
    return node;
  }

  private Node parsePipe(Node left) throws ExprException {
    Token identifier = current;
    expect(IDENTIFIER, null);
    List<Node> arguments = new ArrayList<>();
    arguments.add(left);
    if (PREDICATES.contains(identifier.value())) {
      expect(BRACKET, "(");
      arguments.add(parseClosure());
      if (identifier.value().equals("reduce") && current.is(OPERATOR, ",")) {
        next();
        arguments.add(parseExpression(0));
      }
      expect(BRACKET, ")");
      return new Node.Builtin(identifier.value(), arguments).at(identifier);
    }
    if (Builtins.isBuiltin(identifier.value())) {
      arguments.addAll(parseArguments());
      return new Node.Builtin(identifier.value(), arguments).at(identifier);
    }
    Node callee = new Node.Identifier(identifier.value()).at(identifier);
    arguments.addAll(parseArguments());
    return new Node.Call(callee, arguments).at(identifier);
  }

  private List<Node> parseArguments() throws ExprException {
    expect(BRACKET, "(");
    List<Node> nodes = new ArrayList<>();
    while (!current.is(BRACKET, ")")) {
      if (!nodes.isEmpty()) {
        expect(OPERATOR, ",");
      }
      nodes.add(parseExpression(0));
    }
    expect(BRACKET, ")");
    return nodes;
  }

  static boolean isValidIdentifier(String s) {
    if (s.isEmpty()) {
      return false;
    }
    int[] cps = s.codePoints().toArray();
    if (!Lexer.isAlphabetic(cps[0])) {
      return false;
    }
    for (int i = 1; i < cps.length; i++) {
      if (!Lexer.isAlphaNumeric(cps[i])) {
        return false;
      }
    }
    return true;
  }
}
