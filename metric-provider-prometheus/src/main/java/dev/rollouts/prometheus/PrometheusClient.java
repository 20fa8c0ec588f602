package dev.rollouts.prometheus;

import dev.rollouts.prometheus.aws.AwsCredentialsProvider;
import dev.rollouts.prometheus.aws.HttpStsClient;
import dev.rollouts.prometheus.aws.SigV4Signer;
import dev.rollouts.prometheus.http.BearerTokenFile;
import dev.rollouts.prometheus.http.FormEncoding;
import dev.rollouts.prometheus.http.OAuth2ClientCredentials;
import dev.rollouts.prometheus.http.TlsSettings;
import dev.rollouts.sdk.plugin.PluginConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Prometheus's HTTP API for one {@link ClientSettings}: instant and range queries posted as
 * forms (a GET when the server answers 405 or 501), authenticated and signed as configured,
 * answers and errors read as client_golang's {@code v1.API} reads them. Connections are pooled
 * and reused across measurements.
 *
 * <pre>{@code
 * QueryResult r = client.query("sum(up)", Instant.now(), Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Thread-safe: immutable apart from the token and credential caches, which lock themselves.
 */
public final class PrometheusClient {
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  private final OkHttpClient http;
  private final HttpUrl base;
  private final List<PrometheusConfig.Header> headers;
  private final String basicAuth;
  private final BearerTokenFile bearerTokenFile;
  private final OAuth2ClientCredentials oauth2;
  private final AwsCredentialsProvider awsCredentials;
  private final String awsRegion;
  private final Clock clock;

  /**
   * A client for {@code settings}, sharing {@code shared}'s connection pool and threads.
   *
   * @throws IllegalArgumentException when the settings cannot work: an unreadable TLS file,
   *     missing OAuth2 fields, no SigV4 region (messages as the built-in provider's)
   */
  PrometheusClient(ClientSettings settings, OkHttpClient shared, Map<String, String> env,
      Clock clock) {
    this.clock = clock;
    this.base = HttpUrl.get(settings.address());
    this.headers = settings.headers();
    TlsSettings tls = TlsSettings.of(settings.insecure(), settings.tls());
    OkHttpClient.Builder builder = shared.newBuilder()
        .sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
    if (!tls.verifyHostname()) {
      builder.hostnameVerifier((host, session) -> true);
    }
    this.http = builder.build();

    PrometheusConfig.Authentication auth = settings.authentication();
    PrometheusConfig.OAuth2 o = auth.oauth2();
    if (!o.tokenUrl().isEmpty()) {
      if (o.clientId().isEmpty() || o.clientSecret().isEmpty()) {
        throw new IllegalArgumentException("missing mandatory parameter in metric for OAuth2 setup");
      }
      this.oauth2 = new OAuth2ClientCredentials(o, http, clock);
    } else {
      this.oauth2 = null;
    }
    this.basicAuth = auth.basicAuth() == null ? null : basicAuthHeader(auth.basicAuth());
    this.bearerTokenFile = auth.bearerTokenFile().isEmpty() ? null
        : new BearerTokenFile(Path.of(auth.bearerTokenFile()));
    if (auth.sigv4().configured()) {
      String region = auth.sigv4().region().isEmpty()
          ? env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", ""))
          : auth.sigv4().region();
      if (region.isEmpty()) {
        throw new IllegalArgumentException(
            "region not configured in sigv4 or in default credentials chain");
      }
      this.awsRegion = region;
      this.awsCredentials = AwsCredentialsProvider.chain(auth.sigv4().profile(),
          auth.sigv4().roleArn(), env, new HttpStsClient(http, region, env, clock), clock);
    } else {
      this.awsRegion = null;
      this.awsCredentials = null;
    }
  }

  /**
   * {@code GET|POST /api/v1/query} at {@code time}.
   *
   * @throws PrometheusException when there is no result; the message names the failing step
   */
  public QueryResult query(String query, Instant time, Duration timeout)
      throws PrometheusException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", query);
    form.put("time", seconds(time));
    return call("/api/v1/query", form, timeout);
  }

  /**
   * {@code GET|POST /api/v1/query_range}.
   *
   * @throws PrometheusException when there is no result; the message names the failing step
   */
  public QueryResult queryRange(String query, Instant start, Instant end, Duration step,
      Duration timeout) throws PrometheusException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", query);
    form.put("start", seconds(start));
    form.put("end", seconds(end));
    form.put("step", GoFloats.format(step.toNanos() / 1e9));
    return call("/api/v1/query_range", form, timeout);
  }

  // client_golang's formatTime: seconds as float64, shortest 'f' spelling.
  private static String seconds(Instant t) {
    return GoFloats.format(t.getEpochSecond() + t.getNano() / 1e9);
  }

  private QueryResult call(String endpoint, Map<String, String> form, Duration timeout)
      throws PrometheusException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String path = base.encodedPath().replaceAll("/+$", "") + endpoint;
    HttpUrl url = base.newBuilder().encodedPath(path).build();
    String encoded = FormEncoding.encode(form);
    byte[] body = encoded.getBytes(StandardCharsets.UTF_8);
    Answer answer = send("POST", url, body, deadline, timeout);
    if (answer.status == 405 || answer.status == 501) {
      answer = send("GET", url.newBuilder().encodedQuery(encoded).build(), null, deadline, timeout);
    }
    return answer.result();
  }

  private record Answer(int status, byte[] body) {
    QueryResult result() throws PrometheusException {
      return ApiResponse.read(status, body);
    }
  }

  private Answer send(String method, HttpUrl url, byte[] body, long deadline, Duration timeout)
      throws PrometheusException {
    String shownUrl = url.toString();
    try {
      Request.Builder request = new Request.Builder().url(url);
      if (body != null) {
        request.post(RequestBody.create(body, FORM));
      }
      authenticate(request, method, url, body);
      for (PrometheusConfig.Header h : headers) {
        request.header(h.key(), h.value());
      }
      Call call = http.newCall(request.build());
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw PrometheusException.timeout(method, shownUrl, timeout, null);
      }
      call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      try (Response response = call.execute()) {
        return new Answer(response.code(), response.body().bytes());
      }
    } catch (PrometheusException e) {
      throw e;
    } catch (IOException e) {
      throw classify(e, method, shownUrl, url, timeout);
    }
  }

  private void authenticate(Request.Builder request, String method, HttpUrl url, byte[] body)
      throws IOException {
    if (basicAuth != null) {
      request.header("Authorization", basicAuth);
    }
    if (bearerTokenFile != null) {
      request.header("Authorization", "Bearer " + bearerTokenFile.token());
    }
    if (oauth2 != null) {
      String token;
      try {
        token = oauth2.accessToken();
      } catch (IOException e) {
        throw PrometheusException.credentials(method + " \"" + url + "\": OAuth2 token", e);
      }
      request.header("Authorization", "Bearer " + token);
    }
    if (awsCredentials != null) {
      SigV4Signer.Signature s;
      try {
        s = SigV4Signer.sign(new SigV4Signer.Request(method, HttpStsClient.hostHeader(url),
            url.uri().getPath(), url.encodedQuery() == null ? "" : url.encodedQuery(),
            body == null ? Map.of() : Map.of("Content-Type", FORM.toString()),
            body == null ? new byte[0] : body), awsCredentials.get(), awsRegion, "aps",
            clock.instant());
      } catch (IOException e) {
        throw PrometheusException.credentials("could not get SigV4 credentials", e);
      }
      s.headers().forEach(request::header);
    }
  }

  private static PrometheusException classify(IOException e, String method, String shownUrl,
      HttpUrl url, Duration timeout) {
    String hostPort = url.host() + ":" + url.port();
    if (e instanceof UnknownHostException) {
      return PrometheusException.dns(method, shownUrl, url.host(), e);
    }
    if (e instanceof SSLException) {
      return PrometheusException.tls(method, shownUrl, hostPort, e);
    }
    if (e instanceof ConnectException
        || e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).contains("onnect")) {
      return PrometheusException.connect(method, shownUrl, hostPort, e);
    }
    if (e instanceof InterruptedIOException) {
      return PrometheusException.timeout(method, shownUrl, timeout, e);
    }
    return PrometheusException.transport(method, shownUrl, e);
  }

  private static String basicAuthHeader(PrometheusConfig.BasicAuth b) {
    String password = b.password();
    if (!b.passwordFile().isEmpty()) {
      try {
        password = java.nio.file.Files.readString(Path.of(b.passwordFile())).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read authentication.basicAuth.passwordFile "
            + b.passwordFile() + ": " + e, e);
      }
    }
    String pair = b.username() + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** client_golang's {@code apiClientImpl.Do} and {@code queryResult.UnmarshalJSON}. */
  static final class ApiResponse {
    private ApiResponse() {}

    static QueryResult read(int status, byte[] body) throws PrometheusException {
      boolean apiError = status == 400 || status == 422;
      if (status / 100 != 2 && !apiError) {
        throw PrometheusException.httpStatus(status);
      }
      JsonNode json;
      try {
        json = PluginConfig.mapper().readTree(body);
      } catch (JacksonException e) {
        throw PrometheusException.badJson(e.getOriginalMessage(), e);
      }
      String outcome = json.path("status").asString("");
      if (apiError && outcome.equals("success")) {
        throw PrometheusException.inconsistentBody();
      }
      if (outcome.equals("error")) {
        throw PrometheusException.api(json.path("errorType").asString(""),
            json.path("error").asString(""));
      }
      List<String> warnings = new ArrayList<>();
      json.path("warnings").forEach(w -> warnings.add(w.asString("")));
      JsonNode data = json.path("data");
      String type = data.path("resultType").asString("");
      JsonNode result = data.path("result");
      try {
        return switch (type) {
          case "scalar" -> new QueryResult(QueryResult.Type.SCALAR,
              new double[] {sample(result)}, warnings);
          case "vector" -> {
            List<Double> values = new ArrayList<>();
            result.forEach(s -> {
              if (s.has("value")) {
                values.add(sample(s.get("value")));
              }
            });
            yield new QueryResult(QueryResult.Type.VECTOR, unbox(values), warnings);
          }
          case "matrix" -> {
            List<Double> values = new ArrayList<>();
            result.forEach(series -> series.path("values").forEach(v -> values.add(sample(v))));
            yield new QueryResult(QueryResult.Type.MATRIX, unbox(values), warnings);
          }
          default -> throw PrometheusException.unexpectedType(type);
        };
      } catch (NumberFormatException e) {
        throw PrometheusException.badJson("bad sample value: " + e.getMessage(), e);
      }
    }

    // [<unix seconds>, "<value>"]
    private static double sample(JsonNode pair) {
      if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isString()) {
        throw new NumberFormatException("expected [time, \"value\"], got " + pair);
      }
      return GoFloats.parse(pair.get(1).asString());
    }

    private static double[] unbox(List<Double> values) {
      double[] out = new double[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.get(i);
      }
      return out;
    }
  }
}
