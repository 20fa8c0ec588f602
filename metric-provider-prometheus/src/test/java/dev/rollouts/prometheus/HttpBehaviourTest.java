package dev.rollouts.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.prometheus.aws.AwsCredentials;
import dev.rollouts.prometheus.aws.SigV4Signer;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP behaviour that needs a scripted server: client_golang's status handling and GET fallback,
 * warnings, OAuth2 token caching, SigV4 signing with credentials from a fake STS, bearer token
 * files, connection reuse.
 */
class HttpBehaviourTest {
  private static final String VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
      + "\"result\":[{\"metric\":{},\"value\":[1700000000.5,\"0.97\"]}]}}";
  private static final AnalysisRun RUN = Fixtures.analysisRun("http");

  StubServer server;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("address", server.url() + "/prefix/");
    c.put("query", "up == 1");
    return c;
  }

  private static Measurement run(PrometheusMetricProvider p, Map<String, Object> config) {
    return p.run(RUN, Fixtures.metric("result[0] > 0.9", "", config));
  }

  private static PrometheusMetricProvider provider(Map<String, String> env) {
    return new PrometheusMetricProvider(env, Clock.systemUTC());
  }

  @Test
  void postsGoFormBodyAndReusesTheConnection() {
    server.route("/prefix/api/v1/query", r -> StubServer.Reply.json(200, VECTOR));
    PrometheusMetricProvider p = provider(Map.of());
    for (int i = 0; i < 3; i++) {
      assertThat(run(p, config()).phase()).isEqualTo("Successful");
    }
    List<StubServer.Received> got = server.to("/prefix/api/v1/query");
    assertThat(got).hasSize(3);
    assertThat(got.getFirst().method()).isEqualTo("POST");
    assertThat(got.getFirst().header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(got.getFirst().body()).matches("query=up\\+%3D%3D\\+1&time=\\d+(\\.\\d+)?");
    // One TCP connection (one client port) for all three measurements.
    assertThat(got.stream().map(StubServer.Received::clientPort).distinct()).hasSize(1);
  }

  @Test
  void fallsBackToGetOn405() {
    server.route("/prefix/api/v1/query", r -> r.method().equals("POST")
        ? new StubServer.Reply(405, "text/plain", "") : StubServer.Reply.json(200, VECTOR));
    assertThat(run(provider(Map.of()), config()).phase()).isEqualTo("Successful");
    assertThat(server.to("/prefix/api/v1/query")).extracting(StubServer.Received::method)
        .containsExactly("POST", "GET");
    assertThat(server.to("/prefix/api/v1/query").get(1).query()).startsWith("query=up+%3D%3D+1&time=");
  }

  @Test
  void statusAndBodyErrorsAsClientGolang() {
    PrometheusMetricProvider p = provider(Map.of());
    server.route("/prefix/api/v1/query", r -> new StubServer.Reply(503, "text/plain", "down"));
    assertThat(run(p, config()).message()).isEqualTo("server_error: server error: 503");
    server.route("/prefix/api/v1/query", r -> StubServer.Reply.json(422, VECTOR));
    assertThat(run(p, config()).message())
        .isEqualTo("bad_response: inconsistent body for response code");
    server.route("/prefix/api/v1/query", r -> StubServer.Reply.json(422,
        "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query too expensive\"}"));
    assertThat(run(p, config()).message()).isEqualTo("execution: query too expensive");
    server.route("/prefix/api/v1/query", r -> new StubServer.Reply(200, "text/html", "<html>"));
    Measurement notJson = run(p, config());
    assertThat(notJson.phase()).isEqualTo("Error");
    assertThat(notJson.message()).startsWith("bad_response: ");
  }

  @Test
  void warningsGoToTheMeasurementMetadata() {
    server.route("/prefix/api/v1/query", r -> StubServer.Reply.json(200,
        VECTOR.replace("\"status\":\"success\",", "\"status\":\"success\",\"warnings\":[\"w1\",\"w 2\"],")));
    Measurement m = run(provider(Map.of()), config());
    assertThat(m.phase()).isEqualTo("Successful");
    assertThat(m.metadata()).isEqualTo(Map.of("warnings", "\"w1\", \"w 2\""));
  }

  @Test
  void oauth2TokenIsFetchedOnceAndCached() {
    AtomicInteger tokens = new AtomicInteger();
    server.route("/token", r -> {
      tokens.incrementAndGet();
      return StubServer.Reply.json(200,
          "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    });
    server.route("/prefix/api/v1/query", r -> "Bearer tok-1".equals(r.header("Authorization"))
        ? StubServer.Reply.json(200, VECTOR) : new StubServer.Reply(401, "text/plain", ""));
    Map<String, Object> c = config();
    c.put("authentication", Map.of("oauth2", Map.of("tokenUrl", server.url() + "/token",
        "clientId", "my-client", "clientSecret", "s3cret", "scopes", List.of("a", "b"))));
    PrometheusMetricProvider p = provider(Map.of());
    for (int i = 0; i < 3; i++) {
      assertThat(run(p, c).phase()).isEqualTo("Successful");
    }
    assertThat(tokens).hasValue(1);
    StubServer.Received tokenRequest = server.to("/token").getFirst();
    assertThat(tokenRequest.body()).isEqualTo("grant_type=client_credentials&scope=a+b");
    assertThat(tokenRequest.header("Authorization")).isEqualTo("Basic "
        + java.util.Base64.getEncoder().encodeToString("my-client:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void oauth2FallsBackToCredentialsInTheBody() {
    server.route("/token", r -> r.header("Authorization") != null
        ? StubServer.Reply.json(401, "{\"error\":\"invalid_client\"}")
        : StubServer.Reply.json(200, "{\"access_token\":\"tok-2\",\"expires_in\":60}"));
    server.route("/prefix/api/v1/query", r -> StubServer.Reply.json(200, VECTOR));
    Map<String, Object> c = config();
    c.put("authentication", Map.of("oauth2", Map.of("tokenUrl", server.url() + "/token",
        "clientId", "id", "clientSecret", "secret")));
    assertThat(run(provider(Map.of()), c).phase()).isEqualTo("Successful");
    assertThat(server.to("/token").get(1).body())
        .isEqualTo("client_id=id&client_secret=secret&grant_type=client_credentials");
    assertThat(server.to("/prefix/api/v1/query").getFirst().header("Authorization"))
        .isEqualTo("Bearer tok-2");
  }

  @Test
  void bearerTokenFileIsReadAgainWhenItChanges() throws Exception {
    server.route("/prefix/api/v1/query", r -> StubServer.Reply.json(200, VECTOR));
    Path token = dir.resolve("token");
    Files.writeString(token, "first\n");
    Files.setLastModifiedTime(token, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    Map<String, Object> c = config();
    c.put("authentication", Map.of("bearerTokenFile", token.toString()));
    PrometheusMetricProvider p = provider(Map.of());
    run(p, c);
    Files.writeString(token, "second");
    Files.setLastModifiedTime(token, FileTime.from(Instant.parse("2024-01-01T01:00:00Z")));
    run(p, c);
    assertThat(server.to("/prefix/api/v1/query")).extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer first", "Bearer second");
  }

  /**
   * SigV4 with a roleArn: the base credentials (environment) sign an STS AssumeRole call to a
   * fake STS endpoint ({@code AWS_ENDPOINT_URL_STS}), whose temporary credentials then sign the
   * query for service "aps". The fake STS and the query route check each signature by signing
   * the request they received again.
   */
  @Test
  void sigv4WithAssumeRoleThroughAFakeSts() {
    AwsCredentials base = new AwsCredentials("AKIDBASE", "base-secret", "", null);
    AwsCredentials assumed = new AwsCredentials("ASIAROLE", "role-secret", "role-token", null);
    server.route("/sts/", r -> verified(r, base, "sts")
        ? new StubServer.Reply(200, "text/xml", """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult><Credentials>
                <AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey>
                <SessionToken>role-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>
              </Credentials></AssumeRoleResult></AssumeRoleResponse>""")
        : new StubServer.Reply(403, "text/xml", "<Error><Message>bad signature</Message></Error>"));
    server.route("/aps-workspaces/ws-1/api/v1/query", r -> verified(r, assumed, "aps")
        ? StubServer.Reply.json(200, VECTOR) : new StubServer.Reply(403, "text/plain", "denied"));
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIDBASE");
    env.put("AWS_SECRET_ACCESS_KEY", "base-secret");
    env.put("AWS_ENDPOINT_URL_STS", server.url() + "/sts/");
    Map<String, Object> c = config();
    c.put("address", server.url() + "/aps-workspaces/ws-1");
    c.put("authentication", Map.of("sigv4", Map.of("region", "eu-west-1",
        "roleArn", "arn:aws:iam::123456789012:role/prometheus-reader")));
    Measurement m = run(provider(env), c);
    assertThat(m.message()).isEmpty();
    assertThat(m.phase()).isEqualTo("Successful");
    StubServer.Received sts = server.to("/sts/").getFirst();
    assertThat(sts.body()).contains("Action=AssumeRole").contains(
        "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fprometheus-reader");
    StubServer.Received query = server.to("/aps-workspaces/ws-1/api/v1/query").getFirst();
    assertThat(query.header("X-Amz-Security-Token")).isEqualTo("role-token");
    assertThat(query.header("Authorization")).startsWith(
        "AWS4-HMAC-SHA256 Credential=ASIAROLE/").contains("/eu-west-1/aps/aws4_request");
  }

  @Test
  void sigv4WithoutCredentialsNamesTheStep() {
    Map<String, Object> c = config();
    c.put("authentication", Map.of("sigv4", Map.of("region", "eu-west-1")));
    Measurement m = run(provider(Map.of("HOME", dir.toString())), c);
    assertThat(m.phase()).isEqualTo("Error");
    assertThat(m.message()).startsWith("could not get SigV4 credentials: no AWS credentials");
  }

  // Signs the received request again with the expected credentials and compares.
  private static boolean verified(StubServer.Received r, AwsCredentials credentials,
      String service) {
    String authorization = r.header("Authorization");
    String amzDate = r.header("X-Amz-Date");
    if (authorization == null || amzDate == null) {
      return false;
    }
    Instant at = java.time.LocalDateTime.parse(amzDate,
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        .toInstant(ZoneOffset.UTC);
    String region = authorization.split("/")[2];
    SigV4Signer.Signature expected = SigV4Signer.sign(new SigV4Signer.Request(r.method(),
        r.header("Host"), r.path(), r.query() == null ? "" : r.query(),
        Map.of("Content-Type", r.header("Content-Type")),
        r.body().getBytes(StandardCharsets.UTF_8)), credentials, region, service, at);
    return authorization.equals(expected.headers().get("Authorization"));
  }
}
