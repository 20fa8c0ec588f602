package dev.rollouts.prometheus.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where SigV4 credentials come from, in the order of AWS's default chain as the built-in
 * provider's {@code sigv4} config uses it: a named {@code profile} from the shared credentials
 * file; else the {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} environment; else a web
 * identity token ({@code AWS_ROLE_ARN} + {@code AWS_WEB_IDENTITY_TOKEN_FILE}, i.e. IRSA); else
 * the {@code AWS_PROFILE} or {@code default} profile. With a {@code roleArn}, those credentials
 * assume that role through STS. Temporary credentials are refreshed five minutes before they
 * expire.
 *
 * <p>Thread-safe: {@code lock} guards {@code cached}; a refresh blocks other callers.
 */
public final class AwsCredentialsProvider {
  private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  /** One source of credentials. */
  @FunctionalInterface
  interface Source {
    AwsCredentials fetch() throws IOException;
  }

  private final Source source;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private AwsCredentials cached;

  AwsCredentialsProvider(Source source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /**
   * The chain for a {@code sigv4} configuration.
   *
   * @param env the process environment
   * @param sts the STS client for web identity and {@code roleArn}
   */
  public static AwsCredentialsProvider chain(String profile, String roleArn,
      Map<String, String> env, StsClient sts, Clock clock) {
    Source base = baseSource(profile, env, sts);
    Source source = roleArn.isEmpty() ? base
        : () -> sts.assumeRole(base.fetch(), roleArn, "argo-rollouts-prometheus");
    return new AwsCredentialsProvider(source, clock);
  }

  private static Source baseSource(String profile, Map<String, String> env, StsClient sts) {
    if (!profile.isEmpty()) {
      return () -> SharedCredentials.read(env, profile);
    }
    String key = env.getOrDefault("AWS_ACCESS_KEY_ID", "");
    String secret = env.getOrDefault("AWS_SECRET_ACCESS_KEY", "");
    if (!key.isEmpty() && !secret.isEmpty()) {
      AwsCredentials fixed = new AwsCredentials(key, secret,
          env.getOrDefault("AWS_SESSION_TOKEN", ""), null);
      return () -> fixed;
    }
    String webRole = env.getOrDefault("AWS_ROLE_ARN", "");
    String tokenFile = env.getOrDefault("AWS_WEB_IDENTITY_TOKEN_FILE", "");
    if (!webRole.isEmpty() && !tokenFile.isEmpty()) {
      return () -> sts.assumeRoleWithWebIdentity(webRole,
          env.getOrDefault("AWS_ROLE_SESSION_NAME", "argo-rollouts-prometheus"),
          Files.readString(Path.of(tokenFile)).strip());
    }
    return () -> SharedCredentials.read(env, env.getOrDefault("AWS_PROFILE", "default"));
  }

  /**
   * Current credentials, fetched or refreshed when needed.
   *
   * @throws IOException when no source has credentials or STS refuses
   */
  public AwsCredentials get() throws IOException {
    lock.lock();
    try {
      if (cached == null || cached.expiresWithin(REFRESH_MARGIN, clock.instant())) {
        cached = source.fetch();
      }
      return cached;
    } finally {
      lock.unlock();
    }
  }

  /** The shared credentials file ({@code ~/.aws/credentials}, {@code AWS_SHARED_CREDENTIALS_FILE}). */
  static final class SharedCredentials {
    private SharedCredentials() {}

    static AwsCredentials read(Map<String, String> env, String profile) throws IOException {
      String file = env.getOrDefault("AWS_SHARED_CREDENTIALS_FILE",
          env.getOrDefault("HOME", System.getProperty("user.home")) + "/.aws/credentials");
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new IOException("no AWS credentials: no environment credentials, no web identity"
            + " token and no shared credentials file " + file);
      }
      Map<String, String> section = null;
      Map<String, Map<String, String>> sections = new HashMap<>();
      for (String raw : Files.readAllLines(path)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
          section = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
              k -> new HashMap<>());
        } else if (section != null && line.contains("=")) {
          int eq = line.indexOf('=');
          section.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
      Map<String, String> p = sections.get(profile);
      if (p == null || p.get("aws_access_key_id") == null
          || p.get("aws_secret_access_key") == null) {
        throw new IOException("no AWS credentials for profile \"" + profile + "\" in " + file);
      }
      return new AwsCredentials(p.get("aws_access_key_id"), p.get("aws_secret_access_key"),
          p.getOrDefault("aws_session_token", ""), null);
    }
  }
}
