package dev.rollouts.prometheus.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mutable state of one evaluation: the env, {@code let} variables, the stack of predicate
 * loops ({@code #}, {@code #index}, {@code #acc}) and expr's memory budget.
 *
 * <p>Not thread-safe: one per evaluation, never shared.
 */
final class Frame {
  private static final long MEMORY_BUDGET = 1_000_000;

  /** One running predicate: its elements and cursor. */
  static final class Loop {
    final List<Object> items;
    int index;
    Object acc;

    Loop(List<Object> items) {
      this.items = items;
    }
  }

  final Map<String, Object> env;
  final Object result;
  final Object[] variables;
  private final List<Loop> loops = new ArrayList<>();
  private long memory;

  Frame(Map<String, Object> env, Object result, int variableCount) {
    this.env = env;
    this.result = result;
    this.variables = new Object[variableCount];
  }

  Loop begin(Object collection) {
    Loop loop = new Loop(GoRuntime.iterable(collection));
    loops.add(loop);
    return loop;
  }

  void end() {
    loops.remove(loops.size() - 1);
  }

  Loop loop() {
    return loops.get(loops.size() - 1);
  }

  void memGrow(long size) {
    memory += size;
    if (memory >= MEMORY_BUDGET) {
      throw new GoPanic("memory budget exceeded");
    }
  }
}
