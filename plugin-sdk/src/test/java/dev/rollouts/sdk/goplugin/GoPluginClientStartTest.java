package dev.rollouts.sdk.goplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that never get connected, as the host parity scenarios of the same names start them:
 * the Java host must fail with go-plugin's text and keep what the plugin wrote on stderr.
 */
class GoPluginClientStartTest {
  @TempDir
  Path dir;

  private Path script(String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static GoPluginClient.Builder builder(Path executable, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(executable.toString()));
    command.addAll(List.of(args));
    return GoPluginClient.builder(SessionFixtures.HANDSHAKE, command);
  }

  @Test
  void exitsBeforeHandshake() {
    assertThatThrownBy(() -> builder(Path.of("/bin/false")).start())
        .isInstanceOf(IOException.class)
        .message()
        .startsWith("Unrecognized remote plugin message: \n"
            + "Failed to read any lines from plugin's stdout\n" + PluginDiagnosis.USUAL_CAUSES
            + "\nAdditional notes about plugin:\n  Path: /bin/false\n  Mode: ")
        .contains("\n  Owner: ", "\n  Group: ")
        .endsWith(" (current architecture: " + PluginDiagnosis.goArch() + ")\n");
  }

  @Test
  void garbageFirstLineOfAScriptHasNoArchitectureNote() throws IOException {
    Path p = script("garbage", "echo 'not a handshake'\nexec sleep 600\n");
    assertThatThrownBy(() -> builder(p).start())
        .message()
        .startsWith("Unrecognized remote plugin message: not a handshake\n"
            + PluginDiagnosis.USUAL_CAUSES + "\nAdditional notes about plugin:\n  Path: " + p
            + "\n  Mode: -rwxr-xr-x\n")
        .doesNotContain("architecture:");
  }

  @Test
  void noHandshake() throws IOException {
    Path p = script("silent", "exec sleep 600\n");
    assertThatThrownBy(() -> builder(p).startTimeout(Duration.ofMillis(500)).start())
        .hasMessage("timeout while waiting for plugin to start");
  }

  @Test
  void deadUnixSocketReadsLikeGoDial() throws IOException {
    Path p = script("dead", "echo '1|1|unix|/nonexistent/hostparity.sock|netrpc|'\nexec sleep 600\n");
    assertThatThrownBy(() -> builder(p).start()).hasMessage(
        "dial unix /nonexistent/hostparity.sock: connect: no such file or directory");
  }

  @Test
  void stderrLinesWrittenBeforeAFailedStartAllReachTheConsumer() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      lines.append("echo '[WARN] line ").append(i).append("' >&2\n");
    }
    Path p = script("stderr", lines.toString());
    List<HclogLine> stderr = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> builder(p).stderr(stderr::add).start())
        .message().startsWith("Unrecognized remote plugin message: \nFailed to read any lines");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (stderr.size() < 2000 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(stderr).hasSize(2000);
    assertThat(stderr.getLast()).isEqualTo(new HclogLine(HclogLevel.WARN, "[WARN] line 1999", java.util.Map.of()));
  }

  @Test
  void quitWaitsForThePipesAsGoPluginsKillDoes() throws Exception {
    List<HclogLine> stderr = new CopyOnWriteArrayList<>();
    GoPluginClient client = GoPluginClient.builder(SessionFixtures.HANDSHAKE,
            SessionFixtures.javaCommand(EchoPluginMain.class))
        .stderr(stderr::add)
        .start();
    client.dispense("Echo");
    client.kill();
    assertThat(client.forciblyKilled()).isFalse();
    assertThat(client.pipesClosed()).isDone();
  }

  @Test
  void goFileModeReadsLikeGos() {
    assertThat(PluginDiagnosis.goFileMode(0100755)).isEqualTo("-rwxr-xr-x");
    assertThat(PluginDiagnosis.goFileMode(0104755)).isEqualTo("urwxr-xr-x");
    assertThat(PluginDiagnosis.goFileMode(0041777)).isEqualTo("dtrwxrwxrwx");
    assertThat(PluginDiagnosis.goFileMode(0020666)).isEqualTo("Dcrw-rw-rw-");
  }
}
