package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs Python's dkimpy (Debian python3-dkim) on a JSON job for the DKIM and ARC interop tests. */
public final class Dkimpy {

  /** Debian's Python, where python3-dkim is installed. */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  private Dkimpy() {
  }

  /**
   * Whether Debian's Python can import these modules.
   *
   * @param modules module names, e.g. {@code "dkim, nacl"}
   * @return whether the import works
   */
  public static boolean canImport(String modules) {
    if (!ExternalTools.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + modules).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs a driver script from the test resources on a job.
   *
   * @param owner  the class whose package holds the script
   * @param script the script's resource name
   * @param job    the job, written as JSON
   * @param tmp    a scratch directory
   * @return what the script printed
   * @throws Exception if it cannot run or fails
   */
  public static String run(Class<?> owner, String script, Map<String, Object> job, Path tmp) throws Exception {
    Path jobPath = tmp.resolve("job.json");
    Files.writeString(jobPath, json(job));
    Path scriptPath = tmp.resolve(script);
    try (InputStream in = owner.getResourceAsStream(script)) {
      Files.write(scriptPath, in.readAllBytes());
    }
    Process p = new ProcessBuilder(PYTHON.toString(), scriptPath.toString(), jobPath.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  /**
   * A PKCS#8 private key in PEM.
   *
   * @param pkcs8 the DER octets
   * @return the PEM text
   */
  public static String pem(byte[] pkcs8) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
        + "\n-----END PRIVATE KEY-----\n";
  }

  /**
   * Strings, maps and lists as JSON.
   *
   * @param o the value
   * @return the JSON text
   */
  public static String json(Object o) {
    if (o instanceof String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      return b.append('"').toString();
    }
    if (o instanceof Map<?, ?> m) {
      return m.entrySet().stream().map(e -> json(e.getKey()) + ":" + json(e.getValue()))
          .collect(Collectors.joining(",", "{", "}"));
    }
    return ((List<?>) o).stream().map(Dkimpy::json).collect(Collectors.joining(",", "[", "]"));
  }
}
