package dev.rollouts.prometheus.expr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a checked, optimised tree into a tree of {@link Eval} closures that follow expr's
 * bytecode semantics: evaluation order, short-circuits, and the Go type assertions whose
 * failures become the run-time errors Argo reports. Regular expressions are compiled here, once.
 *
 * <p>Not thread-safe while compiling; the closures it returns are stateless and may run on many
 * threads at once.
 */
final class Compiler {
  /** One compiled node. */
  interface Eval {
    Object eval(Frame f);
  }

  // Thrown by an optional member access on nil: expr jumps to the end of the chain with nil.
  private static final class ChainNil extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final ChainNil INSTANCE = new ChainNil();

    private ChainNil() {
      super(null, null, false, false);
    }
  }

  private final Map<String, Integer> scopes = new HashMap<>();
  private final List<String> scopeNames = new ArrayList<>();
  private int variableCount;

  static Compiler.Program compile(Node root) {
    Compiler c = new Compiler();
    Eval eval = c.node(root);
    return new Program(eval, c.variableCount);
  }

  record Program(Eval root, int variableCount) {}

  private Eval node(Node node) {
    Eval e = switch (node) {
      case Node.Nil n -> f -> null;
      case Node.Identifier n -> identifier(n);
      // An integer literal passed where a float64 is expected was retyped by the checker.
      case Node.Integer n -> constant(integer(n));
      case Node.Float n -> constant(n.value);
      case Node.Bool n -> constant(n.value);
      case Node.Str n -> constant(n.value);
      case Node.Constant n -> constant(n.value);
      case Node.Unary n -> unary(n);
      case Node.Binary n -> binary(n);
      case Node.Chain n -> {
        Eval inner = node(n.node);
        yield f -> {
          try {
            return inner.eval(f);
          } catch (ChainNil nil) {
            return null;
          }
        };
      }
      case Node.Member n -> member(n);
      case Node.Slice n -> slice(n);
      case Node.Call n -> call(n);
      case Node.Builtin n -> builtin(n);
      case Node.Closure n -> node(n.node);
      case Node.Pointer n -> pointer(n);
      case Node.VariableDeclarator n -> variable(n);
      case Node.Conditional n -> {
        Eval cond = node(n.cond);
        Eval e1 = node(n.exp1);
        Eval e2 = node(n.exp2);
        yield f -> GoRuntime.asBool(cond.eval(f)) ? e1.eval(f) : e2.eval(f);
      }
      case Node.Array n -> {
        Eval[] items = nodes(n.nodes);
        yield f -> {
          List<Object> out = new ArrayList<>(items.length);
          for (Eval item : items) {
            out.add(item.eval(f));
          }
          f.memGrow(items.length);
          return GoValues.anySlice(out);
        };
      }
      case Node.MapLiteral n -> mapLiteral(n);
      default -> throw new IllegalStateException("cannot compile " + node);
    };
    return located(node, e);
  }

  // An integer literal retyped by the checker takes the parameter's type, as expr pushes it.
  private static Object integer(Node.Integer n) {
    if (n.type == null) {
      return n.value;
    }
    return switch (n.type.kind()) {
      case FLOAT64 -> (double) n.value;
      case INT64 -> new GoValues.Int64(n.value);
      case UINT8 -> new GoValues.Uint8((int) (n.value & 0xff));
      default -> n.value;
    };
  }

  private static Eval constant(Object value) {
    return f -> value;
  }

  // Attaches the node's position to a panic, as expr's Locations table does.
  private static Eval located(Node node, Eval e) {
    int line = node.line;
    int column = node.column;
    return f -> {
      try {
        return e.eval(f);
      } catch (GoPanic p) {
        throw Located.wrap(p, line, column);
      }
    };
  }

  /** A panic with the position of the innermost node that raised it. */
  static final class Located extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    private Located(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }

    static RuntimeException wrap(GoPanic p, int line, int column) {
      return new Located(p.getMessage(), line, column);
    }
  }

  private Eval[] nodes(List<Node> list) {
    Eval[] out = new Eval[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node(list.get(i));
    }
    return out;
  }

  private Eval identifier(Node.Identifier n) {
    Integer slot = scopes.get(n.name);
    if (slot != null) {
      int s = slot;
      return f -> f.variables[s];
    }
    if (n.name.equals("$env")) {
      return f -> f.env;
    }
    if (n.name.equals("result")) {
      return f -> f.result;
    }
    String name = n.name;
    return f -> f.env.get(name);
  }

  private Eval unary(Node.Unary n) {
    Eval operand = node(n.node);
    return switch (n.operator) {
      case "!", "not" -> f -> !GoRuntime.asBool(operand.eval(f));
      case "-" -> f -> GoRuntime.negate(operand.eval(f));
      default -> operand;
    };
  }

  private interface Op {
    Object apply(Object a, Object b);
  }

  private Eval strict(Node.Binary n, Op op) {
    Eval l = node(n.left);
    Eval r = node(n.right);
    return f -> {
      Object a = l.eval(f);
      Object b = r.eval(f);
      return op.apply(a, b);
    };
  }

  private Eval binary(Node.Binary n) {
    switch (n.operator) {
      case "or", "||" -> {
        Eval l = node(n.left);
        Eval r = node(n.right);
        return f -> {
          Object a = l.eval(f);
          return GoRuntime.asBool(a) ? a : r.eval(f);
        };
      }
      case "and", "&&" -> {
        Eval l = node(n.left);
        Eval r = node(n.right);
        return f -> {
          Object a = l.eval(f);
          return GoRuntime.asBool(a) ? r.eval(f) : a;
        };
      }
      case "??" -> {
        Eval l = node(n.left);
        Eval r = node(n.right);
        return f -> {
          Object a = l.eval(f);
          return GoRuntime.isNil(a) ? r.eval(f) : a;
        };
      }
      case "matches" -> {
        if (n.regexp != null) {
          Pattern p = n.regexp;
          Eval l = node(n.left);
          return f -> GoRegexp.matches(p, GoRuntime.asString(l.eval(f)));
        }
        return strict(n, (a, b) -> {
          String pattern = GoRuntime.asString(b);
          String s = GoRuntime.asString(a);
          try {
            return GoRegexp.matches(GoRegexp.compile(pattern), s);
          } catch (GoRegexp.SyntaxError e) {
            throw new GoPanic(e.getMessage());
          }
        });
      }
      case ".." -> {
        Eval l = node(n.left);
        Eval r = node(n.right);
        return f -> {
          long min = GoRuntime.toInt(l.eval(f));
          long max = GoRuntime.toInt(r.eval(f));
          f.memGrow(Math.max(max - min + 1, 0));
          return range(min, max);
        };
      }
      default -> {
        return strict(n, operator(n.operator));
      }
    }
  }

  private static final GoType INT_SLICE = GoType.sliceOf(GoType.INT);

  private static Object range(long min, long max) {
    long size = Math.max(max - min + 1, 0);
    List<Object> out = new ArrayList<>((int) size);
    for (long i = 0; i < size; i++) {
      out.add(min + i);
    }
    return new GoValues.Slice(INT_SLICE, out);
  }

  private static Op operator(String operator) {
    return switch (operator) {
      case "==" -> GoRuntime::equal;
      case "!=" -> (a, b) -> !GoRuntime.equal(a, b);
      case "<" -> GoRuntime::less;
      case ">" -> GoRuntime::more;
      case "<=" -> GoRuntime::lessOrEqual;
      case ">=" -> GoRuntime::moreOrEqual;
      case "+" -> GoRuntime::add;
      case "-" -> GoRuntime::subtract;
      case "*" -> GoRuntime::multiply;
      case "/" -> GoRuntime::divide;
      case "%" -> GoRuntime::modulo;
      case "**", "^" -> GoRuntime::exponent;
      case "in" -> GoRuntime::in;
      case "contains" -> (a, b) -> GoRuntime.asString(a).contains(GoRuntime.asString(b));
      case "startsWith" -> (a, b) -> GoRuntime.asString(a).startsWith(GoRuntime.asString(b));
      case "endsWith" -> (a, b) -> GoRuntime.asString(a).endsWith(GoRuntime.asString(b));
      default -> throw new IllegalStateException("unknown operator " + operator);
    };
  }

  private Eval member(Node.Member n) {
    if (n.method != null) {
      Eval receiver = node(n.node);
      TimeMethods.Spec method = n.method;
      GoType type = TimeMethods.valueType(method);
      return f -> new GoValues.Method(receiver.eval(f), method.name(), type);
    }
    if (n.unexportedField) {
      Eval receiver = node(n.node);
      return f -> {
        receiver.eval(f);
        throw TimeMethods.unexportedField();
      };
    }
    Eval base = node(n.node);
    Eval property = node(n.property);
    boolean optional = n.optional;
    return f -> {
      Object from = base.eval(f);
      if (optional && GoRuntime.isNil(from)) {
        throw ChainNil.INSTANCE;
      }
      return GoRuntime.fetch(from, property.eval(f));
    };
  }

  private Eval slice(Node.Slice n) {
    Eval array = node(n.node);
    Eval to = n.to == null ? null : node(n.to);
    Eval from = n.from == null ? null : node(n.from);
    return f -> {
      Object a = array.eval(f);
      Object b = to == null ? (Object) GoRuntime.len(a) : to.eval(f);
      Object c = from == null ? (Object) 0L : from.eval(f);
      return GoRuntime.slice(a, c, b);
    };
  }

  private Eval call(Node.Call n) {
    Eval[] args = nodes(n.arguments);
    if (n.builtin != null) {
      Builtins.Spec spec = Builtins.spec(n.builtin);
      return f -> {
        Object[] values = values(args, f);
        if (!spec.hasFunc()) {
          throw new GoPanic("runtime error: invalid memory address or nil pointer dereference");
        }
        return spec.impl().call(values);
      };
    }
    if (n.method != null) {
      // expr pushes the arguments, then the receiver, then calls the method.
      Eval receiver = node(((Node.Member) n.callee).node);
      TimeMethods.Spec method = n.method;
      return f -> {
        Object[] values = values(args, f);
        return TimeMethods.callChecked(receiver.eval(f), method, values);
      };
    }
    Eval callee = node(n.callee);
    return f -> {
      Object[] values = values(args, f);
      Object fn = callee.eval(f);
      if (fn instanceof GoValues.Func func) {
        return ArgoFunctions.call(func.name(), values, f.result);
      }
      if (fn instanceof GoValues.Method m) {
        return TimeMethods.callReflect(m.receiver(), TimeMethods.find(m.receiver(), m.name()),
            values);
      }
      throw new GoPanic("reflect: call of reflect.Value.Call on "
          + (fn == null ? "zero" : GoFormat.kindOf(fn)) + " Value");
    };
  }

  private static Object[] values(Eval[] args, Frame f) {
    Object[] values = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      values[i] = args[i].eval(f);
    }
    return values;
  }

  private Eval pointer(Node.Pointer n) {
    return switch (n.name) {
      case "index" -> f -> (long) f.loop().index;
      case "acc" -> f -> f.loop().acc;
      default -> f -> {
        Frame.Loop loop = f.loop();
        return loop.items.get(loop.index);
      };
    };
  }

  private Eval variable(Node.VariableDeclarator n) {
    Eval value = node(n.value);
    int slot = variableCount++;
    Integer shadowed = scopes.put(n.name, slot);
    Eval body = node(n.expr);
    if (shadowed == null) {
      scopes.remove(n.name);
    } else {
      scopes.put(n.name, shadowed);
    }
    return f -> {
      f.variables[slot] = value.eval(f);
      return body.eval(f);
    };
  }

  private Eval mapLiteral(Node.MapLiteral n) {
    Eval[] keys = new Eval[n.pairs.size()];
    Eval[] values = new Eval[n.pairs.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = node(n.pairs.get(i).key);
      values[i] = node(n.pairs.get(i).value);
    }
    return f -> {
      Object[] k = new Object[keys.length];
      Object[] v = new Object[keys.length];
      for (int i = 0; i < keys.length; i++) {
        k[i] = keys[i].eval(f);
        v[i] = values[i].eval(f);
      }
      f.memGrow(keys.length);
      // expr pops pairs from the end: the last key is asserted first and the first
      // occurrence of a duplicate key wins.
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = keys.length - 1; i >= 0; i--) {
        out.put(GoRuntime.asString(k[i]), v[i]);
      }
      return reversed(out);
    };
  }

  private static Map<String, Object> reversed(Map<String, Object> m) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(m.entrySet());
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      out.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private Eval builtin(Node.Builtin n) {
    if (Builtins.PREDICATES.contains(n.name)) {
      return predicate(n);
    }
    Builtins.Spec spec = Builtins.spec(n.name);
    Eval[] args = nodes(n.arguments);
    return f -> {
      Object[] values = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        values[i] = args[i].eval(f);
      }
      return spec.impl().call(values);
    };
  }

  private Eval predicate(Node.Builtin n) {
    Eval collection = node(n.arguments.get(0));
    Eval body = node(n.arguments.get(1));
    Eval mapped = n.map == null ? null : node(n.map);
    Eval init = n.arguments.size() == 3 ? node(n.arguments.get(2)) : null;
    boolean throwsWhenMissing = n.throwsWhenMissing;
    return switch (n.name) {
      case "all" -> loop(collection, (f, loop) -> {
        for (; loop.index < loop.items.size(); loop.index++) {
          if (!GoRuntime.asBool(body.eval(f))) {
            return false;
          }
        }
        return true;
      });
      case "any" -> loop(collection, (f, loop) -> {
        for (; loop.index < loop.items.size(); loop.index++) {
          if (GoRuntime.asBool(body.eval(f))) {
            return true;
          }
        }
        return false;
      });
      case "none" -> loop(collection, (f, loop) -> {
        for (; loop.index < loop.items.size(); loop.index++) {
          if (GoRuntime.asBool(body.eval(f))) {
            return false;
          }
        }
        return true;
      });
      case "one", "count" -> loop(collection, (f, loop) -> {
        long count = 0;
        for (; loop.index < loop.items.size(); loop.index++) {
          if (GoRuntime.asBool(body.eval(f))) {
            count++;
          }
        }
        return n.name.equals("one") ? (Object) (count == 1) : (Object) count;
      });
      case "filter" -> loop(collection, (f, loop) -> {
        List<Object> out = new ArrayList<>();
        for (; loop.index < loop.items.size(); loop.index++) {
          if (GoRuntime.asBool(body.eval(f))) {
            out.add(mapped == null ? loop.items.get(loop.index) : mapped.eval(f));
          }
        }
        f.memGrow(out.size());
        return GoValues.anySlice(out);
      });
      case "map" -> loop(collection, (f, loop) -> {
        List<Object> out = new ArrayList<>();
        for (; loop.index < loop.items.size(); loop.index++) {
          out.add(body.eval(f));
        }
        f.memGrow(out.size());
        return GoValues.anySlice(out);
      });
      case "find", "findIndex", "findLast", "findLastIndex" -> {
        boolean backwards = n.name.startsWith("findLast");
        boolean index = n.name.endsWith("Index");
        yield loop(collection, (f, loop) -> {
          if (backwards) {
            loop.index = loop.items.size() - 1;
          }
          for (; backwards ? loop.index >= 0 : loop.index < loop.items.size();
              loop.index += backwards ? -1 : 1) {
            if (GoRuntime.asBool(body.eval(f))) {
              if (index) {
                return (long) loop.index;
              }
              return mapped == null ? loop.items.get(loop.index) : mapped.eval(f);
            }
          }
          if (throwsWhenMissing) {
            throw new GoPanic("reflect: slice index out of range");
          }
          return null;
        });
      }
      case "groupBy" -> loop(collection, (f, loop) -> {
        if (loop.items.isEmpty()) {
          return GoValues.AnyMap.nil(GoType.GROUPS);
        }
        return GoValues.AnyMap.build(GoType.GROUPS, groups -> {
          for (; loop.index < loop.items.size(); loop.index++) {
            Object item = loop.items.get(loop.index);
            GoValues.Key key = GoValues.Key.of(body.eval(f));
            Object group = groups.get(key);
            List<Object> items = new ArrayList<>();
            if (group != null) {
              items.addAll(((GoValues.Slice) group).items());
            }
            items.add(item);
            groups.put(key, GoValues.anySlice(items));
          }
        });
      });
      case "reduce" -> loop(collection, (f, loop) -> {
        if (init != null) {
          loop.acc = init.eval(f);
        } else {
          if (loop.items.isEmpty()) {
            throw new GoPanic("reflect: slice index out of range");
          }
          loop.acc = loop.items.get(0);
          loop.index++;
        }
        for (; loop.index < loop.items.size(); loop.index++) {
          loop.acc = body.eval(f);
        }
        return loop.acc;
      });
      default -> throw new IllegalStateException("predicate " + n.name);
    };
  }

  private interface LoopBody {
    Object run(Frame f, Frame.Loop loop);
  }

  private static Eval loop(Eval collection, LoopBody body) {
    return f -> {
      Frame.Loop loop = f.begin(collection.eval(f));
      try {
        return body.run(f, loop);
      } finally {
        f.end();
      }
    };
  }
}
