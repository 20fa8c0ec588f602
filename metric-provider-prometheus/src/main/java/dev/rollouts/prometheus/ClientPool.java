package dev.rollouts.prometheus;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * One {@link PrometheusClient} per distinct {@link ClientSettings}, all sharing one connection
 * pool, so consecutive measurements against the same server reuse their connections and OAuth2
 * tokens. The least recently used client goes when more than {@value #LIMIT} settings are in use.
 *
 * <p>Thread-safe: {@code lock} guards {@code clients}; a client is built under it (cheap: no I/O).
 */
public final class ClientPool {
  static final int LIMIT = 64;

  private final OkHttpClient shared;
  private final Map<String, String> env;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<ClientSettings, PrometheusClient> clients =
      new LinkedHashMap<>(16, 0.75f, true);

  public ClientPool(Map<String, String> env, Clock clock) {
    this.env = Map.copyOf(env);
    this.clock = clock;
    // The Go transport's dial timeout; reads are bounded by each query's own timeout.
    this.shared = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(16, 90, java.util.concurrent.TimeUnit.SECONDS))
        .connectTimeout(Duration.ofSeconds(30))
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .build();
  }

  /**
   * The client for {@code settings}.
   *
   * @throws IllegalArgumentException when the settings cannot work (see {@link PrometheusClient})
   */
  public PrometheusClient client(ClientSettings settings) {
    lock.lock();
    try {
      PrometheusClient client = clients.get(settings);
      if (client == null) {
        client = new PrometheusClient(settings, shared, env, clock);
        clients.put(settings, client);
        if (clients.size() > LIMIT) {
          clients.remove(clients.keySet().iterator().next());
        }
      }
      return client;
    } finally {
      lock.unlock();
    }
  }

  /** How many connections the pool holds (for tests of reuse). */
  public int connectionCount() {
    return shared.connectionPool().connectionCount();
  }
}
