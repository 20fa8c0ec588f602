package dev.rollouts.prometheus.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for HTTP requests (the {@code Authorization} header form), as the
 * AWS General Reference describes it and its {@code aws-sig-v4-test-suite} checks it: canonical
 * request, string to sign, the derived key chain, the signature.
 *
 * <pre>{@code
 * SigV4Signer.Signature s = SigV4Signer.sign(new SigV4Signer.Request("POST", "example.amazonaws.com",
 *     "/", "", Map.of("Content-Type", "application/x-www-form-urlencoded"), body),
 *     credentials, "us-east-1", "aps", Instant.now());
 * s.headers(); // X-Amz-Date, X-Amz-Security-Token (temporary credentials), Authorization
 * }</pre>
 *
 * <p>Stateless, so thread-safe.
 */
public final class SigV4Signer {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private SigV4Signer() {}

  /**
   * A request to sign.
   *
   * @param method the HTTP method
   * @param host the {@code Host} header value (with the port when not the default one)
   * @param path the decoded path, e.g. {@code /workspaces/ws-1/api/v1/query}
   * @param rawQuery the query string as sent, without {@code ?}, or empty
   * @param headers further headers to sign (names in any case)
   * @param payload the body, empty for none
   */
  public record Request(String method, String host, String path, String rawQuery,
      Map<String, String> headers, byte[] payload) {
    public Request {
      headers = Map.copyOf(headers);
      payload = payload.clone();
    }
  }

  /**
   * The result of signing, with the intermediate texts the test suite publishes.
   *
   * @param headers the headers to add to the request, in order
   */
  public record Signature(String canonicalRequest, String stringToSign, String signature,
      Map<String, String> headers) {}

  /** Signs {@code request} for {@code service} in {@code region} at {@code time}. */
  public static Signature sign(Request request, AwsCredentials credentials, String region,
      String service, Instant time) {
    String amzDate = AMZ_DATE.format(time);
    String date = amzDate.substring(0, 8);
    TreeMap<String, String> signed = new TreeMap<>();
    request.headers().forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), canonicalValue(v)));
    signed.put("host", request.host());
    signed.put("x-amz-date", amzDate);
    if (!credentials.sessionToken().isEmpty()) {
      signed.put("x-amz-security-token", credentials.sessionToken());
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    signed.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest = request.method() + '\n'
        + canonicalPath(request.path()) + '\n'
        + canonicalQuery(request.rawQuery()) + '\n'
        + canonicalHeaders + '\n'
        + signedHeaders + '\n'
        + HEX.formatHex(sha256(request.payload()));
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
        + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = signingKey(credentials.secretAccessKey(), date, region, service);
    String signature = HEX.formatHex(hmac(key, stringToSign));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Amz-Date", amzDate);
    if (!credentials.sessionToken().isEmpty()) {
      headers.put("X-Amz-Security-Token", credentials.sessionToken());
    }
    headers.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/"
        + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    return new Signature(canonicalRequest, stringToSign, signature, headers);
  }

  /** The key derivation: HMAC chain over date, region, service and {@code aws4_request}. */
  static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  private static String canonicalValue(String v) {
    return v.strip().replaceAll(" +", " ");
  }

  // Each segment URI-encoded once (Prometheus API paths need no double encoding).
  private static String canonicalPath(String path) {
    if (path.isEmpty()) {
      return "/";
    }
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
      appendEncoded(b, x & 0xff, true);
    }
    return b.toString();
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(new String[] {uriEncode(formDecode(k)), uriEncode(formDecode(v))});
    }
    pairs.sort((a, c) -> a[0].equals(c[0]) ? a[1].compareTo(c[1]) : a[0].compareTo(c[0]));
    StringBuilder b = new StringBuilder();
    for (String[] p : pairs) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(p[0]).append('=').append(p[1]);
    }
    return b.toString();
  }

  private static String formDecode(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String uriEncode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      appendEncoded(b, x & 0xff, false);
    }
    return b.toString();
  }

  private static void appendEncoded(StringBuilder b, int c, boolean keepSlash) {
    if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
        || c == '-' || c == '_' || c == '.' || c == '~' || keepSlash && c == '/') {
      b.append((char) c);
    } else {
      b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
          .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always has HmacSHA256", e);
    }
  }
}
