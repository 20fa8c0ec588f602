package dev.rollouts.conformance;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Java side of the Go conformance suite ({@code conformance/HARNESS.md}): gob streams echoed
 * through our decoder and encoder, and a go-plugin test plugin.
 */
@Command(name = "harness", mixinStandardHelpOptions = true,
    description = "Java side of the Go conformance tests.",
    subcommands = {GobEchoCommand.class, GobTypedCommand.class, TestPluginCommand.class,
        HostScenariosCommand.class})
public final class Harness {
  private Harness() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Harness()).execute(args));
  }
}
