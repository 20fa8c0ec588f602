package dev.rollouts.sdk.goplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host's checks of the handshake line, with go-plugin v1.6.3's error texts; each case is a
 * scenario of the conformance host parity test ({@code conformance/hostscenarios_test.go}).
 */
class HandshakeLineTest {
  private static final List<Integer> ARGO = List.of(1);

  private static String error(String line) {
    try {
      HandshakeLine.parse(line, ARGO, () -> "DIAGNOSIS");
    } catch (IOException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted " + line);
  }

  @Test
  void acceptsGoPluginsLineAndToleratesCrLf() throws IOException {
    HandshakeLine line = HandshakeLine.parse("1|1|unix|/tmp/plugin42|netrpc|\r", ARGO);
    assertThat(line).isEqualTo(new HandshakeLine(1, 1, "unix", "/tmp/plugin42", "netrpc"));
    assertThat(line.format()).isEqualTo("1|1|unix|/tmp/plugin42|netrpc|");
  }

  @Test
  void aMissingProtocolFieldMeansNetrpc() throws IOException {
    assertThat(HandshakeLine.parse("1|1|tcp|127.0.0.1:10000", ARGO).protocol()).isEqualTo("netrpc");
  }

  @Test
  void garbageFirstLine() {
    assertThat(error("  this is not a go-plugin handshake \r"))
        .isEqualTo("Unrecognized remote plugin message: this is not a go-plugin handshake\nDIAGNOSIS");
  }

  @Test
  void coreVersion2() {
    assertThat(error("2|1|unix|/x|netrpc|")).isEqualTo(
        "Incompatible core API version with plugin. Plugin version: 2, Core version: 1\n\n"
            + "To fix this, the plugin usually only needs to be recompiled.\n"
            + "Please report this to the plugin author.");
  }

  @Test
  void coreVersionNotANumber() {
    assertThat(error("one|1|unix|/x|netrpc|")).isEqualTo(
        "Error parsing core protocol version: strconv.Atoi: parsing \"one\": invalid syntax");
    // Go's Atoi takes ASCII digits only, and a 64-bit range
    assertThat(error("\u0661|1|unix|/x|netrpc|")).isEqualTo(
        "Error parsing core protocol version: strconv.Atoi: parsing \"\u0661\": invalid syntax");
    assertThat(error("99999999999999999999|1|unix|/x|netrpc|")).isEqualTo(
        "Error parsing core protocol version: strconv.Atoi: parsing \"99999999999999999999\": "
            + "value out of range");
  }

  @Test
  void appVersion2() {
    assertThat(error("1|2|unix|/x|netrpc|"))
        .isEqualTo("Incompatible API version with plugin. Plugin version: 2, Client versions: [1]");
    assertThatThrownBy(() -> HandshakeLine.parse("1|3|unix|/x|netrpc|", List.of(1, 2)))
        .hasMessage("Incompatible API version with plugin. Plugin version: 3, Client versions: [1 2]");
    assertThat(error("1|x\"|unix|/x|netrpc|")).isEqualTo(
        "Error parsing protocol version \"x\\\"\": strconv.Atoi: parsing \"x\\\"\": invalid syntax");
  }

  @Test
  void unknownNetworkNamesTheAddressAsGoPluginWordsIt() {
    assertThat(error("1|1|pipe|/nonexistent/hostparity.sock|netrpc|"))
        .isEqualTo("Unknown address type: /nonexistent/hostparity.sock");
  }

  @Test
  void grpcProtocol() {
    assertThat(error("1|1|unix|/x|grpc|"))
        .isEqualTo("Unsupported plugin protocol \"grpc\". Supported: [netrpc]");
  }

  @Test
  void emptyProtocolIsRefusedAndCheckedBeforeTheNetwork() {
    assertThat(error("1|1|unix|/x||")).isEqualTo("Unsupported plugin protocol \"\". Supported: [netrpc]");
    assertThat(error("1|1|pipe|/x||")).isEqualTo("Unsupported plugin protocol \"\". Supported: [netrpc]");
  }
}
