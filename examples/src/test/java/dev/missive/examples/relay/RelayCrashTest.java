package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.MtPriority;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged with 250 is lost (RFC 5321 §4.5.4, §6.1): the relay runs in its own JVM and is killed with
 * SIGKILL (no shutdown hook runs) while a message waits for its next hop, while one is held (RFC 4865), after it
 * gave up expired and deliver-by messages and queued their reports, after a "delayed" report, at the point
 * between queueing a report and marking its message, and after a failed try whose back-off must survive; once restarted with the next hop up, every message and every
 * report is delivered exactly once, and nothing given up is ever sent.
 */
@Timeout(120)
class RelayCrashTest {

  private static final Pattern READY = Pattern.compile("relay ready on port (\\d+)");

  @TempDir
  Path dir;

  /** The ODMR options the relay starts with (none unless a test sets them). */
  private List<String> odmr = List.of();

  @Test
  void aMessageAcknowledgedBeforeSigkillIsDeliveredOnceAfterTheRestart() throws Exception {
    Path spool = dir.resolve("spool");
    int hopPort = freePort(); // nobody listens there yet: the relay's attempts are refused and deferred

    Process first = startRelay(spool, hopPort, "first");
    try {
      RelayExampleTest.send(waitForPort(first, "first"), "alice@example.org",
          "Subject: survive\r\n\r\nkill -9 me\r\n", "bob@example.net"); // asserts the 250
      assertThat(RelayExampleTest.queued(spool)).isEqualTo(2); // ID.eml and ID.env
    } finally {
      kill(first);
    }

    try (NextHop hop = new NextHop(hopPort)) {
      List<NextHop.Received> got = restartAndDrain(spool, hop, "second", 1);
      assertThat(got.get(0).to()).containsExactly("bob@example.net");
      assertThat(got.get(0).content()).endsWith("Subject: survive\r\n\r\nkill -9 me\r\n");
    }
  }

  /**
   * RFC 5321 §4.5.4.1: the back-off survives SIGKILL. The first relay's try fails (the next hop is down) and the
   * spool records the next try's time; killed and started again with the next hop up, the relay sends the message
   * once, at that time and not before.
   */
  @Test
  void aDeferredMessageKilledKeepsItsBackOff() throws Exception {
    Path spool = dir.resolve("spool");
    spoolMessage(spool, "1000.1.1", envelope("bob@example.net", Instant.now(), Optional.empty(), Optional.empty()),
        "Subject: deferred\r\n\r\nlater\r\n");
    int hopPort = freePort();
    Instant notBefore;
    Process first = startRelay(spool, hopPort, "first", 8_000);
    try {
      waitForPort(first, "first");
      notBefore = awaitRetry(spool.resolve("queue").resolve("1000.1.1.env"));
    } finally {
      kill(first);
    }
    try (NextHop hop = new NextHop(hopPort)) {
      List<NextHop.Received> got = restartAndDrain(spool, hop, "second", 1);
      assertThat(got.get(0).content()).endsWith("Subject: deferred\r\n\r\nlater\r\n");
      assertThat(Instant.now()).as("sent at the recorded retry time, not at the restart").isAfterOrEqualTo(notBefore);
    }
  }

  /** Waits for the relay to record a failed try in the envelope file; {@return the next try's time} */
  private static Instant awaitRetry(Path env) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
        if (line.startsWith("retry 1 ")) {
          return Instant.parse(line.substring("retry 1 ".length()));
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no failed try recorded in " + env);
  }

  @Test
  void aMessageHeldWhenKilledLeavesOnceAtItsReleaseTime() throws Exception {
    Path spool = dir.resolve("spool");
    Instant release = Instant.now().plusSeconds(15);
    spoolMessage(spool, "1000.1.1", envelope("bob@example.net", Instant.now(), Optional.empty(),
        Optional.of(release)), "Subject: held\r\n\r\nlater\r\n");
    try (NextHop hop = new NextHop(freePort())) {
      Process first = startRelay(spool, hop.port(), "first");
      try {
        waitForPort(first, "first");
        assertThat(hop.inbox.poll(500, TimeUnit.MILLISECONDS)).isNull();
      } finally {
        kill(first);
      }
      assertThat(Instant.now()).as("killed while still held").isBefore(release);
      List<NextHop.Received> got = restartAndDrain(spool, hop, "second", 1);
      assertThat(got.get(0).content()).endsWith("Subject: held\r\n\r\nlater\r\n");
      assertThat(Instant.now()).isAfterOrEqualTo(release);
    }
  }

  @Test
  void reportsQueuedBeforeSigkillAreSentOnceAndWhatExpiredIsNeverSent() throws Exception {
    Path spool = dir.resolve("spool");
    Instant now = Instant.now();
    spoolMessage(spool, "1000.1.1", envelope("expired@example.net", now.minus(Duration.ofDays(6)), Optional.empty(),
        Optional.empty()), "Subject: too old\r\n\r\nx\r\n");
    spoolMessage(spool, "1000.1.2", envelope("late@example.net", now.minusSeconds(120),
        Optional.of(new DeliverBy(60, DeliverBy.Mode.RETURN, false)), Optional.empty()),
        "Subject: too late\r\n\r\nx\r\n");
    spoolMessage(spool, "1000.1.3", envelope("slow@example.net", now.minus(Duration.ofHours(5)), Optional.empty(),
        Optional.empty()), "Subject: slow\r\n\r\nx\r\n");
    int hopPort = freePort();
    Process first = startRelay(spool, hopPort, "first"); // the next hop is down: the reports wait in the queue
    try {
      waitForPort(first, "first");
      awaitFiles(spool.resolve("failed"), 2); // the two messages given up
      awaitQueued(spool, 4); // the two failed reports, the delayed one and the slow message
    } finally {
      kill(first);
    }
    try (NextHop hop = new NextHop(hopPort)) {
      List<NextHop.Received> got = restartAndDrain(spool, hop, "second", 4);
      assertThat(got).filteredOn(r -> r.from().isEmpty()).hasSize(3).allMatch(r -> r.to().equals(
          List.of("alice@example.org")));
      assertThat(got).filteredOn(r -> r.content().contains("Action: failed\r\nStatus: 5.4.7")).hasSize(2);
      assertThat(got).filteredOn(r -> r.content().contains("Action: delayed")).hasSize(1);
      assertThat(got).filteredOn(r -> !r.from().isEmpty()).singleElement()
          .satisfies(r -> assertThat(r.to()).containsExactly("slow@example.net"));
    }
  }

  @Test
  void killedBetweenQueueingAReportAndMarkingItsMessageTheReportIsSentOnce() throws Exception {
    Path spool = dir.resolve("spool");
    Instant now = Instant.now();
    // what SIGKILL leaves between the two writes: the report durable, its message not yet marked
    spoolMessage(spool, "1000.1.1", envelope("gone@example.net", now.minus(Duration.ofDays(6)), Optional.empty(),
        Optional.empty()), "Subject: given up\r\n\r\nx\r\n");
    spoolMessage(spool, "1000.1.2", RelayEnvelope.of("", List.of("alice@example.org"), now)
        .reportingOn(new RelayEnvelope.DsnFor("1000.1.1", RelayEnvelope.FAILED, List.of("gone@example.net"))),
        "Subject: Undelivered Mail Returned to Sender\r\n\r\nthe report\r\n");
    try (NextHop hop = new NextHop(freePort())) {
      List<NextHop.Received> got = restartAndDrain(spool, hop, "only", 1);
      assertThat(got.get(0).from()).isEmpty();
      assertThat(got.get(0).content()).endsWith("the report\r\n");
    }
    assertThat(Files.exists(spool.resolve("failed").resolve("1000.1.1.env"))).isTrue();
  }

  /**
   * Mail held for an ODMR customer (RFC 2645) expires like queued mail: killed after the relay gave up an expired
   * held message and warned about a slow one while its next hop was down, and with a report whose held message a
   * crash left unmarked (the state between the two writes, written by the test), the restarted relay sends each
   * report once, keeps the slow message held and never reports on the given-up ones again.
   */
  @Test
  void heldOdmrMailExpiresAcrossSigkillWithEachReportSentOnce() throws Exception {
    Path spool = dir.resolve("spool");
    Path held = spool.resolve("held");
    Instant now = Instant.now();
    spoolMessage(held, "1000.1.1", envelope("old@customer.example", now.minus(Duration.ofDays(6)), Optional.empty(),
        Optional.empty()), "Subject: expired\r\n\r\nx\r\n");
    spoolMessage(held, "1000.1.2", envelope("slow@customer.example", now.minus(Duration.ofHours(5)), Optional.empty(),
        Optional.empty()), "Subject: slow\r\n\r\nx\r\n");
    spoolMessage(held, "1000.1.3", envelope("gone@customer.example", now.minus(Duration.ofDays(6)), Optional.empty(),
        Optional.empty()), "Subject: given up\r\n\r\nx\r\n");
    spoolMessage(spool, "1000.1.4", RelayEnvelope.of("", List.of("alice@example.org"), now)
        .reportingOn(new RelayEnvelope.DsnFor("1000.1.3", RelayEnvelope.FAILED, List.of("gone@customer.example"))),
        "Subject: Undelivered Mail Returned to Sender\r\n\r\nthe earlier report\r\n");
    odmr = List.of("--odmr", "0", "--odmr-customer", "customer:pw:customer.example");
    int hopPort = freePort();
    Process first = startRelay(spool, hopPort, "first");
    try {
      waitForPort(first, "first");
      awaitFiles(held.resolve("failed"), 2); // the expired one, and the one whose report was already queued
      awaitQueued(spool, 3); // the earlier report, the failed and the delayed ones
      awaitQueued(held, 1); // the slow message, with its warning recorded
    } finally {
      kill(first);
    }
    try (NextHop hop = new NextHop(hopPort)) {
      List<NextHop.Received> got = restartAndDrain(spool, hop, "second", 3);
      assertThat(got).allMatch(r -> r.from().isEmpty() && r.to().equals(List.of("alice@example.org")));
      assertThat(got).filteredOn(r -> r.content().endsWith("the earlier report\r\n")).hasSize(1);
      assertThat(got).filteredOn(r -> r.content().contains("Action: failed\r\nStatus: 5.4.7")
          && r.content().contains("Subject: expired")).hasSize(1);
      assertThat(got).filteredOn(r -> r.content().contains("Action: delayed")
          && r.content().contains("Subject: slow")).hasSize(1);
    }
    awaitQueued(held, 1);
  }

  private static RelayEnvelope envelope(String to, Instant arrival, Optional<DeliverBy> by, Optional<Instant> hold) {
    return new RelayEnvelope("alice@example.org", List.of(RelayEnvelope.RelayRecipient.of(to)), arrival, by,
        MtPriority.NORMAL, hold, false, Set.of(), Optional.empty());
  }

  /** Writes a committed message as the relay's spool would. */
  private static void spoolMessage(Path spool, String id, RelayEnvelope envelope, String content) throws IOException {
    Path queue = Files.createDirectories(spool.resolve("queue"));
    Files.writeString(queue.resolve(id + ".eml"), content, StandardCharsets.UTF_8);
    Files.writeString(queue.resolve(id + ".env"), envelope.toText(), StandardCharsets.UTF_8);
  }

  /** Starts the relay again and takes {@code count} messages, then checks the queue empties and nothing follows. */
  private List<NextHop.Received> restartAndDrain(Path spool, NextHop hop, String name, int count) throws Exception {
    Process relay = startRelay(spool, hop.port(), name);
    try {
      waitForPort(relay, name);
      List<NextHop.Received> got = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        NextHop.Received r = hop.inbox.poll(30, TimeUnit.SECONDS);
        assertThat(r).as("message %d after the restart; relay log:\n%s", i, log(name)).isNotNull();
        got.add(r);
      }
      awaitQueued(spool, 0);
      assertThat(hop.inbox.poll(1, TimeUnit.SECONDS)).as("a second copy").isNull();
      return got;
    } finally {
      kill(relay);
    }
  }

  private static void kill(Process relay) throws InterruptedException {
    relay.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(relay.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private static void awaitQueued(Path spool, int messages) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (RelayExampleTest.queued(spool) != 2L * messages && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertThat(RelayExampleTest.queued(spool)).isEqualTo(2L * messages);
  }

  private static void awaitFiles(Path failed, int messages) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (envCount(failed) < messages && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertThat(envCount(failed)).isEqualTo(messages);
  }

  private static long envCount(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".env")).count();
    }
  }

  private Process startRelay(Path spool, int hopPort, String name) throws IOException {
    return startRelay(spool, hopPort, name, 100);
  }

  private Process startRelay(Path spool, int hopPort, String name, int retryMs) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        RelayExample.class.getName(), "--port", "0", "--spool", spool.toString(),
        "--next-hop", "127.0.0.1:" + hopPort, "--hostname", "relay.example", "--retry-ms", Integer.toString(retryMs),
        "--retry-max-ms", Integer.toString(Math.max(300, retryMs)));
    command = new ArrayList<>(command);
    command.addAll(odmr);
    return new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  private int waitForPort(Process relay, String name) throws Exception {
    Path out = dir.resolve(name + ".out");
    long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
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
