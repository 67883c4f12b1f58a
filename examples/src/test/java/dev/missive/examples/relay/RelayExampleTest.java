package dev.missive.examples.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.dns.StaticDnsResolver;
import dev.missive.mailauth.dkim.DkimKeyLookup;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.mailauth.dkim.DkimVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay in-process: forwarding with a {@code Received:} field and nothing else changed (RFC 5321 §4.4), retry
 * after a 4xx (RFC 5321 §4.5.4.1), and an RFC 3464 bounce for a 5xx that goes out through the next hop.
 */
class RelayExampleTest {

  static final RetrySchedule FAST = new RetrySchedule(Duration.ofMillis(100), Duration.ofMillis(400));

  @TempDir
  Path spool;

  @Test
  void forwardsWithAReceivedFieldAndEmptiesTheSpool() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      send(relay.port(), "alice@example.org", "Subject: hi\r\n\r\n.dot line\r\nbody\r\n", "bob@example.net");
      NextHop.Received got = hop.next();
      assertThat(got).isNotNull();
      assertThat(got.from()).isEqualTo("alice@example.org");
      assertThat(got.to()).containsExactly("bob@example.net");
      assertThat(got.content()).startsWith("Received: from client.example").contains("by relay.example")
          .endsWith("\r\n\r\nSubject: hi\r\n\r\n.dot line\r\nbody\r\n".substring(4));
      awaitEmptyQueue();
    }
  }

  @Test
  void retriesAfterATemporaryFailure() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      hop.temporaryFailuresLeft.set(2);
      send(relay.port(), "alice@example.org", "Subject: retry\r\n\r\nbody\r\n", "bob@example.net");
      NextHop.Received got = hop.next();
      assertThat(got).isNotNull();
      assertThat(got.content()).endsWith("Subject: retry\r\n\r\nbody\r\n");
      assertThat(hop.temporaryFailuresLeft.get()).isNegative(); // it was refused twice before
      awaitEmptyQueue();
      assertThat(hop.inbox).isEmpty();
    }
  }

  @Test
  void bouncesRecipientsRefusedForGoodAndDeliversTheOthers() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      send(relay.port(), "alice@example.org", "Subject: partly\r\nMessage-ID: <m1@example.org>\r\n\r\nbody\r\n",
          "unknown@example.net", "bob@example.net");
      NextHop.Received first = hop.next();
      NextHop.Received second = hop.next();
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      NextHop.Received bounce = first.from().isEmpty() ? first : second;
      NextHop.Received delivered = bounce == first ? second : first;
      assertThat(delivered.to()).containsExactly("bob@example.net");
      assertThat(bounce.from()).isEmpty(); // the null reverse path, RFC 5321 §4.5.5
      assertThat(bounce.to()).containsExactly("alice@example.org");
      assertThat(bounce.content())
          .contains("Content-Type: multipart/report; report-type=delivery-status;")
          .contains("\r\nFinal-Recipient: rfc822; unknown@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n")
          .contains("Diagnostic-Code: smtp; 550 No such user here")
          .contains("Message-ID: <m1@example.org>")
          .doesNotContain("bob@example.net");
      awaitEmptyQueue();
      assertThat(spool.resolve("failed")).isEmptyDirectory(); // bob still got it: nothing failed whole
    }
  }

  @Test
  void signsWhatItForwardsWithDkim() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    DkimSigningKey key = new DkimSigningKey("relay.example", "ed", ed.getPrivate());
    try (NextHop hop = new NextHop(0);
         RelayExample relay = new RelayExample(new InetSocketAddress("127.0.0.1", 0), spool,
             "127.0.0.1:" + hop.port(), "relay.example", FAST, Optional.of(key))) {
      send(relay.port(), "alice@example.org", "From: alice@example.org\r\nSubject: hi\r\n\r\nbody\r\n",
          "bob@example.net");
      NextHop.Received got = hop.next();
      assertThat(got).isNotNull();
      assertThat(got.content()).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; "
          + "d=relay.example;").contains("s=ed;");
      byte[] spki = ed.getPublic().getEncoded();
      String record = "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(
          Arrays.copyOfRange(spki, spki.length - 32, spki.length));
      List<DkimResult> results = DkimVerifier.verify(new ByteArrayInputStream(
          got.content().getBytes(StandardCharsets.UTF_8)),
          DkimKeyLookup.dns(new StaticDnsResolver().txt("ed._domainkey.relay.example", record)));
      assertThat(results).extracting(DkimResult::status).containsExactly(DkimResult.Status.PASS);
    }
  }

  @Test
  void aRefusedBounceIsNotBouncedAgain() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      send(relay.port(), "", "Subject: a bounce\r\n\r\nbody\r\n", "unknown@example.net");
      awaitEmptyQueue();
      try (Stream<Path> failed = Files.list(spool.resolve("failed"))) {
        assertThat(failed.map(p -> p.getFileName().toString()))
            .anyMatch(n -> n.endsWith(".eml")).anyMatch(n -> n.endsWith(".reason"));
      }
      assertThat(hop.inbox).isEmpty(); // RFC 5321 §4.5.5: no notification for a null reverse path
    }
  }

  /**
   * The SMTP side offers DELIVERBY, MT-PRIORITY, RRVS and FUTURERELEASE and keeps their values; BY=...;N goes on to
   * a next hop that does not offer DELIVERBY without it (RFC 2852 §4), RRVS=...;C likewise (RFC 7293 §3); a message
   * with HOLDFOR= stays queued with its release time (RFC 4865 §4), a hold beyond the offer is refused (501).
   */
  @Test
  void offersTheExtensionsItHonoursAndRelaysWithThem() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) {
      SMTPClient client = ehlo(relay.port());
      assertThat(client.getReplyString()).contains("DELIVERBY").contains("MT-PRIORITY").contains("RRVS")
          .contains("FUTURERELEASE 604800 "); // RFC 4865 §3: the longest hold, 7 days by default
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> BY=3600;N MT-PRIORITY=4")).isEqualTo(250);
      assertThat(client.sendCommand("RCPT TO:<bob@example.net> RRVS=2014-04-03T23:01:00Z;C")).isEqualTo(250);
      assertThat(client.sendShortMessageData("Subject: extensions\r\n\r\nbody\r\n")).isTrue();
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> HOLDFOR=3600")).isEqualTo(250);
      assertThat(client.sendCommand("RCPT TO:<carol@example.net>")).isEqualTo(250);
      assertThat(client.sendShortMessageData("Subject: held\r\n\r\nbody\r\n")).isTrue();
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> HOLDFOR=604801")).isEqualTo(501);
      client.quit();
      client.disconnect();
      NextHop.Received got = hop.next();
      assertThat(got).isNotNull();
      assertThat(got.to()).containsExactly("bob@example.net");
      assertThat(got.content()).endsWith("Subject: extensions\r\n\r\nbody\r\n");
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (queued(spool) > 2 && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      try (Stream<Path> envs = Files.list(spool.resolve("queue"))) { // the held one stays, with its release time
        List<Path> env = envs.filter(p -> p.toString().endsWith(".env")).toList();
        assertThat(env).singleElement().satisfies(p -> assertThat(Files.readString(p)).contains("\nrelease ")
            .contains("\nto carol@example.net\n"));
      }
      assertThat(hop.inbox).isEmpty();
    }
  }

  /**
   * RFC 6710 §4.1: "MUST NOT allow 'upgraded' (positive) priorities from untrusted (e.g., unauthenticated) or
   * unauthorized sources". A client the relay does not trust gets its raised priority lowered to 0 (250 2.3.6) and
   * keeps a lowered one; a client of {@code --priority-clients} keeps its raised priority. Held messages stay in the
   * spool, where the priority each one got is read.
   */
  @Test
  void onlyTheTrustedClientsKeepARaisedPriority() throws Exception {
    try (NextHop hop = new NextHop(0); RelayExample relay = relay(hop)) { // trusts no client
      SMTPClient client = ehlo(relay.port());
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> HOLDFOR=3600 MT-PRIORITY=5")).isEqualTo(250);
      assertThat(client.getReplyString()).startsWith("250 2.3.6 0 ");
      held(client, "raised@example.net");
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> HOLDFOR=3600 MT-PRIORITY=-3")).isEqualTo(250);
      held(client, "lowered@example.net");
      client.quit();
      assertThat(priorities(spool)).containsExactlyInAnyOrder("raised@example.net 0", "lowered@example.net -3");
    }
    Path trustedSpool = Files.createDirectories(spool.resolve("trusted"));
    RelayPolicy trusting = RelayPolicy.DEFAULT.withPriorityClients(List.of(java.net.InetAddress.getByName(
        "127.0.0.1")));
    try (NextHop hop = new NextHop(0); RelayExample relay = new RelayExample(new InetSocketAddress("127.0.0.1", 0),
        trustedSpool, "127.0.0.1:" + hop.port(), "relay.example", FAST, Optional.empty(), trusting)) {
      SMTPClient client = ehlo(relay.port());
      assertThat(client.sendCommand("MAIL FROM:<alice@example.org> HOLDFOR=3600 MT-PRIORITY=5")).isEqualTo(250);
      assertThat(client.getReplyString()).doesNotContain("2.3.6");
      held(client, "raised@example.net");
      client.quit();
      assertThat(priorities(trustedSpool)).containsExactly("raised@example.net 5");
    }
  }

  private static void held(SMTPClient client, String to) throws IOException {
    assertThat(client.sendCommand("RCPT TO:<" + to + ">")).isEqualTo(250);
    assertThat(client.sendShortMessageData("Subject: held\r\n\r\nbody\r\n")).isTrue();
  }

  /** Each spooled envelope's recipient and priority (0 when the file has no priority line). */
  private static List<String> priorities(Path spool) throws IOException {
    try (Stream<Path> envs = Files.list(spool.resolve("queue"))) {
      return envs.filter(p -> p.toString().endsWith(".env")).map(p -> {
        RelayEnvelope e = RelayEnvelope.parse(readLines(p), java.time.Instant.EPOCH);
        return e.mailboxes().get(0) + " " + e.priority().value();
      }).toList();
    }
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private RelayExample relay(NextHop hop) throws Exception {
    return new RelayExample(new InetSocketAddress("127.0.0.1", 0), spool, "127.0.0.1:" + hop.port(),
        "relay.example", FAST);
  }

  /** A client session after {@code EHLO client.example}, for commands with extension parameters. */
  static SMTPClient ehlo(int port) throws IOException {
    SMTPClient client = new SMTPClient();
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", port);
    client.setSoTimeout(10_000);
    assertThat(client.sendCommand("EHLO client.example")).isEqualTo(250);
    return client;
  }

  static void send(int port, String from, String message, String... to) throws IOException {
    SMTPClient client = new SMTPClient();
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", port);
    client.setSoTimeout(10_000);
    assertThat(client.helo("client.example")).isEqualTo(250);
    assertThat(client.setSender(from)).isTrue();
    for (String r : to) {
      assertThat(client.addRecipient(r)).isTrue();
    }
    assertThat(client.sendShortMessageData(message)).as(client.getReplyString()).isTrue();
    client.quit();
    client.disconnect();
  }

  private void awaitEmptyQueue() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (queued(spool) > 0 && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertThat(queued(spool)).isZero();
  }

  static long queued(Path spool) throws IOException {
    try (Stream<Path> files = Files.list(spool.resolve("queue"))) {
      return files.count();
    }
  }
}
