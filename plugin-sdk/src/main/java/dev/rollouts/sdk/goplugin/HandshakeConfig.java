package dev.rollouts.sdk.goplugin;

import java.util.Objects;

/**
 * The values a plugin and its host agree on before anything crosses the socket, as go-plugin's
 * {@code HandshakeConfig}: the application protocol version and the magic cookie.
 *
 * <p>Argo Rollouts uses version 1, key {@code ARGO_ROLLOUTS_RPC_PLUGIN} and one value per plugin
 * kind ({@code metricprovider}, {@code trafficrouter}, {@code step}).
 *
 * @param protocolVersion application protocol version offered in field 2 of the handshake line
 * @param magicCookieKey environment variable the host sets
 * @param magicCookieValue value it must have
 */
public record HandshakeConfig(int protocolVersion, String magicCookieKey, String magicCookieValue) {
  public HandshakeConfig {
    if (protocolVersion < 1) {
      throw new IllegalArgumentException("protocolVersion must be >= 1: " + protocolVersion);
    }
    Objects.requireNonNull(magicCookieKey, "magicCookieKey");
    Objects.requireNonNull(magicCookieValue, "magicCookieValue");
    if (magicCookieKey.isEmpty() || magicCookieValue.isEmpty()) {
      throw new IllegalArgumentException(
          "Misconfigured handshake: no magic cookie key or value was set");
    }
  }
}
