package dev.rollouts.prometheus.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * AWS credentials for signing.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret key
 * @param sessionToken the session token of temporary credentials, or empty
 * @param expiration when temporary credentials stop working, or null for long-term ones
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken,
    Instant expiration) {
  public AwsCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    sessionToken = sessionToken == null ? "" : sessionToken;
  }

  /** True when the credentials expire within {@code margin} of {@code now}. */
  public boolean expiresWithin(java.time.Duration margin, Instant now) {
    return expiration != null && !now.plus(margin).isBefore(expiration);
  }

  @Override
  public String toString() {
    return "AwsCredentials[" + accessKeyId + ", secret hidden]";
  }
}
