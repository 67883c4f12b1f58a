package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounded memory under hostile input, run in a forked JVM with a 64 MiB heap (the "hostile" execution in the
 * POM): every case pushes far more octets than the heap could hold if the engine buffered them.
 */
@Tag("hostile")
class HostileInputTest {

  private static final int MIB = 1024 * 1024;

  /**
   * Feeds {@code total} octets (a multiple of the pattern's length) of {@code pattern} repeated, in pieces of about
   * 64 KiB, answering events and draining as a host would.
   */
  private static void stream(ServerFixtures.Driver d, byte[] pattern, long total) {
    byte[] piece = new byte[64 * 1024 / pattern.length * pattern.length]; // whole patterns, so lines stay whole
    for (int i = 0; i < piece.length; i++) {
      piece[i] = pattern[i % pattern.length];
    }
    long sent = 0;
    while (sent < total) {
      int n = (int) Math.min(piece.length, total - sent);
      ByteBuffer in = ByteBuffer.wrap(piece, 0, n);
      while (in.hasRemaining()) {
        d.smtp.receive(in);
        for (SmtpServerEvent e; (e = d.smtp.nextEvent()) != null; ) {
          if (e.needsDecision()) {
            d.smtp.accept();
          }
        }
        d.drain();
      }
      sent += n;
    }
  }

  private static ServerFixtures.Driver inData(SmtpLimits limits) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .limits(limits).build());
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
    assertThat(d.exchange("DATA\r\n")).startsWith("354");
    return d;
  }

  @Test
  void a200MibMessageStreamsThroughA64MibHeap() {
    ServerFixtures.Driver d = inData(SmtpLimits.builder().maxMessageSize(Long.MAX_VALUE).build());
    stream(d, ("x".repeat(78) + "\r\n").getBytes(StandardCharsets.US_ASCII), 80L * 2_621_440); // 200 MiB
    d.send(".\r\n");
    SmtpServerEvent e;
    while (!((e = d.smtp.nextEvent()) instanceof SmtpServerEvent.DataEnd)) {
      assertThat(e).isNotNull();
    }
    assertThat(((SmtpServerEvent.DataEnd) e).info().size()).isEqualTo(200L * MIB);
    d.smtp.accept();
    assertThat(d.drain()).isEqualTo("250 2.0.0 OK\r\n");
  }

  @Test
  void a100MibMessageOverTheLimitIsRefusedAfterItsEnd() {
    ServerFixtures.Driver d = inData(SmtpLimits.builder().maxMessageSize(MIB).build());
    stream(d, ("y".repeat(98) + "\r\n").getBytes(StandardCharsets.US_ASCII), 100L * 1_048_576); // 100 MiB
    assertThat(d.exchange(".\r\n")).startsWith("552 5.3.4");
    assertThat(d.exchange("NOOP\r\n")).startsWith("250");
  }

  @Test
  void a100MibCommandLineIsDiscardedNotBuffered() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    byte[] a = new byte[1];
    Arrays.fill(a, (byte) 'a');
    stream(d, a, 100L * MIB);
    assertThat(d.exchange("\r\nNOOP\r\n")).isEqualTo("500 5.5.2 Line too long\r\n250 2.0.0 OK\r\n");
  }

  @Test
  void a100MibDataLineIsRefusedAfterTheEndWithFramingKept() {
    ServerFixtures.Driver d = inData(SmtpLimits.builder().maxMessageSize(Long.MAX_VALUE).build());
    stream(d, new byte[] {'z'}, 100L * MIB);
    assertThat(d.exchange("\r\n.\r\n")).startsWith("500 5.5.2");
    assertThat(d.exchange("QUIT\r\n")).startsWith("221");
  }

  @Test
  void aHugeBdatChunkStreams() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .limits(SmtpLimits.builder().maxMessageSize(Long.MAX_VALUE).build()).build());
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org> BODY=BINARYMIME\r\nRCPT TO:<b@example.org>\r\n");
    d.send("BDAT " + (150L * MIB) + " LAST\r\n");
    d.pump();
    stream(d, new byte[] {0, (byte) 0xff, '\n', '\r'}, 150L * MIB);
    assertThat(d.smtp.state()).isEqualTo(ServerState.GREETED);
  }
}
