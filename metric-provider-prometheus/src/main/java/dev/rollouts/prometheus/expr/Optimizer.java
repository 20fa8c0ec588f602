package dev.rollouts.prometheus.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The parts of expr v1.15.5's optimiser that users can observe: constant folding (which turns
 * {@code 1 % 0} into a compile error and makes {@code x and false} skip {@code x}), constant
 * string sets for {@code x in ["a", "b"]} (a non-string {@code x} then panics), and the
 * {@code filter} rewrites ({@code filter(..)[0]} stops at the first match, {@code #index}
 * inside {@code map(filter(..), ..)} is the index in the unfiltered array). The rewrites that
 * cannot change an outcome ({@code in} on integer ranges, {@code len(filter())}) are left out.
 *
 * <p>Stateless, so thread-safe.
 */
final class Optimizer {
  private Optimizer() {}

  static Node optimize(Node root) throws ExprException {
    root = walk(root, Optimizer::inArray);
    for (int limit = 1000; limit >= 0; limit--) {
      Fold fold = new Fold();
      root = walk(root, fold);
      if (fold.error != null) {
        throw fold.error;
      }
      if (!fold.applied) {
        break;
      }
    }
    root = walk(root, Optimizer::constRange);
    root = walk(root, Optimizer::filterMap);
    root = walk(root, Optimizer::filterFirstLast);
    return root;
  }

  /** Post-order walk (children first) that lets the visitor replace each node. */
  static Node walk(Node node, UnaryOperator<Node> visit) {
    switch (node) {
      case Node.Unary n -> n.node = walk(n.node, visit);
      case Node.Binary n -> {
        n.left = walk(n.left, visit);
        n.right = walk(n.right, visit);
      }
      case Node.Chain n -> n.node = walk(n.node, visit);
      case Node.Member n -> {
        n.node = walk(n.node, visit);
        n.property = walk(n.property, visit);
      }
      case Node.Slice n -> {
        n.node = walk(n.node, visit);
        if (n.from != null) {
          n.from = walk(n.from, visit);
        }
        if (n.to != null) {
          n.to = walk(n.to, visit);
        }
      }
      case Node.Call n -> {
        n.callee = walk(n.callee, visit);
        n.arguments.replaceAll(a -> walk(a, visit));
      }
      case Node.Builtin n -> n.arguments.replaceAll(a -> walk(a, visit));
      case Node.Closure n -> n.node = walk(n.node, visit);
      case Node.VariableDeclarator n -> {
        n.value = walk(n.value, visit);
        n.expr = walk(n.expr, visit);
      }
      case Node.Conditional n -> {
        n.cond = walk(n.cond, visit);
        n.exp1 = walk(n.exp1, visit);
        n.exp2 = walk(n.exp2, visit);
      }
      case Node.Array n -> n.nodes.replaceAll(a -> walk(a, visit));
      case Node.MapLiteral n -> n.pairs.replaceAll(p -> (Node.Pair) walk(p, visit));
      case Node.Pair n -> {
        n.key = walk(n.key, visit);
        n.value = walk(n.value, visit);
      }
      default -> {
      }
    }
    return visit.apply(node);
  }

  private static Node inArray(Node node) {
    if (node instanceof Node.Binary n && n.operator.equals("in") && n.right instanceof Node.Array a
        && !a.nodes.isEmpty()) {
      boolean leftIsInt = n.left.type != null && n.left.type.kind() == GoType.Kind.INT;
      if (leftIsInt && a.nodes.stream().allMatch(x -> x instanceof Node.Integer)) {
        return node; // an int set answers exactly what the array answers
      }
      if (a.nodes.stream().allMatch(x -> x instanceof Node.Str)) {
        Set<String> values = new LinkedHashSet<>();
        for (Node x : a.nodes) {
          values.add(((Node.Str) x).value);
        }
        n.right = new Node.Constant(new GoValues.StringSet(Set.copyOf(values))).at(a);
      }
    }
    return node;
  }

  private static final class Fold implements UnaryOperator<Node> {
    boolean applied;
    ExprException error;

    private Node patch(Node old, Node replacement, GoType type) {
      applied = true;
      replacement.at(old);
      if (type != null) {
        replacement.type = type;
      }
      return replacement;
    }

    @Override
    public Node apply(Node node) {
      if (node instanceof Node.Unary n) {
        switch (n.operator) {
          case "-" -> {
            if (n.node instanceof Node.Integer i) {
              return patch(node, new Node.Integer(-i.value), GoType.INT);
            }
            if (n.node instanceof Node.Float f) {
              return patch(node, new Node.Float(-f.value), GoType.FLOAT64);
            }
          }
          case "+" -> {
            if (n.node instanceof Node.Integer i) {
              return patch(node, new Node.Integer(i.value), GoType.INT);
            }
            if (n.node instanceof Node.Float f) {
              return patch(node, new Node.Float(f.value), GoType.FLOAT64);
            }
          }
          case "!", "not" -> {
            if (n.node instanceof Node.Bool b) {
              return patch(node, new Node.Bool(!b.value), null);
            }
          }
          default -> {
          }
        }
        return node;
      }
      if (node instanceof Node.Binary n) {
        return binary(n);
      }
      if (node instanceof Node.Array n && !n.nodes.isEmpty()) {
        List<Object> values = new ArrayList<>();
        for (Node x : n.nodes) {
          switch (x) {
            case Node.Integer i -> values.add(i.value);
            case Node.Float f -> values.add(f.value);
            case Node.Str s -> values.add(s.value);
            case Node.Bool b -> values.add(b.value);
            default -> {
              return node;
            }
          }
        }
        Node constant = patch(node, new Node.Constant(GoValues.anySlice(values)), null);
        constant.type = n.type;
        return constant;
      }
      return node;
    }

    private Node binary(Node.Binary n) {
      Node l = n.left;
      Node r = n.right;
      switch (n.operator) {
        case "+", "-", "*", "/", "**", "^" -> {
          if (l instanceof Node.Str a && r instanceof Node.Str b && n.operator.equals("+")) {
            return patch(n, new Node.Str(a.value + b.value), null);
          }
          if (!isNumberLiteral(l) || !isNumberLiteral(r)) {
            return n;
          }
          boolean ints = l instanceof Node.Integer && r instanceof Node.Integer;
          if (ints && !n.operator.equals("/") && !n.operator.equals("**") && !n.operator.equals("^")) {
            long a = ((Node.Integer) l).value;
            long b = ((Node.Integer) r).value;
            long v = switch (n.operator) {
              case "+" -> a + b;
              case "-" -> a - b;
              default -> a * b;
            };
            return patch(n, new Node.Integer(v), GoType.INT);
          }
          double a = literal(l);
          double b = literal(r);
          double v = switch (n.operator) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / b;
            default -> GoRuntime.pow(a, b);
          };
          return patch(n, new Node.Float(v), GoType.FLOAT64);
        }
        case "%" -> {
          if (l instanceof Node.Integer a && r instanceof Node.Integer b) {
            if (b.value == 0) {
              error = new ExprException(ExprException.Kind.COMPILE, "integer divide by zero",
                  n.line, n.column + 1);
              return n;
            }
            return patch(n, new Node.Integer(a.value % b.value), null);
          }
          return n;
        }
        case "and", "&&" -> {
          Boolean a = l instanceof Node.Bool b ? b.value : null;
          Boolean b = r instanceof Node.Bool c ? c.value : null;
          if (Boolean.TRUE.equals(a)) {
            applied = true;
            return r;
          }
          if (Boolean.TRUE.equals(b)) {
            applied = true;
            return l;
          }
          if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return patch(n, new Node.Bool(false), null);
          }
          return n;
        }
        case "or", "||" -> {
          Boolean a = l instanceof Node.Bool b ? b.value : null;
          Boolean b = r instanceof Node.Bool c ? c.value : null;
          if (Boolean.FALSE.equals(a)) {
            applied = true;
            return r;
          }
          if (Boolean.FALSE.equals(b)) {
            applied = true;
            return l;
          }
          if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return patch(n, new Node.Bool(true), null);
          }
          return n;
        }
        case "==" -> {
          if (l instanceof Node.Integer a && r instanceof Node.Integer b) {
            return patch(n, new Node.Bool(a.value == b.value), null);
          }
          if (l instanceof Node.Str a && r instanceof Node.Str b) {
            return patch(n, new Node.Bool(a.value.equals(b.value)), null);
          }
          if (l instanceof Node.Bool a && r instanceof Node.Bool b) {
            return patch(n, new Node.Bool(a.value == b.value), null);
          }
          return n;
        }
        default -> {
          return n;
        }
      }
    }

    private static boolean isNumberLiteral(Node n) {
      return n instanceof Node.Integer || n instanceof Node.Float;
    }

    private static double literal(Node n) {
      return n instanceof Node.Integer i ? (double) i.value : ((Node.Float) n).value;
    }
  }

  // Literal ranges up to a million elements become constants, outside the memory budget.
  private static Node constRange(Node node) {
    if (node instanceof Node.Binary n && n.operator.equals("..")
        && n.left instanceof Node.Integer min && n.right instanceof Node.Integer max) {
      long size = max.value - min.value + 1;
      if (size > 1_000_000) {
        return node;
      }
      List<Object> values = new ArrayList<>();
      for (long i = 0; i < size; i++) {
        values.add(min.value + i);
      }
      Node constant = new Node.Constant(new GoValues.Slice(GoType.sliceOf(GoType.INT), values)).at(n);
      constant.type = n.type;
      return constant;
    }
    return node;
  }

  private static Node filterMap(Node node) {
    if (node instanceof Node.Builtin m && m.name.equals("map") && m.arguments.size() == 2
        && m.arguments.get(1) instanceof Node.Closure closure
        && m.arguments.get(0) instanceof Node.Builtin f && f.name.equals("filter") && f.map == null) {
      Node.Builtin merged = (Node.Builtin) new Node.Builtin("filter", f.arguments).at(m);
      merged.map = closure.node;
      merged.type = m.type;
      return merged;
    }
    return node;
  }

  private static Node filterFirstLast(Node node) {
    if (node instanceof Node.Member m && !m.optional && m.property instanceof Node.Integer i
        && (i.value == 0 || i.value == -1)
        && m.node instanceof Node.Builtin f && f.name.equals("filter") && f.arguments.size() == 2) {
      return find(m, f, i.value == 0 ? "find" : "findLast", true);
    }
    if (node instanceof Node.Builtin b && (b.name.equals("first") || b.name.equals("last"))
        && b.arguments.size() == 1 && b.arguments.get(0) instanceof Node.Builtin f
        && f.name.equals("filter") && f.arguments.size() == 2) {
      return find(b, f, b.name.equals("first") ? "find" : "findLast", false);
    }
    return node;
  }

  private static Node find(Node old, Node.Builtin filter, String name, boolean throwsWhenMissing) {
    Node.Builtin find = (Node.Builtin) new Node.Builtin(name, filter.arguments).at(old);
    find.throwsWhenMissing = throwsWhenMissing;
    find.map = filter.map;
    find.type = old.type;
    return find;
  }
}
