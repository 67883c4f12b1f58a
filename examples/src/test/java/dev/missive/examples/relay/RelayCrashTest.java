package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
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

/**
 * Nothing acknowledged with 250 is lost (RFC 5321 §4.5.4, §6.1): the relay runs in its own JVM, takes a message
 * while its next hop is down, is killed with SIGKILL before it could forward it, and once restarted with the next
 * hop up it delivers the message exactly once.
 */
class RelayCrashTest {

  private static final Pattern READY = Pattern.compile("relay ready on port (\\d+)");

  @TempDir
  Path dir;

  @Test
  @Timeout(60)
  void aMessageAcknowledgedBeforeSigkillIsDeliveredOnceAfterTheRestart() throws Exception {
    Path spool = dir.resolve("spool");
    int hopPort = freePort(); // nobody listens there yet: the relay's attempts are refused and deferred

    Process first = startRelay(spool, hopPort, "first");
    try {
      RelayExampleTest.send(waitForPort(first, "first"), "alice@example.org",
          "Subject: survive\r\n\r\nkill -9 me\r\n", "bob@example.net"); // asserts the 250
      assertThat(RelayExampleTest.queued(spool)).isEqualTo(2); // ID.eml and ID.env
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    try (NextHop hop = new NextHop(hopPort)) {
      Process second = startRelay(spool, hopPort, "second");
      try {
        waitForPort(second, "second");
        NextHop.Received got = hop.next();
        assertThat(got).as("the message after the restart; relay log:\n%s", log("second")).isNotNull();
        assertThat(got.to()).containsExactly("bob@example.net");
        assertThat(got.content()).endsWith("Subject: survive\r\n\r\nkill -9 me\r\n");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (RelayExampleTest.queued(spool) > 0 && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        assertThat(RelayExampleTest.queued(spool)).isZero();
        assertThat(hop.inbox.poll(1, TimeUnit.SECONDS)).as("a second copy").isNull();
      } finally {
        second.destroyForcibly();
        second.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Process startRelay(Path spool, int hopPort, String name) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        RelayExample.class.getName(), "--port", "0", "--spool", spool.toString(),
        "--next-hop", "127.0.0.1:" + hopPort, "--hostname", "relay.example", "--retry-ms", "100",
        "--retry-max-ms", "300");
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  private int waitForPort(Process relay, String name) throws Exception {
    Path out = dir.resolve(name + ".out");
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < end) {
      Matcher m = READY.matcher(Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "");
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!relay.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the relay did not start: " + log(name));
  }

  private String log(String name) throws IOException {
    return Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
