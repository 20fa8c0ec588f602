package dev.rollouts.prometheus.aws;

import dev.rollouts.prometheus.http.FormEncoding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.w3c.dom.Document;

/**
 * STS over its Query API: {@code POST https://sts.<region>.amazonaws.com/} with a form body,
 * XML answer. The endpoint can be overridden with {@code AWS_ENDPOINT_URL_STS} (or
 * {@code AWS_ENDPOINT_URL}), the AWS SDKs' variables.
 *
 * <p>Thread-safe (okhttp's client is).
 */
public final class HttpStsClient implements StsClient {
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final String region;
  private final Clock clock;

  public HttpStsClient(OkHttpClient http, String region, Map<String, String> env, Clock clock) {
    this.http = http;
    this.region = region;
    this.clock = clock;
    String override = env.getOrDefault("AWS_ENDPOINT_URL_STS", env.getOrDefault("AWS_ENDPOINT_URL", ""));
    this.endpoint = HttpUrl.get(override.isEmpty() ? "https://sts." + region + ".amazonaws.com/" : override);
  }

  @Override
  public AwsCredentials assumeRole(AwsCredentials base, String roleArn, String sessionName)
      throws IOException {
    return call("AssumeRole", Map.of("RoleArn", roleArn, "RoleSessionName", sessionName), base);
  }

  @Override
  public AwsCredentials assumeRoleWithWebIdentity(String roleArn, String sessionName,
      String token) throws IOException {
    return call("AssumeRoleWithWebIdentity", Map.of("RoleArn", roleArn,
        "RoleSessionName", sessionName, "WebIdentityToken", token), null);
  }

  private AwsCredentials call(String action, Map<String, String> params, AwsCredentials signer)
      throws IOException {
    Map<String, String> form = new LinkedHashMap<>(params);
    form.put("Action", action);
    form.put("Version", "2011-06-15");
    byte[] body = FormEncoding.encode(form).getBytes(StandardCharsets.UTF_8);
    Request.Builder request = new Request.Builder().url(endpoint).post(RequestBody.create(body, FORM));
    if (signer != null) {
      SigV4Signer.Signature s = SigV4Signer.sign(new SigV4Signer.Request("POST",
          hostHeader(endpoint), endpoint.encodedPath().isEmpty() ? "/" : endpoint.uri().getPath(), "",
          Map.of("Content-Type", FORM.toString()), body), signer, region, "sts", clock.instant());
      s.headers().forEach(request::header);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      byte[] xml = response.body().bytes();
      if (!response.isSuccessful()) {
        throw new IOException("STS " + action + " answered HTTP " + response.code() + ": "
            + text(xml, "Message", new String(xml, StandardCharsets.UTF_8)));
      }
      return new AwsCredentials(text(xml, "AccessKeyId", null), text(xml, "SecretAccessKey", null),
          text(xml, "SessionToken", ""), Instant.parse(text(xml, "Expiration", null)));
    }
  }

  /** The {@code Host} header okhttp sends: the port only when not the scheme's default. */
  public static String hostHeader(HttpUrl url) {
    return url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
  }

  private static String text(byte[] xml, String element, String fallback) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
      var nodes = doc.getElementsByTagName(element);
      if (nodes.getLength() > 0) {
        return nodes.item(0).getTextContent().strip();
      }
    } catch (Exception e) {
      if (fallback == null) {
        throw new IOException("STS answer is not XML: " + e.getMessage(), e);
      }
      return fallback;
    }
    if (fallback == null) {
      throw new IOException("STS answer lacks <" + element + ">");
    }
    return fallback;
  }
}
