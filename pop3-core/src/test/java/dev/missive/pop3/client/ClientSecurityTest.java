package dev.missive.pop3.client;

import static dev.missive.pop3.client.ClientFixtures.answer;
import static dev.missive.pop3.client.ClientFixtures.drain;
import static dev.missive.pop3.client.ClientFixtures.events;
import static dev.missive.pop3.client.ClientFixtures.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.TlsInfo;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The client's side of docs/security.md: STLS injection (item 11, "Replies injected before the client's handshake"),
 * TLS required (item 12, "A client that requires TLS", with the transcripts), hostile answers in bounded memory, no
 * narrowing and no CR/LF/NUL smuggling in arguments (item 20, "Line breaks hidden in addresses"), secrets
 * kept out of {@code toString()} (docs/architecture.md, "Secrets"), and total parsing of whatever the server sends.
 */
class ClientSecurityTest {

  private final ManualTime time = new ManualTime();

  private Pop3Client client(Pop3ClientConfig config) {
    return new Pop3Client(config, time.environment());
  }

  private Pop3Client stlsClient() {
    Pop3Client c = client(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "secret")).build());
    assertThat(answer(c, "+OK ready\r\n")).isEqualTo("CAPA\r\n");
    assertThat(answer(c, "+OK\r\nSTLS\r\nUSER\r\n.\r\n")).isEqualTo("STLS\r\n");
    return c;
  }

  private static Pop3Client loggedIn(Pop3Client c) {
    answer(c, "+OK ready\r\n");
    answer(c, "+OK\r\n");
    feed(c, "+OK logged in\r\n");
    assertThat(events(c)).last().isInstanceOf(Pop3ClientEvent.LoggedIn.class);
    return c;
  }

  private Pop3Client plainClient(Pop3ClientLimits limits) {
    return client(ClientFixtures.rfc1939(Pop3Login.userPass("u", "p")).limits(limits).build());
  }

  @Test
  void item11BytesAfterStlsOkInTheSameReadAbort() {
    Pop3Client c = stlsClient();
    feed(c, "+OK Begin TLS\r\n+OK injected\r\n");
    List<Pop3ClientEvent> e = events(c);
    assertThat(e).noneMatch(x -> x instanceof Pop3ClientEvent.TlsRequested); // no stale call to start TLS
    assertThat(e).last().isInstanceOfSatisfying(Pop3ClientEvent.Closed.class, closed -> {
      assertThat(closed.orderly()).isFalse();
      assertThat(closed.reason()).contains("after +OK to STLS");
    });
    assertThat(c.isClosed()).isTrue();
    assertThat(c.pendingStreamChange().isPresent()).isFalse();
    assertThat(drain(c)).isEmpty();
  }

  @Test
  void shutdownWithdrawsATlsRequestTheHostHasNotTakenYet() {
    Pop3Client c = stlsClient();
    c.receive(ByteBuffer.wrap("+OK Begin TLS\r\n".getBytes(StandardCharsets.US_ASCII)));
    c.shutdown();
    assertThat(events(c)).singleElement().isInstanceOf(Pop3ClientEvent.Closed.class);
    assertThat(c.pendingStreamChange()).isEmpty();
  }

  @Test
  void item11BytesAfterStlsOkInALaterReadAbort() {
    Pop3Client c = stlsClient();
    feed(c, "+OK Begin TLS\r\n");
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.TlsRequested());
    assertThat(c.pendingStreamChange().isPresent()).isTrue();
    assertThat(c.wantsInput()).isFalse();
    feed(c, "+OK injected\r\n");
    assertThat(c.isClosed()).isTrue();
    assertThat(drain(c)).isEmpty();
  }

  @Test
  void item11CapabilitiesAreForgottenAndAskedAgainAfterTls() {
    Pop3Client c = stlsClient();
    assertThat(c.capabilities()).isPresent();
    feed(c, "+OK Begin TLS\r\n");
    events(c);
    c.streamChanged(TlsInfo.unknown());
    assertThat(c.capabilities()).isEmpty();
    assertThat(c.isTlsActive()).isTrue();
    assertThat(drain(c)).isEqualTo("CAPA\r\n");
    feed(c, "+OK\r\nUSER\r\n.\r\n");
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.CapabilitiesKnown(
        List.of(dev.missive.pop3.Capability.USER), true));
    assertThat(drain(c)).isEqualTo("USER mrose\r\n");
  }

  @Test
  void implicitTlsNeverSendsStls() {
    Pop3Client c = new Pop3Client(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "secret")).build(),
        time.environment(), ClientFixtures.peer(dev.missive.wire.ConnectionSecurity.IMPLICIT_TLS));
    answer(c, "+OK ready\r\n");
    feed(c, "+OK\r\nSTLS\r\n.\r\n");
    assertThat(drain(c)).isEqualTo("USER mrose\r\n");
  }

  @Test
  void overLongStatusLineAbortsInBoundedMemory() {
    Pop3Client c = plainClient(Pop3ClientLimits.DEFAULT);
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    feed(c, "+OK ");
    for (int i = 0; i < 64; i++) {                    // 4 MiB without a line ending
      c.receive(ByteBuffer.wrap(chunk));
    }
    assertThat(c.isClosed()).isFalse();
    feed(c, "\r\n");
    assertThat(events(c)).last().isInstanceOfSatisfying(Pop3ClientEvent.Closed.class,
        closed -> assertThat(closed.reason()).contains("status line over 1000 octets"));
  }

  @Test
  void overLongListingLineFailsTheCommandAndKeepsFraming() {
    Pop3Client c = loggedIn(plainClient(Pop3ClientLimits.DEFAULT));
    c.uidl();
    c.noop();
    assertThat(drain(c)).isEqualTo("UIDL\r\n");
    feed(c, "+OK\r\n1 " + "u".repeat(100_000) + "\r\n2 ok\r\n.\r\n");
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.CommandFailed("UIDL", "listing line 1 too long",
        java.util.Optional.empty()));
    assertThat(drain(c)).isEqualTo("NOOP\r\n");
  }

  @Test
  void endlessUidlListingStaysInBoundedMemory() {
    Pop3Client c = loggedIn(plainClient(Pop3ClientLimits.DEFAULT.toBuilder().maxListingLines(1000).build()));
    c.uidl();
    c.noop();
    drain(c);
    feed(c, "+OK\r\n");
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      b.append(i).append(' ').append("x".repeat(68)).append(i % 10).append("\r\n");
    }
    byte[] block = b.toString().getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 1000; i++) {                  // a million lines, ~75 MB: kept, they would not fit in 64 MB
      ByteBuffer in = ByteBuffer.wrap(block);
      c.receive(in);
      assertThat(in.hasRemaining()).isFalse();
    }
    feed(c, ".\r\n");
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.CommandFailed("UIDL", "more than 1000 lines",
        java.util.Optional.empty()));
    assertThat(drain(c)).isEqualTo("NOOP\r\n");
  }

  @Test
  void uidlWithAnInvalidIdFails() {
    Pop3Client c = loggedIn(plainClient(Pop3ClientLimits.DEFAULT));
    c.uidl();
    drain(c);
    feed(c, "+OK\r\n1 has space\r\n.\r\n");
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.CommandFailed("UIDL",
        "malformed unique-id listing at line 1", java.util.Optional.empty()));
  }

  @Test
  void item23BareLineFeedDotCannotEndAMessageEarly() {
    Pop3Client c = loggedIn(plainClient(Pop3ClientLimits.DEFAULT));
    c.retrieve(1);
    c.noop();
    assertThat(drain(c)).isEqualTo("RETR 1\r\n");                 // no PIPELINING: NOOP waits
    feed(c, "+OK\r\nline\n.\nstill content\r\n..dot\r\n.\r\n");
    StringBuilder content = new StringBuilder();
    List<Pop3ClientEvent> e = events(c);
    for (Pop3ClientEvent x : e) {
      if (x instanceof Pop3ClientEvent.MessageChunk m) {
        content.append(StandardCharsets.ISO_8859_1.decode(m.content()));
      }
    }
    assertThat(content.toString()).isEqualTo("line\n\nstill content\r\n.dot\r\n");
    assertThat(e).last().isEqualTo(new Pop3ClientEvent.MessageEnd(1, content.length(), true, false));
    assertThat(drain(c)).isEqualTo("NOOP\r\n");
    feed(c, "+OK noop\r\n");
    assertThat(events(c)).last().isEqualTo(new Pop3ClientEvent.CommandCompleted("NOOP",
        dev.missive.pop3.Pop3Response.ok("noop")));
  }

  @Test
  void refusedGreetingClosesWithoutQuit() {
    Pop3Client c = plainClient(Pop3ClientLimits.DEFAULT);
    feed(c, "-ERR [SYS/TEMP] go away\r\n");
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.Closed(false,
        "the server refused the session: -ERR [SYS/TEMP] go away"));
    assertThat(drain(c)).isEmpty();
  }

  @Test
  void unsolicitedOrMalformedAnswersAbort() {
    Pop3Client c = loggedIn(plainClient(Pop3ClientLimits.DEFAULT));
    feed(c, "+OK nobody asked\r\n");
    assertThat(c.isClosed()).isTrue();
    Pop3Client d = plainClient(Pop3ClientLimits.DEFAULT);
    feed(d, "220 smtp.example.com ESMTP\r\n");
    assertThat(events(d)).last().isInstanceOfSatisfying(Pop3ClientEvent.Closed.class,
        closed -> assertThat(closed.reason()).contains("malformed status line"));
  }

  /**
   * Issue 13's finding: what the client wrote before it aborted stays in its output for the host to drain, as for
   * every engine (docs/architecture.md, "Output"). The SASL cancel {@code *} (RFC 5034 §4) the client wrote for a
   * challenge that is not base64 went missing when the malformed answer after it came in the same read, and reached
   * the server when it came in a later one.
   */
  @Test
  void anAbortKeepsWhatTheClientHadWrittenWhateverTheReads() {
    String replies = "+ not*base64!\r\n-Eation cancelled\r\n";
    for (int split : new int[] {replies.length(), replies.indexOf('-')}) {
      Pop3Client c = client(ClientFixtures.rfc1939(Pop3Login.sasl("PLAIN",
          () -> SaslClientMechanisms.plain("", "mrose", "tanstaaf"))).build());
      assertThat(answer(c, "+OK POP3 server ready\r\n")).isEqualTo("AUTH PLAIN AG1yb3NlAHRhbnN0YWFm\r\n");
      feed(c, replies.substring(0, split));
      String written = drain(c);
      if (!c.isClosed()) {
        feed(c, replies.substring(split));
        written += drain(c);
      }
      assertThat(written).as("split at %d", split).isEqualTo("*\r\n");
      assertThat(events(c)).last().isInstanceOfSatisfying(Pop3ClientEvent.Closed.class,
          closed -> assertThat(closed.reason()).contains("malformed status line"));
    }
  }

  @Test
  void serverClosingMidResponseIsReported() {
    Pop3Client c = loggedIn(plainClient(Pop3ClientLimits.DEFAULT));
    c.retrieve(1);
    drain(c);
    feed(c, "+OK\r\nFrom: a@b\r\n");
    events(c);
    c.receiveEnd();
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.Closed(false,
        "the server closed the connection in mid-response"));
  }

  @Test
  void item20ArgumentsWithLineBreaksOrNulAreRefusedBeforeWriting() {
    for (String bad : new String[] {"a\rb", "a\nb", "a\u0000b"}) {
      assertThatThrownBy(() -> Pop3Login.userPass(bad, "p")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Pop3Login.userPass("u", bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(bad);
      assertThatThrownBy(() -> Pop3Login.apop(bad, "s")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Pop3Login.apop("u", bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Pop3Login.apop("two words", "s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pop3Login.sasl("PLAIN\r\nUSER", () -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void item20CharsWhoseLowByteIsALineBreakAreEncodedNotNarrowed() {
    Pop3Client c = client(ClientFixtures.rfc1939(Pop3Login.userPass("u\u010Aser", "p\u760Dss")).build());
    feed(c, "+OK ready\r\n");
    events(c);
    feed(c, "+OK\r\n");
    events(c);
    byte[] wire = drain(c).getBytes(StandardCharsets.ISO_8859_1);
    String expected = "USER u\u010Aser\r\nPASS p\u760Dss\r\n";
    assertThat(wire).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void secretsNeverInToString() {
    assertThat(Pop3Login.userPass("mrose", "hunter2").toString()).doesNotContain("hunter2");
    assertThat(Pop3Login.apop("mrose", "tanstaaf").toString()).doesNotContain("tanstaaf");
    assertThat(Pop3ClientConfig.builder().login(Pop3Login.userPass("mrose", "hunter2")).build().toString())
        .doesNotContain("hunter2");
  }

  @Test
  void hostMisuseThrows() {
    Pop3Client c = plainClient(Pop3ClientLimits.DEFAULT);
    assertThatThrownBy(() -> c.retrieve(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.delete(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.top(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.streamChanged(TlsInfo.unknown())).isInstanceOf(IllegalStateException.class);
    c.quit();
    assertThatThrownBy(c::noop).isInstanceOf(IllegalStateException.class).hasMessageContaining("QUIT");
    c.receiveEnd();
    assertThat(c.isClosed()).isTrue();
    assertThatThrownBy(() -> feed(c, "+OK\r\n")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void noAnswerWithinTheTimeoutCloses() {
    Pop3Client c = client(ClientFixtures.rfc1939(Pop3Login.userPass("u", "p"))
        .limits(Pop3ClientLimits.builder().responseTimeout(Duration.ofSeconds(30)).build()).build());
    assertThat(c.nextDeadline()).hasValue(time.getAsLong() + Duration.ofSeconds(30).toNanos());
    time.advance(Duration.ofSeconds(29));
    c.onTimeout();
    assertThat(c.isClosed()).isFalse();
    time.advance(Duration.ofSeconds(1));
    c.onTimeout();
    assertThat(events(c)).containsExactly(new Pop3ClientEvent.Closed(false, "no answer from the server within PT30S"));
    assertThat(c.nextDeadline()).isEmpty();
  }

  @Test
  void eventsMustBeTakenBeforeMoreInputIsConsumed() {
    Pop3Client c = plainClient(Pop3ClientLimits.DEFAULT);
    feed(c, "+OK ready\r\n");
    assertThat(c.wantsInput()).isFalse();
    ByteBuffer more = ByteBuffer.wrap("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
    c.receive(more);
    assertThat(more.position()).isZero();
    events(c);
    assertThat(c.wantsInput()).isTrue();
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.strings().withChars("\r\n.+-OKER 0123456789<>@[]\u0000\u00ff").ofMaxLength(300);
  }

  @Property(tries = 200)
  void anyServerBytesNeverThrow(@ForAll("hostile") String noise) {
    Pop3Client c = client(Pop3ClientConfig.builder().login(Pop3Login.apop("u", "s")).tlsPolicy(TlsPolicy.OPPORTUNISTIC)
        .build());
    c.stat();
    c.list();
    c.uidl();
    c.retrieve(1);
    ByteBuffer in = ByteBuffer.wrap(("+OK <1.2@h>\r\n" + noise).getBytes(StandardCharsets.ISO_8859_1));
    for (int guard = 0; guard < 10_000 && in.hasRemaining() && !c.isClosed(); guard++) {
      if (c.pendingStreamChange().isPresent()) {
        c.streamChanged(TlsInfo.unknown());
      }
      int before = in.position();
      c.receive(in);
      events(c);
      drain(c);
      if (in.position() == before && !c.pendingStreamChange().isPresent() && !c.wantsInput()) {
        break;
      }
    }
    c.receiveEnd();
    events(c);
    assertThat(c.isClosed()).isTrue();
  }
}
