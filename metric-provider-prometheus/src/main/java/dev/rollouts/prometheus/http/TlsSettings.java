package dev.rollouts.prometheus.http;

import dev.rollouts.prometheus.PrometheusConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of a client: the JVM's trust store, a CA bundle instead of it, a client
 * certificate, or no verification at all ({@code insecure}, like the built-in provider's
 * {@code InsecureSkipVerify}).
 *
 * @param context the SSL context to make sockets with
 * @param trustManager the trust manager inside it (okhttp wants both)
 * @param verifyHostname false for {@code insecure}
 */
public record TlsSettings(SSLContext context, X509TrustManager trustManager,
    boolean verifyHostname) {

  /**
   * The settings for a configuration.
   *
   * @throws IllegalArgumentException when a file cannot be read or holds no usable PEM; the
   *     message names the file and the field
   */
  public static TlsSettings of(boolean insecure, PrometheusConfig.Tls tls) {
    try {
      X509TrustManager trust = insecure ? new TrustEverything() : trustManager(tls);
      KeyManager[] keys = keyManagers(tls);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return new TlsSettings(context, trust, !insecure);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(PrometheusConfig.Tls tls)
      throws GeneralSecurityException {
    KeyStore store = null;
    if (tls != null && !tls.caFile().isEmpty()) {
      store = KeyStore.getInstance(KeyStore.getDefaultType());
      try {
        store.load(null, null);
      } catch (IOException e) {
        throw new GeneralSecurityException(e);
      }
      int i = 0;
      for (Certificate c : certificates(tls.caFile(), "tls.caFile")) {
        store.setCertificateEntry("ca-" + i++, c);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager m : factory.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager");
  }

  private static KeyManager[] keyManagers(PrometheusConfig.Tls tls)
      throws GeneralSecurityException {
    if (tls == null || tls.certFile().isEmpty() && tls.keyFile().isEmpty()) {
      return null;
    }
    if (tls.certFile().isEmpty() || tls.keyFile().isEmpty()) {
      throw new IllegalArgumentException("tls.certFile and tls.keyFile go together");
    }
    List<Certificate> chain = certificates(tls.certFile(), "tls.certFile");
    PrivateKey key = PemKeys.read(read(tls.keyFile(), "tls.keyFile"), tls.keyFile());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    char[] password = new char[0];
    store.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return factory.getKeyManagers();
  }

  private static List<Certificate> certificates(String file, String field)
      throws GeneralSecurityException {
    byte[] pem = read(file, field);
    Collection<? extends Certificate> certs;
    try (InputStream in = new ByteArrayInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(field + " " + file + " holds no PEM certificate: "
          + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(field + " " + file + " holds no PEM certificate");
    }
    return List.copyOf(certs);
  }

  private static byte[] read(String file, String field) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + field + " " + file + ": " + e, e);
    }
  }

  /** PEM private keys: PKCS#8 ({@code PRIVATE KEY}) of any algorithm, PKCS#1 RSA. */
  static final class PemKeys {
    private PemKeys() {}

    static PrivateKey read(byte[] pemBytes, String file) throws GeneralSecurityException {
      String pem = new String(pemBytes, StandardCharsets.US_ASCII);
      if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
        return pkcs8(body(pem, "PRIVATE KEY"), file);
      }
      if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
        return KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(wrapRsa(body(pem, "RSA PRIVATE KEY"))));
      }
      throw new IllegalArgumentException("tls.keyFile " + file + " holds no PKCS#8 or PKCS#1 RSA"
          + " PEM key (convert with: openssl pkcs8 -topk8 -nocrypt)");
    }

    private static PrivateKey pkcs8(byte[] der, String file) throws GeneralSecurityException {
      for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException tryNext) {
          // the key is of another algorithm
        }
      }
      throw new IllegalArgumentException("tls.keyFile " + file + ": unsupported key algorithm");
    }

    private static byte[] body(String pem, String label) {
      String begin = "-----BEGIN " + label + "-----";
      int start = pem.indexOf(begin) + begin.length();
      int end = pem.indexOf("-----END " + label + "-----", start);
      return Base64.getMimeDecoder().decode(pem.substring(start, end));
    }

    // PKCS#8 PrivateKeyInfo { version 0, AlgorithmIdentifier rsaEncryption NULL, OCTET STRING }
    private static byte[] wrapRsa(byte[] pkcs1) {
      byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
          (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
      byte[] version = {0x02, 0x01, 0x00};
      byte[] octets = der(0x04, pkcs1);
      byte[] inner = new byte[version.length + algorithm.length + octets.length];
      System.arraycopy(version, 0, inner, 0, version.length);
      System.arraycopy(algorithm, 0, inner, version.length, algorithm.length);
      System.arraycopy(octets, 0, inner, version.length + algorithm.length, octets.length);
      return der(0x30, inner);
    }

    private static byte[] der(int tag, byte[] content) {
      int n = content.length;
      byte[] length = n < 0x80 ? new byte[] {(byte) n}
          : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
          : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
          : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
      byte[] out = new byte[1 + length.length + n];
      out[0] = (byte) tag;
      System.arraycopy(length, 0, out, 1, length.length);
      System.arraycopy(content, 0, out, 1 + length.length, n);
      return out;
    }
  }

  /** {@code InsecureSkipVerify}: any certificate is accepted. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
