package dev.rollouts.conformance;

import dev.rollouts.sdk.goplugin.GoPluginServer;
import dev.rollouts.sdk.goplugin.Hclog;
import dev.rollouts.sdk.goplugin.HclogLevel;
import dev.rollouts.sdk.goplugin.HandshakeConfig;
import dev.rollouts.sdk.goplugin.StandardStreams;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.netrpc.CallContext;
import dev.rollouts.sdk.netrpc.RpcService;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A go-plugin test plugin with the methods listed in {@code conformance/HARNESS.md}. */
@Command(name = "plugin", description = "Serve the go-plugin test plugin (run by a go-plugin host).")
final class TestPluginCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger("harness");

  @Option(names = "--log-level", defaultValue = "info", description = "trace, debug, info, warn, error")
  String logLevel;

  @Override
  public Integer call() {
    StandardStreams.claim();
    Hclog.writer().threshold(HclogLevel.parse(logLevel));
    log.trace("level check trace");
    log.debug("level check debug");
    log.info("level check info");
    log.warn("level check warn");
    log.error("level check error");
    return GoPluginServer.builder(new HandshakeConfig(1, "ARGO_ROLLOUTS_RPC_PLUGIN", "metricprovider"))
        .plugin("RpcMetricProviderPlugin", TestPluginCommand::service)
        .build()
        .serve();
  }

  static RpcService service() {
    return RpcService.builder(GoPluginServer.PLUGIN_SERVICE)
        .method("InitPlugin", Object.class, RpcError.class, (CallContext c, Object arg) -> new RpcError(""))
        .method("Echo", byte[].class, byte[].class, (CallContext c, byte[] arg) -> arg)
        .method("Sleep", Long.class, Long.class, (CallContext c, Long millis) -> {
          Thread.sleep(millis);
          return millis;
        })
        .method("Fail", String.class, RpcError.class, (CallContext c, String text) -> {
          throw new IllegalStateException(text);
        })
        .method("Pid", Object.class, Long.class, (CallContext c, Object arg) -> ProcessHandle.current().pid())
        .build();
  }
}
