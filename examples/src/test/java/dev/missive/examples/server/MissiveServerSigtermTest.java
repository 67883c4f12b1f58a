package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Ctrl-C does to {@code missive-server}, in its own JVM on both transports: SIGTERM runs the shutdown hook, a
 * connected SMTP client gets {@code 421 4.3.2} (RFC 5321 §3.8) and the process exits.
 */
@ParameterizedClass
@ValueSource(strings = {"blocking", "netty"})
class MissiveServerSigtermTest {

  private static final Pattern READY = Pattern.compile("missive-server ready: \\{smtp=(\\d+),");

  @Parameter
  String transport;

  @TempDir
  Path dir;

  @Test
  @Timeout(60)
  void sigtermSends421ToAConnectedSmtpClientAndExits() throws Exception {
    Path err = dir.resolve("server.err");
    Process server = start(err);
    try {
      int port = waitForSmtpPort(server, err);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("220 ");
        socket.getOutputStream().write("HELO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(in.readLine()).startsWith("250 ");
        server.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook runs
        assertThat(in.readLine()).as("server log:\n%s", log(err)).startsWith("421 4.3.2");
        assertThat(in.readLine()).isNull();
      }
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(log(err)).contains("missive-server stopping").contains("closed");
    } finally {
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process start(Path err) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        MissiveServer.class.getName(), "--smtp", "0", "--submission", "0", "--pop3", "0", "--imap", "0",
        "--maildir", dir.resolve("mail").toString(), "--domain", "example.org", "--user", "alice:secret",
        "--transport", transport);
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve("server.out").toFile())
        .redirectError(err.toFile())
        .start();
  }

  private static int waitForSmtpPort(Process server, Path err) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end && server.isAlive()) {
      Matcher m = READY.matcher(log(err));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("missive-server did not start: " + log(err));
  }

  private static String log(Path err) throws IOException {
    return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
  }
}
