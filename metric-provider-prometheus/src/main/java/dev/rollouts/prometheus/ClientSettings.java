package dev.rollouts.prometheus;

import java.util.List;

/**
 * The part of a configuration that decides how to talk to the server (not what to ask): one
 * pooled {@link PrometheusClient} serves every measurement with equal settings.
 *
 * @param address the resolved base URL
 */
public record ClientSettings(String address, boolean insecure, List<PrometheusConfig.Header> headers,
    PrometheusConfig.Authentication authentication, PrometheusConfig.Tls tls) {
  public ClientSettings {
    headers = List.copyOf(headers);
  }

  static ClientSettings of(String address, PrometheusConfig config) {
    return new ClientSettings(address, config.insecure(), config.headers(),
        config.authentication(), config.tls());
  }
}
