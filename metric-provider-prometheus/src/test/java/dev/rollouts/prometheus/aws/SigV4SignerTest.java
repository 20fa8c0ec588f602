package dev.rollouts.prometheus.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cases of AWS's published {@code aws-sig-v4-test-suite} (credentials AKIDEXAMPLE, region
 * us-east-1, service "service", 2015-08-30T12:36:00Z), with the canonical request, string to
 * sign and signature the suite lists for each.
 */
class SigV4SignerTest {
  private static final AwsCredentials SUITE =
      new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", null);
  private static final Instant WHEN = Instant.parse("2015-08-30T12:36:00Z");
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static SigV4Signer.Signature sign(String method, String path, String query,
      Map<String, String> headers, String body) {
    return SigV4Signer.sign(new SigV4Signer.Request(method, "example.amazonaws.com", path, query,
        headers, body.getBytes(StandardCharsets.UTF_8)), SUITE, "us-east-1", "service", WHEN);
  }

  @Test
  void getVanilla() {
    SigV4Signer.Signature s = sign("GET", "/", "", Map.of(), "");
    assertThat(s.canonicalRequest()).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\n"
        + "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EMPTY_SHA256);
    assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
        + "20150830/us-east-1/service/aws4_request\n"
        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    assertThat(s.headers()).containsEntry("X-Amz-Date", "20150830T123600Z")
        .containsEntry("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
            + "us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="
            + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void postXWwwFormUrlencoded() {
    SigV4Signer.Signature s = sign("POST", "/", "",
        Map.of("Content-Type", "application/x-www-form-urlencoded"), "Param1=value1");
    assertThat(s.canonicalRequest()).isEqualTo("POST\n/\n\n"
        + "content-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
        + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
        + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
    assertThat(s.stringToSign()).endsWith(
        "\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
    assertThat(s.signature())
        .isEqualTo("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  }

  @Test
  void getVanillaQueryOrderKeyCase() {
    assertThat(sign("GET", "/", "Param2=value2&Param1=value1", Map.of(), "").signature())
        .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  }

  @Test
  void getUtf8() {
    SigV4Signer.Signature s = sign("GET", "/\u1234", "", Map.of(), "");
    assertThat(s.canonicalRequest()).startsWith("GET\n/%E1%88%B4\n");
    assertThat(s.signature())
        .isEqualTo("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
  }

  @Test
  void sessionTokenIsSentAndSigned() {
    AwsCredentials temporary = new AwsCredentials("AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token", null);
    SigV4Signer.Signature s = SigV4Signer.sign(new SigV4Signer.Request("GET",
        "example.amazonaws.com", "/", "", Map.of(), new byte[0]), temporary, "us-east-1",
        "service", WHEN);
    assertThat(s.headers()).containsEntry("X-Amz-Security-Token", "session-token");
    assertThat(s.headers().get("Authorization"))
        .contains("SignedHeaders=host;x-amz-date;x-amz-security-token");
  }

  @Test
  void keyDerivationIsTheHmacChain() {
    // The General Reference's derivation example (IAM, 2012-02-15).
    assertThat(HexFormat.of().formatHex(SigV4Signer.signingKey(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }
}
