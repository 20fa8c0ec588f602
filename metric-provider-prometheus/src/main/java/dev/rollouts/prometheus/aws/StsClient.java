package dev.rollouts.prometheus.aws;

import java.io.IOException;

/**
 * The two AWS Security Token Service actions the credential chain needs. The real one is
 * {@link HttpStsClient}; tests use a local fake STS endpoint.
 */
public interface StsClient {
  /**
   * {@code AssumeRole}, signed with {@code base}.
   *
   * @throws IOException when STS cannot be reached or refuses
   */
  AwsCredentials assumeRole(AwsCredentials base, String roleArn, String sessionName)
      throws IOException;

  /**
   * {@code AssumeRoleWithWebIdentity} (IRSA), unsigned.
   *
   * @throws IOException when STS cannot be reached or refuses
   */
  AwsCredentials assumeRoleWithWebIdentity(String roleArn, String sessionName, String token)
      throws IOException;
}
