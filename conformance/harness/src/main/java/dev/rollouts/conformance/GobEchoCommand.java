package dev.rollouts.conformance;

import dev.rollouts.sdk.gob.GobValue;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Decodes every value of a gob stream into the generic tree and re-encodes it. */
@Command(name = "gob-echo", description = "Echo a gob stream through the generic tree.")
final class GobEchoCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    return GobTypedCommand.echo(GobValue.class);
  }
}
