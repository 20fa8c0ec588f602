package dev.rollouts.kit;

import dev.rollouts.sdk.goplugin.HclogLevel;
import dev.rollouts.sdk.host.PluginHost;
import dev.rollouts.sdk.host.PluginKind;
import dev.rollouts.sdk.model.RpcError;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The plugin processes of one kit run: like the controller, one process per plugin name and
 * kind, started on first use (handshake, dispense, {@code InitPlugin}, ping), pinged before
 * every later use, and stopped with {@code Control.Quit} at the end.
 *
 * <p>Thread-safe; {@code lock} guards {@code hosts} and the start of a process.
 */
public final class PluginPool implements AutoCloseable {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PluginHost> hosts = new LinkedHashMap<>();
  private final PluginCatalog catalog;
  private final PrintWriter log;
  private final HclogLevel logThreshold;

  /** Plugin stderr lines at {@code logThreshold} or above are copied to {@code log}. */
  public PluginPool(PluginCatalog catalog, PrintWriter log, HclogLevel logThreshold) {
    this.catalog = catalog;
    this.log = log;
    this.logThreshold = logThreshold;
  }

  /**
   * The running plugin of this kind and name.
   *
   * @throws IOException when it cannot be started, or its {@code InitPlugin} failed (with
   *     Argo's message)
   * @throws IllegalArgumentException when the catalog has no such plugin
   */
  public PluginHost host(PluginKind kind, String name) throws IOException {
    PluginSpec spec = catalog.find(kind, name);
    lock.lock();
    try {
      String key = kind.configMapKey() + ":" + name;
      PluginHost host = hosts.get(key);
      if (host != null) {
        host.ping();
        return host;
      }
      String shortName = name.substring(name.indexOf('/') + 1);
      host = PluginHost.builder(spec.executable(), kind)
          .args(spec.args())
          .stderr(line -> {
            if (line.level().ordinal() >= logThreshold.ordinal()) {
              log.println("  [" + shortName + "] " + line.level() + " " + line.message()
                  + (line.fields().isEmpty() ? "" : " " + line.fields()));
            }
          })
          .start();
      RpcError init = host.initError();
      if (init != null && init.errorString() != null && !init.errorString().isEmpty()) {
        host.close();
        throw new IOException("unable to initialize plugin via rpc (" + name + "): "
            + init.errorString());
      }
      hosts.put(key, host);
      return host;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      for (PluginHost h : hosts.values()) {
        h.close();
      }
      hosts.clear();
    } finally {
      lock.unlock();
    }
  }
}
