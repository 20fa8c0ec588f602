package dev.rollouts.sdk.goplugin;

import dev.rollouts.sdk.netrpc.CallContext;
import dev.rollouts.sdk.netrpc.RpcService;

/** A plugin process for the session tests: {@code Plugin.Echo}, {@code Plugin.Sleep}. */
public final class EchoPluginMain {
  private EchoPluginMain() {}

  public static void main(String[] args) {
    StandardStreams.claim();
    System.out.println("a stray println that must not reach stdout");
    int code = GoPluginServer.builder(SessionFixtures.HANDSHAKE)
        .plugin("Echo", () -> RpcService.builder(GoPluginServer.PLUGIN_SERVICE)
            .method("Echo", byte[].class, byte[].class, (CallContext c, byte[] a) -> a)
            .method("Sleep", Long.class, Long.class, (CallContext c, Long ms) -> {
              Thread.sleep(ms);
              return ms;
            })
            .build())
        .build()
        .serve();
    System.exit(code);
  }
}
