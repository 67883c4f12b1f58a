package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.protocol.ImapLimits;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client against servers that misbehave: the STARTTLS injection of RFC 9051 §11.1 (docs/security.md, "Replies
 * injected before the client's handshake"), responses nobody asked for, mailbox updates that contradict the
 * numbering (RFC 9051 §7.5.1), more untagged responses than one command may gather, literal sizes and nesting over
 * the limits, silence past the response timeout. Each ends the session with a reason, never with an exception.
 */
class ClientSecurityTest {

  private final ManualTime time = new ManualTime();
  private final List<ImapClientEvent> events = new ArrayList<>();

  private ImapClient client(ImapClientConfig config) {
    return client(config, ConnectionSecurity.PLAINTEXT);
  }

  private ImapClient client(ImapClientConfig config, ConnectionSecurity security) {
    return new ImapClient(config, time.environment(), new PeerInfo("imap.example.org:993", "sec-test",
        security));
  }

  /** The strict configuration with a password and nothing to ENABLE; the peer decides implicit TLS. */
  private static ImapClientConfig strict() {
    return ImapClientConfig.builder().login(ImapLogin.password("mrc", "secret")).enable(List.of()).build();
  }

  /** Feeds as a host does: events taken between receives, the rest offered while the engine wants input. */
  private void feed(ImapClient c, String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    c.receive(in);
    while (!c.isClosed()) {
      take(c);
      if (!in.hasRemaining() || !c.wantsInput()) {
        break;
      }
      c.receive(in);
    }
    take(c);
  }

  private void take(ImapClient c) {
    for (ImapClientEvent e; (e = c.nextEvent()) != null; ) {
      events.add(e);
    }
  }

  private static String drain(ImapClient c) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer out = ByteBuffer.allocate(8192);
    while (c.hasOutput()) {
      out.clear();
      c.drainOutput(out);
      all.write(out.array(), 0, out.position());
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  private String closedReason() {
    return events.stream().filter(e -> e instanceof ImapClientEvent.Closed).map(e -> ((ImapClientEvent.Closed) e)
        .reason()).findFirst().orElseThrow(() -> new AssertionError("not closed: " + events));
  }

  /** A selected session on implicit TLS, INBOX with 3 messages. */
  private ImapClient selected(ImapClientConfig config) {
    ImapClient c = client(config, ConnectionSecurity.IMPLICIT_TLS);
    feed(c, "* OK [CAPABILITY IMAP4rev1] ready\r\n");
    assertThat(drain(c)).isEqualTo("A1 LOGIN mrc secret\r\n");
    feed(c, "A1 OK [CAPABILITY IMAP4rev1 MOVE] done\r\n");
    c.select("INBOX");
    assertThat(drain(c)).isEqualTo("A2 SELECT INBOX\r\n");
    feed(c, "* 3 EXISTS\r\n* OK [UIDVALIDITY 7] x\r\nA2 OK [READ-WRITE] done\r\n");
    assertThat(c.state()).isEqualTo(ImapClientState.SELECTED);
    return c;
  }

  /**
   * Implicit TLS (RFC 8314 §3) is the connection's, as for the SMTP and POP3 clients: the same configuration sends
   * STARTTLS on a plaintext peer and LOGIN at once on an {@code IMPLICIT_TLS} one (before, the configuration's own
   * {@code implicitTls} flag could claim TLS on a plaintext connection and send the password in the clear).
   */
  @Test
  void onlyThePeerSaysImplicitTls() {
    ImapClient plain = client(strict());
    feed(plain, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
    assertThat(drain(plain)).isEqualTo("A1 STARTTLS\r\n");
    ImapClient tls = client(strict(), ConnectionSecurity.IMPLICIT_TLS);
    feed(tls, "* OK [CAPABILITY IMAP4rev1] ready\r\n");
    assertThat(drain(tls)).isEqualTo("A1 LOGIN mrc secret\r\n");
    assertThat(Arrays.stream(ImapClientConfig.class.getRecordComponents()).map(RecordComponent::getName))
        .doesNotContain("implicitTls");
  }

  @Test
  void injectionInTheSameReadAsTheOkToStartTls() {
    ImapClient c = client(ImapClientConfig.builder().login(ImapLogin.password("mrc", "secret")).build());
    feed(c, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n");
    assertThat(drain(c)).isEqualTo("A1 STARTTLS\r\n");
    feed(c, "A1 OK go\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
    assertThat(c.isClosed()).isTrue();
    assertThat(events).noneMatch(e -> e instanceof ImapClientEvent.TlsRequested);
    assertThat(closedReason()).isEqualTo("the server sent data after OK to STARTTLS (RFC 9051 §11.1)");
  }

  @Test
  void injectionInALaterReadBeforeTheHandshake() {
    ImapClient c = client(ImapClientConfig.builder().login(ImapLogin.password("mrc", "secret")).build());
    feed(c, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n");
    drain(c);
    feed(c, "A1 OK go\r\n");
    assertThat(c.status()).isEqualTo(ProtocolEngine.Status.STREAM_CHANGE);
    c.receive(ByteBuffer.wrap("* OK injected\r\n".getBytes(StandardCharsets.US_ASCII)));
    take(c);
    assertThat(c.isClosed()).isTrue();
    assertThat(closedReason()).startsWith("the server sent data after OK to STARTTLS");
  }

  /**
   * Issue 13's finding (FUZZING.md F5): the tagged OK to CAPABILITY makes the engine write ENABLE, and a malformed
   * response in the same read ends the session. What was written stays for the host to drain (docs/architecture.md,
   * "Output"), so the server sees the same octets whether the host drained between the two responses or not; before,
   * the abort dropped ENABLE when both came in one read.
   */
  @Test
  void anAbortKeepsWhatTheClientHadWrittenWhateverTheReads() {
    String session = "* PREAUTH hi\r\n* CAPABILITY IMAP4rev2 ENABLE\r\nA1 OK done\r\n* 1 FETCH (\r\n";
    ImapClient whole = client(ImapClientConfig.builder().login(ImapLogin.preauthenticated()).tlsPolicy(TlsPolicy.NONE)
        .build());
    feed(whole, session);
    assertThat(whole.isClosed()).isTrue();
    assertThat(drain(whole)).isEqualTo("A1 CAPABILITY\r\nA2 ENABLE IMAP4rev2\r\n");
    ImapClient split = client(ImapClientConfig.builder().login(ImapLogin.preauthenticated()).tlsPolicy(TlsPolicy.NONE)
        .build());
    StringBuilder written = new StringBuilder();
    int cut = session.indexOf("* 1 FETCH");
    feed(split, session.substring(0, cut));
    written.append(drain(split));
    feed(split, session.substring(cut));
    written.append(drain(split));
    assertThat(split.isClosed()).isTrue();
    assertThat(written).hasToString("A1 CAPABILITY\r\nA2 ENABLE IMAP4rev2\r\n");
  }

  @Test
  void aTaggedResponseToNoCommandEndsTheSession() {
    ImapClient c = selected(strict());
    feed(c, "Z9 OK nothing\r\n");
    assertThat(closedReason()).isEqualTo("a tagged response to no command: Z9");
  }

  @Test
  void anExpungeBeyondTheMailboxEndsTheSessionAndNumbersShiftOtherwise() {
    ImapClient c = selected(strict());
    c.fetch(false, dev.missive.imap.SequenceSet.range(1, 3), dev.missive.imap.command.FetchItem.Simple.UID);
    drain(c);
    feed(c, "* 1 FETCH (UID 10)\r\n* 2 FETCH (UID 11)\r\n* 3 FETCH (UID 12)\r\nA3 OK done\r\n");
    feed(c, "* 2 EXPUNGE\r\n");
    ClientMailbox m = c.mailbox().orElseThrow();
    assertThat(m.exists()).isEqualTo(2);
    assertThat(m.uidAt(2)).hasValue(12);                 // RFC 9051 §7.5.1: 3 became 2
    assertThat(m.seqOf(11)).isEmpty();
    assertThat(events).contains(new ImapClientEvent.Expunged(2, java.util.OptionalLong.of(11)));
    feed(c, "* 3 EXPUNGE\r\n");
    assertThat(closedReason()).isEqualTo("EXPUNGE 3 of a message that does not exist (RFC 9051 §7.5.1)");
  }

  @Test
  void moreUntaggedResponsesThanOneCommandMayGather() {
    ImapClient c = selected(strict().toBuilder().maxCollected(100).build());
    c.list("", "*");
    drain(c);
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      flood.append("* LIST () \"/\" box").append(i).append("\r\n");
    }
    feed(c, flood.toString());
    assertThat(closedReason()).isEqualTo("more than 100 untagged responses for A3 LIST");
  }

  @Test
  void aHugeLiteralSizeIsSkippedNotAllocated() {
    ImapClient c = selected(strict());
    c.list("", "*");
    drain(c);
    feed(c, "* LIST () \"/\" {4000000000}\r\nxx");
    assertThat(closedReason()).startsWith("a malformed response from the server: response longer than");
  }

  @Test
  void nestingOverTheLimitIsMalformed() {
    ImapClient c = selected(strict().toBuilder().limits(ImapLimits.DEFAULT).build());
    c.fetch(false, dev.missive.imap.SequenceSet.of(1), dev.missive.imap.command.FetchItem.Simple.BODYSTRUCTURE);
    drain(c);
    feed(c, "* 1 FETCH (BODYSTRUCTURE " + "(".repeat(500) + ")".repeat(500) + ")\r\n");
    assertThat(closedReason()).startsWith("a malformed response from the server");
  }

  @Test
  void silencePastTheResponseTimeout() {
    ImapClient c = client(strict().toBuilder().responseTimeout(Duration.ofSeconds(30))
        .build(), ConnectionSecurity.IMPLICIT_TLS);
    assertThat(c.nextDeadline()).isPresent();            // the greeting is timed
    time.advance(Duration.ofSeconds(31));
    c.onTimeout();
    take(c);
    assertThat(closedReason()).isEqualTo("no answer from the server within PT30S");
  }

  @Test
  void aContinuationNobodyAskedFor() {
    ImapClient c = selected(strict());
    feed(c, "+ hello\r\n");
    assertThat(closedReason()).isEqualTo("a continuation request no command asked for");
  }

  @Test
  void preauthInPlaintextWhileTlsIsRequired() {
    ImapClient c = client(ImapClientConfig.builder().login(ImapLogin.preauthenticated()).build());
    feed(c, "* PREAUTH ready\r\n");
    assertThat(closedReason()).isEqualTo("TLS is required and the server greeted with PREAUTH in plaintext");
  }

  @Test
  void aBodyLargerThanTheHeapIsStreamedInChunks() {
    ImapClient c = selected(strict());
    c.fetch(true, dev.missive.imap.SequenceSet.of(5), dev.missive.imap.command.FetchItem.Simple.UID,
        new dev.missive.imap.command.FetchItem.BodySection(dev.missive.imap.Section.WHOLE, java.util.Optional.empty(),
            true));
    drain(c);
    long size = 200L << 20;                             // this module's tests run in a 64 MiB heap
    byte[] block = new byte[64 * 1024];
    java.util.Arrays.fill(block, (byte) 'x');
    long received = 0;
    ByteBuffer head = ByteBuffer.wrap(("* 1 FETCH (UID 5 BODY[] {" + size + "}\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    c.receive(head);
    for (long sent = 0; sent < size; ) {
      ByteBuffer in = ByteBuffer.wrap(block, 0, (int) Math.min(block.length, size - sent));
      sent += in.remaining();
      while (in.hasRemaining()) {
        c.receive(in);
        for (ImapClientEvent e; (e = c.nextEvent()) != null; ) {
          if (e instanceof ImapClientEvent.SectionChunk chunk) {
            received += chunk.bytes().remaining();
          }
        }
      }
    }
    feed(c, ")\r\nA3 OK done\r\n");
    assertThat(received).isEqualTo(size);
    assertThat(events).anyMatch(e -> e instanceof ImapClientEvent.Completed x && x.tag().equals("A3"));
  }

  @Test
  void endlessUpdatesDuringIdleAreEventsNotMemory() {
    ImapClient c = selected(strict());
    String tag = c.idle();
    drain(c);
    feed(c, "+ idling\r\n");
    byte[] flood = "* 1 FETCH (FLAGS (\\Seen))\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 1000; i++) {                    // a million untagged responses, none gathered
      ByteBuffer in = ByteBuffer.wrap(flood);
      while (in.hasRemaining()) {
        c.receive(in);
        while (c.nextEvent() != null) {
          // the host takes them
        }
      }
    }
    assertThat(c.isClosed()).isFalse();
    c.idleDone();
    assertThat(drain(c)).isEqualTo("DONE\r\n");
    feed(c, tag + " OK done\r\n");
    assertThat(events).anyMatch(e -> e instanceof ImapClientEvent.Completed x && x.tag().equals(tag));
  }
}
