package dev.rollouts.prometheus.expr;

import static dev.rollouts.prometheus.expr.GoType.ANY;
import static dev.rollouts.prometheus.expr.GoType.ANY_MAP;
import static dev.rollouts.prometheus.expr.GoType.ANY_SLICE;
import static dev.rollouts.prometheus.expr.GoType.BOOL;
import static dev.rollouts.prometheus.expr.GoType.FLOAT64;
import static dev.rollouts.prometheus.expr.GoType.INT;
import static dev.rollouts.prometheus.expr.GoType.STRING;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * expr v1.15.5's type checker ({@code checker/checker.go}) over {@link GoType}, with Argo's
 * env ({@code result} typed by its value, and Argo's functions). It records each node's type
 * for the compiler, retypes integer literals passed to float parameters (so
 * {@code isNaN(1)} compiles), pre-compiles literal regular expressions and reports the first
 * error expr would report, with its message and position.
 *
 * <p>Not thread-safe: one instance per compilation.
 */
final class Checker {
  /**
   * What the checker knows beside the type: the builtin a name denotes, the method a member
   * denotes, an array literal's element type.
   */
  private record Info(String builtin, TimeMethods.Spec method, GoType elem) {
    static final Info NONE = new Info(null, null, null);
  }

  private record Typed(GoType type, Info info) {
    Typed(GoType type) {
      this(type, Info.NONE);
    }
  }

  private record Scope(GoType collection, Map<String, GoType> vars) {}

  private record Variable(String name, GoType type, Info info) {}

  private final Map<String, GoType> env;
  private final List<Scope> predicateScopes = new ArrayList<>();
  private final List<Variable> variables = new ArrayList<>();
  private final List<Node> parents = new ArrayList<>();

  private Checker(Map<String, GoType> env) {
    this.env = env;
  }

  /** Checks the tree against the env's types; returns the type of the whole expression. */
  static GoType check(Node root, Map<String, GoType> env) throws ExprException {
    return new Checker(env).visit(root).type;
  }

  private static ExprException error(Node node, String message) {
    boolean empty = node.line == 0 && node.column == 0;
    return new ExprException(ExprException.Kind.COMPILE, message, node.line,
        empty ? 0 : node.column + 1);
  }

  private static String name(GoType t) {
    return GoFormat.typeName(t);
  }

  // ---- type predicates, as checker/types.go ----

  private static GoType.Kind kind(GoType t) {
    return t == null ? null : t.kind();
  }

  static boolean isAny(GoType t) {
    return kind(t) == GoType.Kind.INTERFACE;
  }

  static boolean isInteger(GoType t) {
    GoType.Kind k = kind(t);
    return k == GoType.Kind.INT || k == GoType.Kind.INT64 || k == GoType.Kind.UINT8
        || k == GoType.Kind.UINT64;
  }

  static boolean isFloat(GoType t) {
    return kind(t) == GoType.Kind.FLOAT64;
  }

  static boolean isNumber(GoType t) {
    return isInteger(t) || isFloat(t);
  }

  private static boolean isBool(GoType t) {
    return kind(t) == GoType.Kind.BOOL;
  }

  private static boolean isString(GoType t) {
    return kind(t) == GoType.Kind.STRING;
  }

  private static boolean isArray(GoType t) {
    return kind(t) == GoType.Kind.SLICE || kind(t) == GoType.Kind.ARRAY;
  }

  private static boolean isTime(GoType t) {
    return GoType.TIME.equals(t);
  }

  private static boolean isDuration(GoType t) {
    return GoType.DURATION.equals(t);
  }

  private static boolean isStruct(GoType t) {
    return kind(t) == GoType.Kind.STRUCT || GoType.LOCATION.equals(t);
  }

  private static boolean isMap(GoType t) {
    return kind(t) == GoType.Kind.MAP;
  }

  private static boolean isFunc(GoType t) {
    return kind(t) == GoType.Kind.FUNC;
  }

  private interface TypeTest {
    boolean test(GoType t);
  }

  private static boolean anyOf(GoType t, TypeTest... tests) {
    for (TypeTest test : tests) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }

  // checker's or(): one side is any and the other passes a test (or is any too).
  private static boolean or(GoType l, GoType r, TypeTest... tests) {
    if (isAny(l) && isAny(r)) {
      return true;
    }
    if (isAny(l) && anyOf(r, tests)) {
      return true;
    }
    return isAny(r) && anyOf(l, tests);
  }

  private static boolean isComparable(GoType l, GoType r) {
    if (l == null || r == null) {
      return true;
    }
    return l.kind() == r.kind() || (isNumber(l) && isNumber(r)) || isAny(l) || isAny(r);
  }

  /** Go's AssignableTo for the types expressions meet. */
  static boolean assignable(GoType from, GoType to) {
    return isAny(to) || from.equals(to);
  }

  private static GoType combined(GoType a, GoType b) {
    if (a.kind() == b.kind()) {
      return a;
    }
    return isFloat(a) || isFloat(b) ? FLOAT64 : INT;
  }

  // ---- visitor ----

  private Typed visit(Node node) throws ExprException {
    parents.add(node);
    Typed t = switch (node) {
      case Node.Nil n -> new Typed(null);
      case Node.Identifier n -> identifier(n);
      case Node.Integer n -> new Typed(INT);
      case Node.Float n -> new Typed(FLOAT64);
      case Node.Bool n -> new Typed(BOOL);
      case Node.Str n -> new Typed(STRING);
      case Node.Constant n -> new Typed(GoValues.typeOf(n.value));
      case Node.Unary n -> unary(n);
      case Node.Binary n -> binary(n);
      case Node.Chain n -> visit(n.node);
      case Node.Member n -> member(n);
      case Node.Slice n -> slice(n);
      case Node.Call n -> call(n);
      case Node.Builtin n -> builtin(n);
      case Node.Closure n -> closure(n);
      case Node.Pointer n -> pointer(n);
      case Node.VariableDeclarator n -> variable(n);
      case Node.Conditional n -> conditional(n);
      case Node.Array n -> array(n);
      case Node.MapLiteral n -> {
        for (Node.Pair p : n.pairs) {
          visit(p);
        }
        yield new Typed(ANY_MAP);
      }
      case Node.Pair n -> {
        visit(n.key);
        visit(n.value);
        yield new Typed(null);
      }
      default -> throw new IllegalStateException("unknown node " + node);
    };
    parents.remove(parents.size() - 1);
    node.type = t.type;
    return t;
  }

  private Typed identifier(Node.Identifier node) throws ExprException {
    for (int i = variables.size() - 1; i >= 0; i--) {
      if (variables.get(i).name.equals(node.name)) {
        return new Typed(variables.get(i).type, variables.get(i).info);
      }
    }
    if (node.name.equals("$env")) {
      return new Typed(ANY_MAP);
    }
    return env(node, node.name, true);
  }

  private Typed env(Node node, String name, boolean strict) throws ExprException {
    if (Builtins.isBuiltin(name)) {
      return new Typed(GoType.BUILTIN_FUNCTION, new Info(name, null, null));
    }
    if (env.containsKey(name)) {
      return new Typed(env.get(name));
    }
    if (strict) {
      throw error(node, "unknown name " + name);
    }
    return new Typed(ANY);
  }

  private Typed unary(Node.Unary node) throws ExprException {
    GoType t = visit(node.node).type;
    switch (node.operator) {
      case "!", "not" -> {
        if (isBool(t) || isAny(t)) {
          return new Typed(BOOL);
        }
      }
      case "+", "-" -> {
        if (isNumber(t)) {
          return new Typed(t);
        }
        if (isAny(t)) {
          return new Typed(ANY);
        }
      }
      default -> throw error(node, "unknown operator (" + node.operator + ")");
    }
    throw error(node, "invalid operation: " + node.operator + " (mismatched type " + name(t) + ")");
  }

  private Typed binary(Node.Binary node) throws ExprException {
    GoType l = visit(node.left).type;
    Typed right = visit(node.right);
    GoType r = right.type;
    switch (node.operator) {
      case "==", "!=" -> {
        if (isComparable(l, r)) {
          return new Typed(BOOL);
        }
      }
      case "or", "||", "and", "&&" -> {
        if ((isBool(l) && isBool(r)) || or(l, r, Checker::isBool)) {
          return new Typed(BOOL);
        }
      }
      case "<", ">", ">=", "<=" -> {
        if ((isNumber(l) && isNumber(r)) || (isString(l) && isString(r))
            || (isTime(l) && isTime(r))
            || or(l, r, Checker::isNumber, Checker::isString, Checker::isTime)) {
          return new Typed(BOOL);
        }
      }
      case "-" -> {
        if (isNumber(l) && isNumber(r)) {
          return new Typed(combined(l, r));
        }
        if (isTime(l) && isTime(r)) {
          return new Typed(GoType.DURATION);
        }
        if (isTime(l) && isDuration(r)) {
          return new Typed(GoType.TIME);
        }
        if (or(l, r, Checker::isNumber, Checker::isTime)) {
          return new Typed(ANY);
        }
      }
      case "*" -> {
        if (isNumber(l) && isNumber(r)) {
          return new Typed(combined(l, r));
        }
        if (or(l, r, Checker::isNumber)) {
          return new Typed(ANY);
        }
      }
      case "/", "**", "^" -> {
        if ((isNumber(l) && isNumber(r)) || or(l, r, Checker::isNumber)) {
          return new Typed(FLOAT64);
        }
      }
      case "%" -> {
        if (isInteger(l) && isInteger(r)) {
          return new Typed(combined(l, r));
        }
        if (or(l, r, Checker::isInteger)) {
          return new Typed(ANY);
        }
      }
      case "+" -> {
        if (isNumber(l) && isNumber(r)) {
          return new Typed(combined(l, r));
        }
        if (isString(l) && isString(r)) {
          return new Typed(STRING);
        }
        if ((isTime(l) && isDuration(r)) || (isDuration(l) && isTime(r))) {
          return new Typed(GoType.TIME);
        }
        if (or(l, r, Checker::isNumber, Checker::isString, Checker::isTime,
            Checker::isDuration)) {
          return new Typed(ANY);
        }
      }
      case "in" -> {
        if ((isString(l) || isAny(l)) && isStruct(r)) {
          return new Typed(BOOL);
        }
        if (isMap(r)) {
          if (l != null && !isAny(l) && !assignable(l, r.key())) {
            throw error(node, "cannot use " + name(l) + " as type " + name(r.key()) + " in map key");
          }
          return new Typed(BOOL);
        }
        if (isArray(r)) {
          if (l == null) {
            return new Typed(BOOL);
          }
          if (!isComparable(l, r.elem())) {
            throw error(node, "cannot use " + name(l) + " as type " + name(r.elem()) + " in array");
          }
          if (!isComparable(l, right.info.elem)) {
            throw error(node, "cannot use " + name(l) + " as type " + name(right.info.elem)
                + " in array");
          }
          return new Typed(BOOL);
        }
        if (isAny(l) && anyOf(r, Checker::isString, Checker::isArray, Checker::isMap)) {
          return new Typed(BOOL);
        }
        if (isAny(r)) {
          return new Typed(BOOL);
        }
      }
      case "matches" -> {
        if (node.right instanceof Node.Str s) {
          try {
            node.regexp = GoRegexp.compile(s.value);
          } catch (GoRegexp.SyntaxError e) {
            throw error(node, e.getMessage());
          }
        }
        if ((isString(l) && isString(r)) || or(l, r, Checker::isString)) {
          return new Typed(BOOL);
        }
      }
      case "contains", "startsWith", "endsWith" -> {
        if ((isString(l) && isString(r)) || or(l, r, Checker::isString)) {
          return new Typed(BOOL);
        }
      }
      case ".." -> {
        if ((isInteger(l) && isInteger(r)) || or(l, r, Checker::isInteger)) {
          return new Typed(GoType.sliceOf(INT));
        }
      }
      case "??" -> {
        if (l == null && r != null) {
          return new Typed(r);
        }
        if (l != null && r == null) {
          return new Typed(l);
        }
        if (l == null) {
          return new Typed(null);
        }
        return new Typed(assignable(r, l) ? l : ANY);
      }
      default -> throw error(node, "unknown operator (" + node.operator + ")");
    }
    throw error(node, "invalid operation: " + node.operator + " (mismatched types " + name(l)
        + " and " + name(r) + ")");
  }

  private Typed member(Node.Member node) throws ExprException {
    GoType base = visit(node.node).type;
    GoType prop = visit(node.property).type;
    if (node.node instanceof Node.Identifier id && id.name.equals("$env")) {
      if (node.property instanceof Node.Str s) {
        return env(node, s.value, !node.optional);
      }
      return new Typed(ANY);
    }
    if (node.property instanceof Node.Str s && base == null) {
      throw error(node, "type " + name(base) + " has no field " + s.value);
    }
    if (node.property instanceof Node.Str s) {
      TimeMethods.Spec method = TimeMethods.find(base, s.value);
      if (method != null) {
        node.method = method;
        return new Typed(TimeMethods.methodType(base, method), new Info(null, method, null));
      }
    }
    if (GoType.LOCATION.equals(base)) {
      base = GoType.LOCATION_STRUCT;
    }
    switch (kind(base)) {
      case INTERFACE -> {
        return new Typed(ANY);
      }
      case MAP -> {
        if (prop != null && !assignable(prop, base.key()) && !isAny(prop)) {
          throw error(node.property, "cannot use " + name(prop) + " to get an element from "
              + name(base));
        }
        return new Typed(base.elem());
      }
      case SLICE, ARRAY -> {
        if (!isInteger(prop) && !isAny(prop)) {
          throw error(node.property,
              "array elements can only be selected using an integer (got " + name(prop) + ")");
        }
        return new Typed(base.elem());
      }
      case STRUCT -> {
        if (node.property instanceof Node.Str s) {
          // The time types' fields are unexported: expr finds them, and fails reading them.
          GoType field = TimeMethods.fields(base).get(s.value);
          if (field != null) {
            node.unexportedField = true;
            return new Typed(field);
          }
          boolean inCall = parents.size() > 1
              && parents.get(parents.size() - 2) instanceof Node.Call;
          throw error(node, "type " + name(base) + " has no " + (inCall ? "method " : "field ")
              + s.value);
        }
      }
      case null, default -> {
      }
    }
    throw error(node, "type " + name(base) + "[" + name(prop) + "] is undefined");
  }

  private Typed slice(Node.Slice node) throws ExprException {
    GoType t = visit(node.node).type;
    GoType.Kind k = kind(t);
    if (k != GoType.Kind.INTERFACE && k != GoType.Kind.STRING && k != GoType.Kind.SLICE
        && k != GoType.Kind.ARRAY) {
      throw error(node, "cannot slice " + name(t));
    }
    if (node.from != null) {
      GoType from = visit(node.from).type;
      if (!isInteger(from) && !isAny(from)) {
        throw error(node.from, "non-integer slice index " + name(from));
      }
    }
    if (node.to != null) {
      GoType to = visit(node.to).type;
      if (!isInteger(to) && !isAny(to)) {
        throw error(node.to, "non-integer slice index " + name(to));
      }
    }
    return new Typed(t);
  }

  private Typed call(Node.Call node) throws ExprException {
    Typed callee = visit(node.callee);
    GoType fn = callee.type;
    String fnName = "function";
    if (node.callee instanceof Node.Identifier id) {
      fnName = id.name;
    }
    if (node.callee instanceof Node.Member m && m.property instanceof Node.Str s) {
      fnName = s.value;
    }
    if (callee.info.builtin != null) {
      // expr calls the builtin's Func, checked like a function (not like the builtin syntax).
      node.builtin = callee.info.builtin;
      return checkFunction(Builtins.spec(callee.info.builtin), node, node.arguments);
    }
    if (callee.info.method != null) {
      TimeMethods.Spec method = callee.info.method;
      if (method.outs().size() > 2) {
        throw error(node, "func " + fnName + " returns more then two values");
      }
      GoType signature = GoType.funcOf(method.params(), method.outs(), false);
      if (checkArguments(fnName, signature, node.arguments, node) != null) {
        throw lastError;
      }
      if (method.impl() == null) {
        throw new ExprException(ExprException.Kind.UNSUPPORTED, "method " + fnName
            + " is not supported by this evaluator", node.line, node.column + 1);
      }
      node.method = method;
      return new Typed(method.outs().get(0));
    }
    if (fn == null) {
      throw error(node, fnName + " is nil; cannot call nil as function");
    }
    if (isAny(fn)) {
      return new Typed(ANY);
    }
    if (isFunc(fn)) {
      String problem = checkArguments(fnName, fn, node.arguments, node);
      if (problem != null) {
        throw lastError;
      }
      return new Typed(fn.out());
    }
    throw error(node, name(fn) + " is not callable");
  }

  private ExprException lastError;

  /**
   * checker's checkArguments: returns null when the arguments fit, else a description and
   * {@link #lastError} holds the error expr would report for this overload.
   */
  private String checkArguments(String name, GoType fn, List<Node> arguments, Node node)
      throws ExprException {
    int numIn = fn.params().size();
    if (fn.variadic()) {
      if (arguments.size() < numIn - 1) {
        return fail(node, "not enough arguments to call " + name);
      }
    } else {
      if (arguments.size() > numIn) {
        return fail(node, "too many arguments to call " + name);
      }
      if (arguments.size() < numIn) {
        return fail(node, "not enough arguments to call " + name);
      }
    }
    for (int i = 0; i < arguments.size(); i++) {
      Node arg = arguments.get(i);
      GoType t = visit(arg).type;
      GoType in = fn.variadic() && i >= numIn - 1 ? fn.params().get(numIn - 1).elem()
          : fn.params().get(i);
      if (isFloat(in) && isInteger(t)) {
        arguments.set(i, integersToFloats(arg));
        continue;
      }
      if (isInteger(in) && isInteger(t)) {
        if (t.kind() != in.kind()) {
          integersToIntegers(arg, in);
        }
        continue;
      }
      if (t == null) {
        continue;
      }
      if (!assignable(t, in) && !isAny(t)) {
        return fail(arg, "cannot use " + name(t) + " as argument (type " + name(in) + ") to call "
            + name + " ");
      }
    }
    return null;
  }

  private String fail(Node at, String message) {
    lastError = error(at, message);
    return message;
  }

  // traverseAndReplaceIntegerNodesWithIntegerNodes: literals take the parameter's kind.
  private static void integersToIntegers(Node node, GoType type) {
    switch (node) {
      case Node.Integer n -> n.type = type;
      case Node.Unary n -> integersToIntegers(n.node, type);
      case Node.Binary n -> {
        if (n.operator.equals("+") || n.operator.equals("-") || n.operator.equals("*")) {
          integersToIntegers(n.left, type);
          integersToIntegers(n.right, type);
        }
      }
      default -> {
      }
    }
  }

  // traverseAndReplaceIntegerNodesWithFloatNodes
  private static Node integersToFloats(Node node) {
    switch (node) {
      case Node.Integer n -> {
        Node f = new Node.Float((double) n.value).at(n);
        f.type = FLOAT64;
        return f;
      }
      case Node.Unary n -> n.node = integersToFloats(n.node);
      case Node.Binary n -> {
        if (n.operator.equals("+") || n.operator.equals("-") || n.operator.equals("*")) {
          n.left = integersToFloats(n.left);
          n.right = integersToFloats(n.right);
        }
      }
      default -> {
      }
    }
    return node;
  }

  private Typed builtin(Node.Builtin node) throws ExprException {
    switch (node.name) {
      case "all", "none", "any", "one", "filter", "count", "find", "findLast", "findIndex",
          "findLastIndex" -> {
        GoType collection = collection(node);
        GoType closure = closureIn(node, collection);
        if (isFunc(closure) && closure.params().size() == 1) {
          GoType out = closure.out();
          if (!isBool(out) && !isAny(out)) {
            throw error(node.arguments.get(1), "predicate should return boolean (got "
                + name(out) + ")");
          }
          return new Typed(switch (node.name) {
            case "filter" -> isAny(collection) ? ANY_SLICE : GoType.sliceOf(collection.elem());
            case "count", "findIndex", "findLastIndex" -> INT;
            case "find", "findLast" -> isAny(collection) ? ANY : collection.elem();
            default -> BOOL;
          });
        }
        throw error(node.arguments.get(1), "predicate should has one input and one output param");
      }
      case "groupBy" -> {
        GoType collection = collection(node);
        GoType closure = closureIn(node, collection);
        if (isFunc(closure) && closure.params().size() == 1) {
          return new Typed(GoType.GROUPS);
        }
        throw error(node.arguments.get(1), "predicate should has one input and one output param");
      }
      case "map" -> {
        GoType collection = collection(node);
        GoType closure = closureIn(node, collection, "index", INT);
        if (isFunc(closure) && closure.params().size() == 1) {
          return new Typed(GoType.sliceOf(closure.out()));
        }
        throw error(node.arguments.get(1), "predicate should has one input and one output param");
      }
      case "reduce" -> {
        GoType collection = collection(node);
        GoType closure = closureIn(node, collection, "index", INT, "acc", ANY);
        if (node.arguments.size() == 3) {
          visit(node.arguments.get(2));
        }
        if (isFunc(closure)) {
          return new Typed(closure.out());
        }
        throw error(node.arguments.get(1), "predicate should has two input and one output param");
      }
      case "get" -> {
        return get(node);
      }
      default -> {
      }
    }
    Builtins.Spec spec = Builtins.spec(node.name);
    if (spec == null) {
      throw error(node, "unknown builtin " + node.name);
    }
    return checkFunction(spec, node, node.arguments);
  }

  // checker's checkFunction: by the validator, else the first overload the arguments fit.
  private Typed checkFunction(Builtins.Spec spec, Node node, List<Node> arguments)
      throws ExprException {
    if (spec.validator() != null) {
      List<GoType> args = new ArrayList<>();
      for (Node arg : arguments) {
        args.add(visit(arg).type);
      }
      try {
        return new Typed(spec.validator().validate(args));
      } catch (Builtins.Invalid e) {
        throw error(node, e.getMessage());
      }
    }
    ExprException last = null;
    for (GoType overload : spec.overloads()) {
      if (checkArguments(spec.name(), overload, arguments, node) == null) {
        return new Typed(overload.out());
      }
      last = lastError;
    }
    throw last;
  }

  private GoType collection(Node.Builtin node) throws ExprException {
    GoType collection = visit(node.arguments.get(0)).type;
    if (!isArray(collection) && !isAny(collection)) {
      throw error(node.arguments.get(0), "builtin " + node.name + " takes only array (got "
          + name(collection) + ")");
    }
    return collection;
  }

  private GoType closureIn(Node.Builtin node, GoType collection, Object... vars)
      throws ExprException {
    Map<String, GoType> scopeVars = new HashMap<>();
    for (int i = 0; i < vars.length; i += 2) {
      scopeVars.put((String) vars[i], (GoType) vars[i + 1]);
    }
    predicateScopes.add(new Scope(collection, scopeVars));
    GoType closure = visit(node.arguments.get(1)).type;
    predicateScopes.remove(predicateScopes.size() - 1);
    return closure;
  }

  private Typed get(Node.Builtin node) throws ExprException {
    if (node.arguments.size() != 2) {
      throw error(node, "invalid number of arguments (expected 2, got " + node.arguments.size() + ")");
    }
    Node val = node.arguments.get(0);
    Node prop = node.arguments.get(1);
    if (val instanceof Node.Identifier id && id.name.equals("$env")) {
      if (prop instanceof Node.Str s) {
        return new Typed(env.get(s.value));
      }
      return new Typed(ANY);
    }
    GoType t = visit(val).type;
    switch (kind(t)) {
      case INTERFACE -> {
        return new Typed(ANY);
      }
      case SLICE, ARRAY -> {
        GoType p = visit(prop).type;
        if (p == null) {
          throw error(prop, "cannot use nil as slice index");
        }
        if (!isInteger(p) && !isAny(p)) {
          throw error(prop, "non-integer slice index " + name(p));
        }
        return new Typed(t.elem());
      }
      case MAP -> {
        GoType p = visit(prop).type;
        if (p == null) {
          throw error(prop, "cannot use nil as map index");
        }
        if (!assignable(p, t.key()) && !isAny(p)) {
          throw error(prop, "cannot use " + name(p) + " to get an element from " + name(t));
        }
        return new Typed(t.elem());
      }
      case null, default -> throw error(val, "type " + name(t) + " does not support indexing");
    }
  }

  private Typed closure(Node.Closure node) throws ExprException {
    GoType t = visit(node.node).type;
    if (t == null) {
      throw error(node.node, "closure cannot be nil");
    }
    return new Typed(GoType.funcOf(List.of(ANY), t, false));
  }

  private Typed pointer(Node.Pointer node) throws ExprException {
    if (predicateScopes.isEmpty()) {
      throw error(node, "cannot use pointer accessor outside closure");
    }
    Scope scope = predicateScopes.get(predicateScopes.size() - 1);
    if (node.name.isEmpty()) {
      if (isAny(scope.collection)) {
        return new Typed(ANY);
      }
      if (isArray(scope.collection)) {
        return new Typed(scope.collection.elem());
      }
      throw error(node, "cannot use " + name(scope.collection) + " as array");
    }
    if (scope.vars.containsKey(node.name)) {
      return new Typed(scope.vars.get(node.name));
    }
    throw error(node, "unknown pointer #" + node.name);
  }

  private Typed variable(Node.VariableDeclarator node) throws ExprException {
    if (env.containsKey(node.name)) {
      throw error(node, "cannot redeclare " + node.name);
    }
    if (Builtins.isBuiltin(node.name)) {
      throw error(node, "cannot redeclare builtin " + node.name);
    }
    for (Variable v : variables) {
      if (v.name.equals(node.name)) {
        throw error(node, "cannot redeclare variable " + node.name);
      }
    }
    Typed value = visit(node.value);
    variables.add(new Variable(node.name, value.type, value.info));
    Typed t = visit(node.expr);
    variables.remove(variables.size() - 1);
    return t;
  }

  private Typed conditional(Node.Conditional node) throws ExprException {
    GoType c = visit(node.cond).type;
    if (!isBool(c) && !isAny(c)) {
      throw error(node.cond, "non-bool expression (type " + name(c) + ") used as condition");
    }
    GoType t1 = visit(node.exp1).type;
    GoType t2 = visit(node.exp2).type;
    if (t1 == null && t2 != null) {
      return new Typed(t2);
    }
    if (t1 != null && t2 == null) {
      return new Typed(t1);
    }
    if (t1 == null) {
      return new Typed(null);
    }
    return new Typed(assignable(t1, t2) ? t1 : ANY);
  }

  private Typed array(Node.Array node) throws ExprException {
    GoType prev = null;
    boolean same = true;
    for (int i = 0; i < node.nodes.size(); i++) {
      GoType curr = visit(node.nodes.get(i)).type;
      if (i > 0) {
        if (curr == null || prev == null || curr.kind() != prev.kind()) {
          same = false;
        }
      }
      prev = curr;
    }
    return new Typed(ANY_SLICE, same && prev != null ? new Info(null, null, prev) : Info.NONE);
  }

}
