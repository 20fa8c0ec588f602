package dev.rollouts.prometheus;

import java.io.IOException;
import java.time.Duration;

/**
 * A query that did not produce a result: the message names the step that failed (DNS, connect,
 * TLS, timeout, HTTP status, the server's PromQL error, the answer's shape) and becomes the
 * measurement's message in phase {@code Error}. Every message is built here.
 *
 * <p>Where the built-in provider's message already names the step it is kept word for word
 * ({@code bad_data: invalid parameter "query": 1:5: parse error: ...},
 * {@code server_error: server error: 503}, {@code unexpected value type "string"}); transport
 * failures, which Go reports as raw {@code net/http} errors, are spelled
 * {@code Post "<url>": <step> failed: <cause>}.
 */
public final class PrometheusException extends IOException {
  private static final long serialVersionUID = 1L;

  private PrometheusException(String message, Throwable cause) {
    super(message, cause);
  }

  static PrometheusException dns(String method, String url, String host, Throwable cause) {
    return new PrometheusException(request(method, url) + "DNS lookup of " + host + " failed: "
        + CauseText.of(cause), cause);
  }

  static PrometheusException connect(String method, String url, String hostPort, Throwable cause) {
    return new PrometheusException(request(method, url) + "connect to " + hostPort + " failed: "
        + CauseText.deepest(cause), cause);
  }

  static PrometheusException tls(String method, String url, String hostPort, Throwable cause) {
    return new PrometheusException(request(method, url) + "TLS handshake with " + hostPort
        + " failed: " + CauseText.of(cause), cause);
  }

  static PrometheusException timeout(String method, String url, Duration timeout, Throwable cause) {
    return new PrometheusException(request(method, url) + "no complete response within the"
        + " timeout of " + timeout.toSeconds() + "s (context deadline exceeded)", cause);
  }

  static PrometheusException transport(String method, String url, Throwable cause) {
    return new PrometheusException(request(method, url) + "request failed: "
        + CauseText.of(cause), cause);
  }

  /** A status other than 2xx, 400 and 422: client_golang's {@code errorTypeAndMsgFor}. */
  static PrometheusException httpStatus(int status) {
    String text = switch (status / 100) {
      case 4 -> "client_error: client error: " + status;
      case 5 -> "server_error: server error: " + status;
      default -> "bad_response: bad response code " + status;
    };
    return new PrometheusException(text, null);
  }

  /** The server's own error: {@code {"status":"error","errorType":...,"error":...}}. */
  static PrometheusException api(String errorType, String error) {
    return new PrometheusException(errorType + ": " + error, null);
  }

  /** A 400 or 422 whose body claims success. */
  static PrometheusException inconsistentBody() {
    return new PrometheusException("bad_response: inconsistent body for response code", null);
  }

  static PrometheusException badJson(String detail, Throwable cause) {
    return new PrometheusException("bad_response: " + detail, cause);
  }

  static PrometheusException unexpectedType(String resultType) {
    return new PrometheusException("unexpected value type \"" + resultType + "\"", null);
  }

  static PrometheusException credentials(String step, Throwable cause) {
    return new PrometheusException(step + ": " + CauseText.of(cause), cause);
  }

  private static String request(String method, String url) {
    return method + " \"" + url + "\": ";
  }

  /** The most telling text of an exception chain. */
  static final class CauseText {
    private CauseText() {}

    static String of(Throwable t) {
      Throwable deepest = t;
      while (deepest.getCause() != null && deepest.getCause() != deepest) {
        deepest = deepest.getCause();
      }
      String top = message(t);
      String bottom = message(deepest);
      return deepest == t || top.contains(bottom) ? top : top + ": " + bottom;
    }

    /** The root cause's text alone, where the outer ones only repeat the address. */
    static String deepest(Throwable t) {
      Throwable deepest = t;
      while (deepest.getCause() != null && deepest.getCause() != deepest) {
        deepest = deepest.getCause();
      }
      return message(deepest);
    }

    private static String message(Throwable t) {
      String m = t.getMessage();
      return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
  }
}
