package dev.rollouts.prometheus.expr;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax tree, shaped like expr's {@code ast} package so that the type checker and the
 * optimiser can follow expr's rules node for node. Nodes are mutable while compiling (the
 * checker records types and retypes integer literals, the optimiser replaces subtrees) and are
 * never touched after {@link Compiler} has turned them into an evaluation tree.
 */
abstract class Node {
  int line;
  int column; // 0-based, as expr's file.Location
  GoType type;

  Node at(int line, int column) {
    this.line = line;
    this.column = column;
    return this;
  }

  Node at(Token t) {
    return at(t.line(), t.column());
  }

  Node at(Node n) {
    return at(n.line, n.column);
  }

  static final class Nil extends Node {}

  static final class Identifier extends Node {
    final String name;

    Identifier(String name) {
      this.name = name;
    }
  }

  static final class Integer extends Node {
    final long value;

    Integer(long value) {
      this.value = value;
    }
  }

  static final class Float extends Node {
    final double value;

    Float(double value) {
      this.value = value;
    }
  }

  static final class Bool extends Node {
    final boolean value;

    Bool(boolean value) {
      this.value = value;
    }
  }

  static final class Str extends Node {
    final String value;

    Str(String value) {
      this.value = value;
    }
  }

  /** A value the optimiser computed (a folded array literal, a range, a string set). */
  static final class Constant extends Node {
    final Object value;

    Constant(Object value) {
      this.value = value;
    }
  }

  static final class Unary extends Node {
    final String operator;
    Node node;

    Unary(String operator, Node node) {
      this.operator = operator;
      this.node = node;
    }
  }

  static final class Binary extends Node {
    final String operator;
    Node left;
    Node right;
    Pattern regexp; // set by the checker for `matches` with a literal pattern

    Binary(String operator, Node left, Node right) {
      this.operator = operator;
      this.left = left;
      this.right = right;
    }
  }

  static final class Chain extends Node {
    Node node;

    Chain(Node node) {
      this.node = node;
    }
  }

  static final class Member extends Node {
    Node node;
    Node property;
    final boolean optional;
    TimeMethods.Spec method; // set by the checker when the property names a method
    boolean unexportedField; // set by the checker: a field of a time type, unreadable

    Member(Node node, Node property, boolean optional) {
      this.node = node;
      this.property = property;
      this.optional = optional;
    }
  }

  static final class Slice extends Node {
    Node node;
    Node from;
    Node to;

    Slice(Node node, Node from, Node to) {
      this.node = node;
      this.from = from;
      this.to = to;
    }
  }

  static final class Call extends Node {
    Node callee;
    final List<Node> arguments;
    String builtin; // set by the checker: a builtin called through $env or a variable
    TimeMethods.Spec method; // set by the checker: a method call typed at compile time

    Call(Node callee, List<Node> arguments) {
      this.callee = callee;
      this.arguments = arguments;
    }
  }

  static final class Builtin extends Node {
    final String name;
    final List<Node> arguments;
    boolean throwsWhenMissing; // find/findLast made from filter(...)[0] / [-1]
    Node map; // filter with a mapping closure body, made from map(filter(...), ...)

    Builtin(String name, List<Node> arguments) {
      this.name = name;
      this.arguments = arguments;
    }
  }

  static final class Closure extends Node {
    Node node;

    Closure(Node node) {
      this.node = node;
    }
  }

  static final class Pointer extends Node {
    final String name;

    Pointer(String name) {
      this.name = name;
    }
  }

  static final class VariableDeclarator extends Node {
    final String name;
    Node value;
    Node expr;

    VariableDeclarator(String name, Node value, Node expr) {
      this.name = name;
      this.value = value;
      this.expr = expr;
    }
  }

  static final class Conditional extends Node {
    Node cond;
    Node exp1;
    Node exp2;

    Conditional(Node cond, Node exp1, Node exp2) {
      this.cond = cond;
      this.exp1 = exp1;
      this.exp2 = exp2;
    }
  }

  static final class Array extends Node {
    final List<Node> nodes;

    Array(List<Node> nodes) {
      this.nodes = nodes;
    }
  }

  static final class MapLiteral extends Node {
    final List<Pair> pairs;

    MapLiteral(List<Pair> pairs) {
      this.pairs = pairs;
    }
  }

  static final class Pair extends Node {
    Node key;
    Node value;

    Pair(Node key, Node value) {
      this.key = key;
      this.value = value;
    }
  }
}
