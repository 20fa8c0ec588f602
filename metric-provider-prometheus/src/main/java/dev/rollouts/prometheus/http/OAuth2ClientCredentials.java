package dev.rollouts.prometheus.http;

import dev.rollouts.prometheus.PrometheusConfig;
import dev.rollouts.sdk.plugin.PluginConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;

/**
 * The OAuth2 client-credentials grant (RFC 6749 §4.4) as {@code golang.org/x/oauth2/clientcredentials}
 * does it for the built-in provider: the client id and secret in a basic {@code Authorization}
 * header first, in the form body if the server refuses that (then always), the scopes joined by
 * spaces; the token is reused until ten seconds before it expires.
 *
 * <p>Thread-safe: {@code lock} guards {@code token}, {@code expiry} and {@code secretInBody}; a
 * token request blocks other callers, so one token is fetched at a time.
 */
public final class OAuth2ClientCredentials {
  private static final Duration EXPIRY_DELTA = Duration.ofSeconds(10);
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  private final PrometheusConfig.OAuth2 config;
  private final OkHttpClient http;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private String token;
  private Instant expiry;
  private boolean secretInBody;

  public OAuth2ClientCredentials(PrometheusConfig.OAuth2 config, OkHttpClient http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
  }

  /**
   * A valid access token, fetched when there is none or it is about to expire.
   *
   * @throws IOException when the token endpoint cannot be reached or refuses
   */
  public String accessToken() throws IOException {
    lock.lock();
    try {
      if (token == null || expiry != null && !clock.instant().plus(EXPIRY_DELTA).isBefore(expiry)) {
        fetch();
      }
      return token;
    } finally {
      lock.unlock();
    }
  }

  private void fetch() throws IOException {
    if (!secretInBody) {
      try {
        fetch(false);
        return;
      } catch (Refused refused) {
        secretInBody = true;
      }
    }
    fetch(true);
  }

  private void fetch(boolean inBody) throws IOException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (!config.scopes().isEmpty()) {
      form.put("scope", String.join(" ", config.scopes()));
    }
    Request.Builder request = new Request.Builder().url(config.tokenUrl());
    if (inBody) {
      form.put("client_id", config.clientId());
      form.put("client_secret", config.clientSecret());
    } else {
      String pair = urlEncode(config.clientId()) + ":" + urlEncode(config.clientSecret());
      request.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    request.post(RequestBody.create(FormEncoding.encode(form), FORM));
    Instant asked = clock.instant();
    try (Response response = http.newCall(request.build()).execute()) {
      String body = response.body().string();
      if (!response.isSuccessful()) {
        String message = "OAuth2 token request to " + config.tokenUrl() + " failed: HTTP "
            + response.code() + ": " + body.strip();
        if (!inBody && (response.code() == 400 || response.code() == 401)) {
          throw new Refused(message);
        }
        throw new IOException(message);
      }
      JsonNode json = PluginConfig.mapper().readTree(body);
      String accessToken = json.path("access_token").asString("");
      if (accessToken.isEmpty()) {
        throw new IOException("OAuth2 token response from " + config.tokenUrl()
            + " has no access_token");
      }
      long expiresIn = json.path("expires_in").asLong(0);
      token = accessToken;
      expiry = expiresIn > 0 ? asked.plusSeconds(expiresIn) : null;
    }
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The server refused the credentials in the header: try them in the body. */
  private static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }
}
