package dev.rollouts.prometheus;

import java.util.List;

/**
 * The plugin's configuration under {@code provider.plugin["<name>"]}: the fields of Argo's
 * built-in {@code provider.prometheus} ({@code v1alpha1.PrometheusMetric}) with the same JSON
 * names, plus {@code tls}, {@code authentication.basicAuth} and
 * {@code authentication.bearerTokenFile}, which the built-in provider lacks.
 *
 * <pre>{@code
 * {"address": "http://prometheus:9090", "query": "vector(1)", "timeout": 40,
 *  "headers": [{"key": "X-Scope-OrgID", "value": "tenant_a"}]}
 * }</pre>
 *
 * @param address the server's base URL; empty: {@code ARGO_ROLLOUTS_PROMETHEUS_ADDRESS}
 * @param query the PromQL query, {@code {{args.*}}} already substituted by the controller
 * @param authentication how to authenticate, or null
 * @param timeout seconds a query may take (default 30), or null
 * @param insecure skip verification of the server's certificate
 * @param headers HTTP headers set on every request (last one wins for a repeated key)
 * @param rangeQuery makes the query a range query, or null for an instant query
 * @param tls CA bundle and client certificate, or null
 */
public record PrometheusConfig(
    String address,
    String query,
    Authentication authentication,
    Long timeout,
    boolean insecure,
    List<Header> headers,
    RangeQuery rangeQuery,
    Tls tls) {

  /** Turns absent strings and lists into empty ones. */
  public PrometheusConfig {
    address = address == null ? "" : address;
    query = query == null ? "" : query;
    authentication = authentication == null ? Authentication.NONE : authentication;
    headers = headers == null ? List.of() : List.copyOf(headers);
  }

  /** {@code v1alpha1.WebMetricHeader}. */
  public record Header(String key, String value) {
    public Header {
      key = key == null ? "" : key;
      value = value == null ? "" : value;
    }
  }

  /** {@code v1alpha1.PrometheusRangeQueryArgs}: expr-lang times and a Go duration. */
  public record RangeQuery(String start, String end, String step) {
    public RangeQuery {
      start = start == null ? "" : start;
      end = end == null ? "" : end;
      step = step == null ? "" : step;
    }
  }

  /**
   * {@code v1alpha1.Authentication}, extended.
   *
   * @param sigv4 AWS SigV4 signing (Amazon Managed Prometheus)
   * @param oauth2 OAuth2 client credentials
   * @param basicAuth HTTP basic authentication (not in the built-in provider)
   * @param bearerTokenFile a file holding a bearer token, re-read when it changes, e.g. a
   *     projected service-account token (not in the built-in provider)
   */
  public record Authentication(Sigv4 sigv4, OAuth2 oauth2, BasicAuth basicAuth,
      String bearerTokenFile) {
    static final Authentication NONE = new Authentication(null, null, null, null);

    public Authentication {
      sigv4 = sigv4 == null ? Sigv4.NONE : sigv4;
      oauth2 = oauth2 == null ? OAuth2.NONE : oauth2;
      bearerTokenFile = bearerTokenFile == null ? "" : bearerTokenFile;
    }
  }

  /** {@code v1alpha1.Sigv4Config}. */
  public record Sigv4(String region, String profile, String roleArn) {
    static final Sigv4 NONE = new Sigv4("", "", "");

    public Sigv4 {
      region = region == null ? "" : region;
      profile = profile == null ? "" : profile;
      roleArn = roleArn == null ? "" : roleArn;
    }

    /** True when any field is set: the built-in provider's {@code Sigv4Config{} != cfg}. */
    public boolean configured() {
      return !equals(NONE);
    }
  }

  /** {@code v1alpha1.OAuth2Config}: the client-credentials grant. */
  public record OAuth2(String tokenUrl, String clientId, String clientSecret,
      List<String> scopes) {
    static final OAuth2 NONE = new OAuth2("", "", "", List.of());

    public OAuth2 {
      tokenUrl = tokenUrl == null ? "" : tokenUrl;
      clientId = clientId == null ? "" : clientId;
      clientSecret = clientSecret == null ? "" : clientSecret;
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
  }

  /** HTTP basic authentication; the password inline or in a file. */
  public record BasicAuth(String username, String password, String passwordFile) {
    public BasicAuth {
      username = username == null ? "" : username;
      password = password == null ? "" : password;
      passwordFile = passwordFile == null ? "" : passwordFile;
    }
  }

  /**
   * TLS beyond the JVM's defaults (argo-rollouts issue 2298).
   *
   * @param caFile PEM bundle of the CAs to trust instead of the JVM's
   * @param certFile PEM client certificate (chain) for mutual TLS
   * @param keyFile PEM private key of the client certificate (PKCS#8, or PKCS#1 RSA)
   */
  public record Tls(String caFile, String certFile, String keyFile) {
    public Tls {
      caFile = caFile == null ? "" : caFile;
      certFile = certFile == null ? "" : certFile;
      keyFile = keyFile == null ? "" : keyFile;
    }
  }
}
