package dev.rollouts.kit;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the kit's command line, with what it printed. */
record KitRun(int exitCode, String out, String err) {
  static KitRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Kit.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new KitRun(code, out.toString(), err.toString());
  }
}
