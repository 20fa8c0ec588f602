package dev.rollouts.kit;

import dev.rollouts.sdk.goplugin.Hclog;
import dev.rollouts.sdk.goplugin.HclogLevel;
import dev.rollouts.sdk.goplugin.HclogWriter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rollouts-plugin-kit}: runs Argo Rollouts plugin executables on this machine the way the
 * controller runs them, as child processes over go-plugin's protocol.
 *
 * <pre>
 * rollouts-plugin-kit run --kind metric dist/sample-metric Run --analysis template.yaml
 * rollouts-plugin-kit analysis --config dist/argo-rollouts-config.yaml template.yaml
 * rollouts-plugin-kit canary --config dist/argo-rollouts-config.yaml --template t.yaml rollout.yaml
 * rollouts-plugin-kit configmap --metric acme/metric=dist/metric
 * </pre>
 *
 * Exit codes: 0 success, 1 the analysis or rollout did not succeed, 2 bad input.
 */
@Command(name = "rollouts-plugin-kit", mixinStandardHelpOptions = true,
    versionProvider = Kit.Version.class,
    description = "Runs Argo Rollouts plugins locally, exactly as the controller runs them.",
    subcommands = {RunCommand.class, AnalysisCommand.class, CanaryCommand.class,
        ConfigMapCommand.class, AssessCommand.class})
public final class Kit {
  /** The analysis or rollout ran and did not succeed. */
  public static final int NOT_SUCCESSFUL = 1;
  /** The input could not be used: bad manifest, unknown plugin, bad option. */
  public static final int BAD_INPUT = 2;

  /** Environment variable with the level of the kit's own SDK log (default: off). */
  public static final String LOG_ENV = "ROLLOUTS_KIT_LOG";

  public static void main(String[] args) {
    // The kit's own wire stack logs as a plugin would; a kit user wants the plugins' story, not
    // e.g. yamux noting that a plugin closed its socket first after Quit.
    String level = System.getenv(LOG_ENV);
    Hclog.writer().format(HclogWriter.Format.TEXT);
    Hclog.writer().threshold(level == null || level.isBlank() ? HclogLevel.OFF
        : HclogLevel.parse(level));
    System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args));
  }

  /** The command line writing to the given streams; tests run it in-process. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Kit());
    cl.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(e -> BAD_INPUT);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      return BAD_INPUT;
    });
    return cl;
  }

  /** The kit's version from its jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Kit.class.getPackage().getImplementationVersion();
      return new String[] {"rollouts-plugin-kit " + (v == null ? "development" : v)};
    }
  }
}
