package dev.rollouts.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.host.MetricProviderClient;
import dev.rollouts.sdk.host.PluginHost;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS (server certificate from a throwaway CA, client certificates required) and basic
 * authentication through Prometheus's own {@code --web.config.file}, against a Prometheus
 * started here with the binary of {@code scripts/prometheus-test-env.sh}.
 */
class SecuredPrometheusTest {
  // bcrypt (cost 12) of PASSWORD, as Prometheus's web config wants it; a test-only credential.
  private static final String USER = "rollouts";
  private static final String PASSWORD = "rollouts-test";
  private static final String PASSWORD_HASH =
      "$2b$12$NZ3H.V0VefWE37R1dwH7jOVj.1T/Fe13SY8hZRlF.AObQ/x5btUom";
  private static final AnalysisRun RUN = Fixtures.analysisRun("secured");

  @TempDir static Path dir;
  static Process prometheus;
  static int port;
  static PluginHost host;
  static MetricProviderClient plugin;

  @BeforeAll
  static void start() throws Exception {
    Path binary = TestEnvironment.prometheusBinary();
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-subj", "/CN=rollouts-test-ca", "-days", "2");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    for (String who : List.of("server", "client")) {
      openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
          "-subj", "/CN=" + who);
      openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
          "-CAcreateserial", "-out", who + ".crt", "-days", "2", "-extfile", "san.ext");
    }
    Files.writeString(dir.resolve("web.yml"), """
        tls_server_config:
          cert_file: %s
          key_file: %s
          client_auth_type: RequireAndVerifyClientCert
          client_ca_file: %s
        basic_auth_users:
          %s: %s
        """.formatted(dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("ca.crt"),
        USER, PASSWORD_HASH));
    Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
    port = TestEnvironment.freePort();
    prometheus = new ProcessBuilder(binary.toString(),
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--web.config.file=" + dir.resolve("web.yml"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    awaitListening(port);
    host = TestEnvironment.startPlugin(dir, List.of(), Map.of());
    plugin = host.metricProvider();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (host != null) {
      host.close();
    }
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("openssl %s: %s", String.join(" ", args), output).isZero();
  }

  private static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        assertThat(prometheus.isAlive()).as("prometheus exited: %s",
            Files.readString(dir.resolve("prometheus.log"))).isTrue();
        Thread.sleep(100);
      }
    }
    throw new AssertionError("secured prometheus did not listen within 60 s");
  }

  private static Map<String, Object> config(boolean ca, boolean clientCert, String password) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("address", "https://127.0.0.1:" + port);
    c.put("query", "vector(1)");
    Map<String, Object> tls = new LinkedHashMap<>();
    if (ca) {
      tls.put("caFile", dir.resolve("ca.crt").toString());
    }
    if (clientCert) {
      tls.put("certFile", dir.resolve("client.crt").toString());
      tls.put("keyFile", dir.resolve("client.key").toString());
    }
    c.put("tls", tls);
    if (password != null) {
      c.put("authentication", Map.of("basicAuth", Map.of("username", USER, "password", password)));
    }
    return c;
  }

  private static Measurement run(Map<String, Object> config) {
    return plugin.run(RUN, Fixtures.metric("result[0] == 1", "", config));
  }

  @Test
  void caBundleClientCertificateAndBasicAuth() {
    Measurement m = run(config(true, true, PASSWORD));
    assertThat(m.message()).isEmpty();
    assertThat(m.phase()).isEqualTo("Successful");
    assertThat(m.value()).isEqualTo("[1]");
  }

  @Test
  void basicAuthTheBuiltInWayThroughHeaders() {
    Map<String, Object> c = config(true, true, null);
    String basic = Base64.getEncoder().encodeToString(
        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    c.put("headers", List.of(Map.of("key", "Authorization", "value", "Basic " + basic)));
    assertThat(run(c).phase()).isEqualTo("Successful");
  }

  @Test
  void insecureSkipsVerificationOnly() {
    Map<String, Object> c = config(false, true, PASSWORD);
    c.put("insecure", true);
    assertThat(run(c).phase()).isEqualTo("Successful");
  }

  @Test
  void untrustedServerFailsInTheTlsStep() {
    Measurement m = run(config(false, true, PASSWORD));
    assertThat(m.phase()).isEqualTo("Error");
    assertThat(m.message()).startsWith("failed to run via plugin: POST \"https://127.0.0.1:"
        + port + "/api/v1/query\": TLS handshake with 127.0.0.1:" + port + " failed: ");
  }

  @Test
  void missingClientCertificateIsRefused() {
    Measurement m = run(config(true, false, PASSWORD));
    assertThat(m.phase()).isEqualTo("Error");
    assertThat(m.message()).contains("TLS handshake with 127.0.0.1:" + port + " failed");
  }

  @Test
  void wrongPasswordIsAnHttpStatus() {
    Measurement m = run(config(true, true, "wrong"));
    assertThat(m.phase()).isEqualTo("Error");
    assertThat(m.message()).isEqualTo("failed to run via plugin: client_error: client error: 401");
  }
}
