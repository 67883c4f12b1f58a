package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.relay.NextHop;
import dev.missive.examples.relay.RelayEnvelope;
import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.MtPriority;
import dev.missive.testkit.TestTls;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * missive-server's {@code --relay} queue is the relay example's spool with its whole envelope, over loopback: the
 * submission port offers what the relay honours (DELIVERBY RFC 2852, MT-PRIORITY RFC 6710, RRVS RFC 7293,
 * FUTURERELEASE RFC 4865, besides DSN RFC 3461 and SMTPUTF8 RFC 6531) and each relayed message is spooled with its
 * deliver-by request, priority, release time, SMTPUTF8 and each recipient's RRVS and NOTIFY; local recipients get
 * what a Maildir copy can honour; a spool of the first format still goes out.
 */
class MissiveServerRelayTest {

  @TempDir
  Path dir;

  /** A submission session after STARTTLS and AUTH as alice. */
  private static AuthenticatingSMTPClient submit(RunningServer server) throws Exception {
    AuthenticatingSMTPClient client = new AuthenticatingSMTPClient(false, TestTls.clientContext());
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", server.submission);
    client.ehlo("client.example");
    assertThat(client.execTLS()).isTrue();
    assertThat(client.ehlo("client.example")).isEqualTo(250);
    assertThat(client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, "alice", "secret")).isTrue();
    return client;
  }

  private static void command(AuthenticatingSMTPClient client, String line, int code) throws IOException {
    assertThat(client.sendCommand(line)).as(line + " -> " + client.getReplyString()).isEqualTo(code);
  }

  /**
   * The envelopes in the relay's queue. A file the running relay removes between the listing and the read (it
   * delivered the message meanwhile) is no longer spooled, so it is left out rather than failing the read.
   */
  private List<RelayEnvelope> spooled() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(".relay").resolve("queue"))) {
      return files.filter(p -> p.toString().endsWith(".env")).map(p -> {
        try {
          return RelayEnvelope.parse(Files.readAllLines(p, StandardCharsets.UTF_8), Instant.EPOCH);
        } catch (java.nio.file.NoSuchFileException gone) {
          return null;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).filter(java.util.Objects::nonNull).toList();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort(); // nobody listens there afterwards: every attempt is deferred
    }
  }

  @Test
  void relayedMailIsSpooledWithItsWholeEnvelope() throws Exception {
    try (RunningServer server = new RunningServer(dir, "blocking", "--relay", "127.0.0.1:" + closedPort())) {
      AuthenticatingSMTPClient client = submit(server);
      command(client, "EHLO client.example", 250);
      assertThat(client.getReplyString()).contains("DELIVERBY").contains("MT-PRIORITY").contains("RRVS")
          .contains("FUTURERELEASE").contains("DSN").contains("SMTPUTF8");
      Instant before = Instant.now();
      command(client, "MAIL FROM:<alice@example.org> BY=86400;R MT-PRIORITY=3 SMTPUTF8", 250);
      command(client, "RCPT TO:<friend@elsewhere.example> NOTIFY=FAILURE,DELAY RRVS=2020-01-01T00:00:00Z;C", 250);
      command(client, "RCPT TO:<other@elsewhere.example> NOTIFY=NEVER", 250);
      assertThat(client.sendShortMessageData("Subject: facts\r\n\r\nkept\r\n")).isTrue();
      command(client, "MAIL FROM:<alice@example.org> HOLDFOR=600", 250);
      command(client, "RCPT TO:<later@elsewhere.example>", 250);
      assertThat(client.sendShortMessageData("Subject: later\r\n\r\nheld\r\n")).isTrue();
      client.logout();
      client.disconnect();

      List<RelayEnvelope> spooled = spooled();
      assertThat(spooled).hasSize(2);
      RelayEnvelope facts = spooled.stream().filter(e -> e.release().isEmpty()).findFirst().orElseThrow();
      assertThat(facts.reversePath()).isEqualTo("alice@example.org");
      assertThat(facts.deliverBy()).contains(new DeliverBy(86400, DeliverBy.Mode.RETURN, false));
      assertThat(facts.priority()).isEqualTo(new MtPriority(3));
      assertThat(facts.smtpUtf8()).isTrue();
      assertThat(facts.arrival()).isBetween(before.minusSeconds(1), Instant.now());
      assertThat(facts.recipients()).hasSize(2);
      RelayEnvelope.RelayRecipient friend = facts.recipients().get(0);
      assertThat(friend.mailbox()).isEqualTo("friend@elsewhere.example");
      assertThat(friend.notifications()).isEqualTo(Set.of(DsnNotify.FAILURE, DsnNotify.DELAY));
      assertThat(friend.rrvs()).hasValueSatisfying(r -> assertThat(r.toParameter())
          .isEqualTo("RRVS=2020-01-01T00:00:00Z;C"));
      assertThat(facts.recipients().get(1).notifications()).isEqualTo(Set.of(DsnNotify.NEVER));
      RelayEnvelope later = spooled.stream().filter(e -> e.release().isPresent()).findFirst().orElseThrow();
      assertThat(later.release().get()).isBetween(before.plusSeconds(599), Instant.now().plusSeconds(601));
      assertThat(later.mailboxes()).containsExactly("later@elsewhere.example");
    }
  }

  /** A Maildir copy is delivered at once and keeps no owner history: what it cannot honour is refused. */
  @Test
  void localRecipientsGetOnlyWhatAMaildirCanHonour() throws Exception {
    try (RunningServer server = new RunningServer(dir, "blocking", "--relay", "127.0.0.1:" + closedPort())) {
      AuthenticatingSMTPClient client = submit(server);
      command(client, "MAIL FROM:<alice@example.org> HOLDFOR=600", 250);
      command(client, "RCPT TO:<bob@example.org>", 550);
      assertThat(client.getReplyString()).startsWith("550 5.3.3 ");
      command(client, "RCPT TO:<friend@elsewhere.example>", 250);
      command(client, "RSET", 250);
      command(client, "MAIL FROM:<alice@example.org> BY=3600;R MT-PRIORITY=2", 250);
      command(client, "RCPT TO:<bob@example.org> RRVS=2020-01-01T00:00:00Z", 550);
      assertThat(client.getReplyString()).startsWith("550 5.7.19 ");
      command(client, "RCPT TO:<bob@example.org> RRVS=2020-01-01T00:00:00Z;C", 250);
      assertThat(client.sendShortMessageData("Subject: local\r\n\r\nnow\r\n")).isTrue();
      client.logout();
      client.disconnect();
      assertThat(server.mailbox("bob")).hasSize(1);
    }
  }

  /** A spool file of the first format (sender, then one recipient per line) left by an older server still goes out. */
  @Test
  void anOldSpoolStillGoesOut() throws Exception {
    Path queue = Files.createDirectories(dir.resolve(".relay").resolve("queue"));
    Files.writeString(queue.resolve("1000.1.1.eml"), "Subject: from before\r\n\r\nold spool\r\n");
    Files.writeString(queue.resolve("1000.1.1.env"), "alice@example.org\nfriend@elsewhere.example\n");
    try (NextHop hop = new NextHop(0);
         RunningServer server = new RunningServer(dir, "blocking", "--relay", "127.0.0.1:" + hop.port())) {
      NextHop.Received got = hop.next();
      assertThat(got).isNotNull();
      assertThat(got.from()).isEqualTo("alice@example.org");
      assertThat(got.to()).containsExactly("friend@elsewhere.example");
      assertThat(got.content()).endsWith("Subject: from before\r\n\r\nold spool\r\n");
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!spooled().isEmpty() && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertThat(spooled()).isEmpty();
    }
  }
}
