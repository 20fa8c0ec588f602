package dev.rollouts.sdk.goplugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paragraph go-plugin's command runner appends to "Unrecognized remote plugin message"
 * ({@code internal/cmdrunner}: {@code Diagnose}, {@code additionalNotesAboutCommand} on Unix):
 * the usual causes, then the executable's path, mode, owner and group against the host's, and
 * its ELF architecture against the host's. Linux only, like the controller; the Mach-O and PE
 * architecture notes go-plugin would add for such binaries are not reproduced.
 *
 * <p>Stateless and thread-safe.
 */
final class PluginDiagnosis {
  static final String USUAL_CAUSES = "This usually means\n"
      + "  the plugin was not compiled for this architecture,\n"
      + "  the plugin is missing dynamic-link libraries necessary to run,\n"
      + "  the plugin is not executable by this process due to file permissions, or\n"
      + "  the plugin failed to negotiate the initial go-plugin protocol handshake\n";

  /** Go's {@code elf.Machine} names of the architectures Go runs on. */
  private static final Map<Integer, String> ELF_MACHINES = Map.ofEntries(
      Map.entry(3, "EM_386"), Map.entry(8, "EM_MIPS"), Map.entry(20, "EM_PPC"),
      Map.entry(21, "EM_PPC64"), Map.entry(22, "EM_S390"), Map.entry(40, "EM_ARM"),
      Map.entry(43, "EM_SPARCV9"), Map.entry(62, "EM_X86_64"), Map.entry(183, "EM_AARCH64"),
      Map.entry(243, "EM_RISCV"), Map.entry(258, "EM_LOONGARCH"));

  private PluginDiagnosis() {}

  /** The diagnosis for the executable the host ran (as given, or found on PATH). */
  static String of(String command) {
    return USUAL_CAUSES + notes(executable(command));
  }

  /** exec.Command's path: the name itself when it has a slash, else its PATH lookup. */
  private static Path executable(String command) {
    if (command.contains("/")) {
      return Path.of(command);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return Path.of(command);
  }

  private static String notes(Path path) {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(path, "unix:mode,uid,gid");
    } catch (IOException | UnsupportedOperationException e) {
      return ""; // go-plugin adds nothing when it cannot stat the file
    }
    int uid = (Integer) attributes.get("uid");
    int gid = (Integer) attributes.get("gid");
    List<Integer> self = currentIds();
    StringBuilder notes = new StringBuilder("\nAdditional notes about plugin:\n")
        .append("  Path: ").append(path).append('\n')
        .append("  Mode: ").append(goFileMode((Integer) attributes.get("mode"))).append('\n')
        .append("  Owner: ").append(uid).append(" [").append(name("/etc/passwd", uid))
        .append("] (current: ").append(self.get(0)).append(" [")
        .append(name("/etc/passwd", self.get(0))).append("])\n")
        .append("  Group: ").append(gid).append(" [").append(name("/etc/group", gid))
        .append("] (current: ").append(self.get(1)).append(" [")
        .append(name("/etc/group", self.get(1))).append("])\n");
    String machine = elfMachine(path);
    if (machine != null) {
      notes.append("  ELF architecture: ").append(machine).append(" (current architecture: ")
          .append(goArch()).append(")\n");
    }
    return notes.toString();
  }

  /** Go's {@code os.FileMode.String()} of an {@code os.Stat} result. */
  static String goFileMode(int mode) {
    StringBuilder s = new StringBuilder();
    switch (mode & 0170000) {
      case 0040000 -> s.append('d');
      case 0060000, 0020000 -> s.append('D'); // block and character devices
      case 0010000 -> s.append('p');
      case 0140000 -> s.append('S');
      default -> { }
    }
    if ((mode & 04000) != 0) {
      s.append('u');
    }
    if ((mode & 02000) != 0) {
      s.append('g');
    }
    if ((mode & 0170000) == 0020000) {
      s.append('c');
    }
    if ((mode & 01000) != 0) {
      s.append('t');
    }
    if (s.isEmpty()) {
      s.append('-');
    }
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return s.toString();
  }

  /** The real uid and gid of this process ({@code os.Getuid}, {@code os.Getgid}). */
  private static List<Integer> currentIds() {
    int uid = -1;
    int gid = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          uid = Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
        } else if (line.startsWith("Gid:")) {
          gid = Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: numbers stay unknown
    }
    return List.of(uid, gid);
  }

  /** The name of an id in a passwd or group file, or "?" as go-plugin prints it. */
  private static String name(String file, int id) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        String[] f = line.split(":", -1);
        if (f.length > 2 && f[2].equals(Integer.toString(id))) {
          return f[0];
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: unknown
    }
    return "?";
  }

  /** The ELF header's machine as Go's {@code elf.Machine} names it, or null if not ELF. */
  private static String elfMachine(Path path) {
    byte[] header = new byte[20];
    try (InputStream in = Files.newInputStream(path)) {
      if (in.readNBytes(header, 0, header.length) < header.length) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    boolean elf = header[0] == 0x7f && header[1] == 'E' && header[2] == 'L' && header[3] == 'F';
    boolean knownClass = header[4] == 1 || header[4] == 2;
    boolean knownData = header[5] == 1 || header[5] == 2;
    if (!elf || !knownClass || !knownData || header[6] != 1) {
      return null; // debug/elf refuses these
    }
    int machine = header[5] == 1
        ? (header[18] & 0xff) | (header[19] & 0xff) << 8
        : (header[18] & 0xff) << 8 | (header[19] & 0xff);
    return ELF_MACHINES.getOrDefault(machine, Integer.toString(machine));
  }

  /** Go's {@code runtime.GOARCH} for the JVM's {@code os.arch}. */
  static String goArch() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      case "arm" -> "arm";
      default -> arch;
    };
  }
}
