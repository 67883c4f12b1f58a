package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ManualTime;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.DotUnstuffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * RETR and TOP (RFC 1939 §5, §7): content streamed from the host in chunks, CRLF-canonicalised and dot-stuffed,
 * TOP's header plus n body lines, and sizes as a Maildir-style store computes them (RFC 1939 §11).
 */
class RetrieveTest {

  private static String retr(String stored, String command) {
    MemoryStore store = new MemoryStore().user("u", "p", stored);
    Pop3HandlerServer s = Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store));
    Fixtures.exchange(s, "USER u\r\nPASS p\r\n");
    return Fixtures.exchange(s, command + "\r\n");
  }

  private static String canonical(String s) {
    return s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
  }

  @Property(tries = 200)
  void stuffingRoundTripsThroughTheUnstuffer(@ForAll("hostile") String stored) {
    String out = retr(stored, "RETR 1");
    int firstLine = out.indexOf("\r\n") + 2;
    assertThat(out.substring(0, firstLine)).isEqualTo("+OK " + canonical(stored).length() + " octets\r\n");
    String body = out.substring(firstLine);
    DotUnstuffer unstuffer = new DotUnstuffer(BareLineEndingPolicy.REJECT, 1_000_000);
    ByteBuffer in = ByteBuffer.wrap(body.getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (ByteBuffer part; (part = unstuffer.decode(in)) != null; ) {
      byte[] b = new byte[part.remaining()];
      part.get(b);
      content.writeBytes(b);
    }
    assertThat(unstuffer.isEnded()).isTrue();
    assertThat(in.hasRemaining()).isFalse();                     // the response ended exactly at its terminator
    assertThat(unstuffer.sawBareLineEnding()).isFalse();
    String expected = canonical(stored);
    if (!expected.isEmpty() && !expected.endsWith("\r\n")) {
      expected += "\r\n";
    }
    assertThat(content.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.strings().withChars('.', '\r', '\n', 'a', ' ').ofMaxLength(60);
  }

  @Test
  void storedDotLinesAndBareLineEndsCannotEndTheResponseEarly() {
    String out = retr("a\n.\nQUIT\r\n.\r\nDELE 1\r.\rb", "RETR 1");
    assertThat(out).endsWith("a\r\n..\r\nQUIT\r\n..\r\nDELE 1\r\n..\r\nb\r\n.\r\n");
    assertThat(out.indexOf("\r\n.\r\n")).isEqualTo(out.length() - 5);
  }

  @Test
  void topSendsTheHeaderTheEmptyLineAndNBodyLines() {
    String msg = "From: a\r\nSubject: b\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";
    assertThat(retr(msg, "TOP 1 0")).isEqualTo("+OK top of message follows\r\nFrom: a\r\nSubject: b\r\n\r\n.\r\n");
    assertThat(retr(msg, "TOP 1 2"))
        .isEqualTo("+OK top of message follows\r\nFrom: a\r\nSubject: b\r\n\r\nline 1\r\nline 2\r\n.\r\n");
    assertThat(retr(msg, "TOP 1 99")).endsWith("\r\n\r\nline 1\r\nline 2\r\nline 3\r\n.\r\n");
    assertThat(retr(msg, "TOP 1 99999999999999999999999")).endsWith("line 3\r\n.\r\n");
  }

  @Test
  void topCountsLinesWhateverTheStoredLineEndings() {
    assertThat(retr("From: a\nSubject: b\n\n.one\ntwo\nthree", "TOP 1 1"))
        .isEqualTo("+OK top of message follows\r\nFrom: a\r\nSubject: b\r\n\r\n..one\r\n.\r\n");
    assertThat(retr("From: a\r\rbody\rmore", "TOP 1 1"))
        .isEqualTo("+OK top of message follows\r\nFrom: a\r\n\r\nbody\r\n.\r\n");
    assertThat(retr("From: a\r\nNo body", "TOP 1 5"))
        .isEqualTo("+OK top of message follows\r\nFrom: a\r\nNo body\r\n.\r\n");
    assertThat(retr("", "TOP 1 5")).isEqualTo("+OK top of message follows\r\n.\r\n");
  }

  @Test
  void topWorksWhenTheHostSendsOneByteAtATime() {
    Pop3Server s = Fixtures.greeted(new Pop3Server(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED)));
    s.receive(ByteBuffer.wrap("USER u\r\nPASS p\r\n".getBytes(StandardCharsets.US_ASCII)));
    s.nextEvent();
    s.accept();
    s.nextEvent();
    s.maildropOpened(List.of(new MaildropEntry(40, "x")));
    Fixtures.drain(s);
    s.receive(ByteBuffer.wrap("TOP 1 1\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(s.nextEvent()).isEqualTo(new Pop3ServerEvent.RetrieveRequested(1, 40, 1));
    byte[] msg = "H: v\r\n\r\nb1\r\nb2\r\nb3\r\n".getBytes(StandardCharsets.US_ASCII);
    int fed = 0;
    while (fed < msg.length && !s.hasEnoughContent()) {
      s.content(ByteBuffer.wrap(msg, fed++, 1));
    }
    s.contentEnd();
    assertThat(fed).isLessThan(msg.length);                    // the engine said "enough" after b1's CRLF
    assertThat(Fixtures.drain(s)).isEqualTo("+OK top of message follows\r\nH: v\r\n\r\nb1\r\n.\r\n");
  }

  @Test
  void maildirStyleSizesAreTheOctetsRetrSendsBeforeStuffing() {
    String bareLf = "From: a\nSubject: b\n\n.dot\nend\n";
    long size = MemoryStore.canonicalSize(bareLf.getBytes(StandardCharsets.US_ASCII));
    assertThat(size).isEqualTo(bareLf.length() + 5);
    String out = retr(bareLf, "RETR 1");
    assertThat(out).startsWith("+OK " + size + " octets\r\n");
    String unstuffedBody = out.substring(out.indexOf("\r\n") + 2, out.length() - 3).replace("\r\n..", "\r\n.");
    assertThat(unstuffedBody.length()).isEqualTo(size);
    assertThat(retr(bareLf, "LIST 1")).isEqualTo("+OK 1 " + size + "\r\n");
  }

  @Test
  void aHugeMessageStreamsInBoundedChunksAsTheOutputDrains() {
    String line = "x".repeat(70) + "\n";
    String big = line.repeat(20_000);                          // 1.4 MB stored
    MemoryStore store = new MemoryStore().user("u", "p", big);
    Pop3HandlerServer s = Fixtures.greeted(new Pop3HandlerServer(Fixtures.rfcConfig().build(),
        Fixtures.rfcEnvironment(new ManualTime()), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store));
    Fixtures.exchange(s, "USER u\r\nPASS p\r\n");
    ByteBuffer in = ByteBuffer.wrap("RETR 1\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
    s.receive(in);
    assertThat(in.remaining()).isEqualTo(6);                   // NOOP waits while the message streams
    long total = 0;
    int maxRound = 0;
    ByteBuffer out = ByteBuffer.allocate(100_000);
    while (s.hasOutput()) {
      out.clear();
      s.drainOutput(out);
      maxRound = Math.max(maxRound, out.position());
      total += out.position();
    }
    int softLimit = Pop3Limits.DEFAULT.outputSoftLimit();
    assertThat(maxRound).isLessThanOrEqualTo(softLimit + 20_000);
    long expected = ("+OK " + (big.length() + 20_000) + " octets\r\n").length() + big.length() + 20_000 + 3;
    assertThat(total).isEqualTo(expected);
    assertThat(s.wantsInput()).isTrue();
    assertThat(Fixtures.exchange(s, "NOOP\r\n")).isEqualTo("+OK\r\n");
  }
}
