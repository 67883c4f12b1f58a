package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The customer's side of On-Demand Mail Relay (RFC 2645) under fuzzing: the raw {@link SmtpClient} asks with ATRN
 * (after AUTH PLAIN) for the domains the input chose and, on the provider's {@code 250}, hands the connection to an
 * {@link SmtpServer} through wire's {@link HandoverEngine}, all in testkit's {@link FuzzHostLoop}; the provider is
 * hostile: grammar-aware replies (greetings, EHLO lines with and without ATRN and AUTH, 235/535, ATRN's
 * 250/450/451/453/530/502, then as the reversed client EHLO, MAIL, RCPT, DATA with a body, BDAT, QUIT, bare CR/LF,
 * NUL, long lines) and raw octets. The successor server accepts every decision.
 *
 * <p>The provider waits for the customer's greeting before it speaks as a client (RFC 2645 §5.3), so its reply
 * {@code 250 OK now reversing the connection} is followed in the input by testkit's turn marker (0x16): no read spans
 * it, and at the reversal the host drops what the provider sent before it ({@link PeerBytes#startTls()}), as the
 * handover drops unfed bytes. Octets between that reply and the marker end the customer's session when they come in
 * the reply's read and are dropped when they come later, so runs that took different paths there are compared up to
 * the reversal; runs that took the same path are compared whole (docs/security.md, "Bytes across the role
 * reversal").
 */
class OdmrCustomerFuzzTest {

  static final int OUTPUT_PER_INPUT_OCTET = 64;
  static final int OUTPUT_BASE = 4096;

  private static final String[] LINES = {
      "220 EXAMPLE.NET on-demand mail relay server ready", "220-EXAMPLE.NET", "250-EXAMPLE.NET", "250-AUTH PLAIN",
      "250-AUTH CRAM-MD5 EXTERNAL", "250 ATRN", "250 AUTH PLAIN", "250 OK", "235 now authenticated as example.org",
      "535 5.7.8 no", "250 OK now reversing the connection", "450 ATRN request refused",
      "451 Unable to process ATRN request now", "453 You have no mail", "530 Authentication required",
      "502 Command not implemented", "421 closing", "EHLO EXAMPLE.NET", "HELO EXAMPLE.NET",
      "MAIL FROM: <Lester.Tester@dot.foo.bar>", "MAIL FROM:<>", "RCPT TO: <l.eva.msg@example.com>",
      "RCPT TO:<x@example.org> NOTIFY=NEVER", "DATA", "Subject: held\r\n\r\nbody\r\n.", "BDAT 5 LAST\r\nhello", "RSET",
      "NOOP", "QUIT", "ATRN", "", "\u0000", "(long)",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\n", ""};

  /**
   * Whatever the provider sends: no unchecked exception; the same output octets and events whole and in random
   * chunks; progress on every host-loop turn; output at most 64 × input + 4 KiB; a successor only after a 250 to
   * ATRN, and no client event after the reversal.
   */
  @FuzzTest(maxDuration = "30s")
  void hostileProvidersNeverBreakTheCustomer(FuzzedDataProvider data) {
    AtrnRequest request = switch (data.consumeInt(0, 2)) {
      case 0 -> AtrnRequest.of();
      case 1 -> AtrnRequest.of("example.org");
      default -> AtrnRequest.of("example.org", "example.com");
    };
    long chunkSeed = data.consumeLong();
    byte[] in = providerBytes(data);
    Run whole = new Run(request, in).play(Feeding.whole());
    Run chunked = new Run(request, in).play(Feeding.random(chunkSeed));
    boolean samePath = whole.path.equals(chunked.path);
    int octets = samePath ? Integer.MAX_VALUE : Math.min(whole.reversalAtOutput, chunked.reversalAtOutput);
    int entries = samePath ? Integer.MAX_VALUE : Math.min(whole.reversalAtLog, chunked.reversalAtLog);
    assertThat(prefix(chunked.loop.output(), octets)).isEqualTo(prefix(whole.loop.output(), octets));
    assertThat(chunked.log.entries().subList(0, Math.min(entries, chunked.log.entries().size())))
        .isEqualTo(whole.log.entries().subList(0, Math.min(entries, whole.log.entries().size())));
  }

  private static String prefix(String s, int n) {
    return s.substring(0, Math.min(n, s.length()));
  }

  private static byte[] providerBytes(FuzzedDataProvider data) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int lines = data.consumeInt(0, 40);
    for (int i = 0; i < lines && data.remainingBytes() > 0; i++) {
      String l = data.pickValue(LINES);
      if (l.equals("(long)")) {
        l = "250 " + "x".repeat(data.consumeInt(400, 1200));
      }
      if (data.consumeBoolean()) {
        l = l + data.consumeString(12);
      }
      input.writeBytes(l.getBytes(StandardCharsets.UTF_8));
      input.writeBytes(data.pickValue(ENDINGS).getBytes(StandardCharsets.US_ASCII));
      if (l.startsWith("250 OK now reversing")) {
        input.write(PeerBytes.TLS_START); // the provider's turn ends: it waits for the customer's greeting
      }
    }
    input.writeBytes(data.consumeRemainingAsBytes());
    return input.toByteArray();
  }

  /** One session: the customer's client, then its server after a reversal, in testkit's host loop. */
  private static final class Run implements FuzzHostLoop.Target {
    private final AtrnRequest request;
    private final ManualTime time = new ManualTime();
    private final PeerInfo peer = new PeerInfo("[192.0.2.1]", "fuzz", ConnectionSecurity.PLAINTEXT);
    private final SmtpClient client;
    private final HandoverEngine engine;
    private final PeerBytes in;
    private final FuzzHostLoop loop;
    private final EventLog log = new EventLog();
    private int logged;
    private boolean asked;
    private boolean reversedReply;
    private String path = "";
    private int reversalAtOutput = Integer.MAX_VALUE;
    private int reversalAtLog = Integer.MAX_VALUE;

    Run(AtrnRequest request, byte[] bytes) {
      this.request = request;
      this.client = new SmtpClient(SmtpClientConfig.builder().ehloName("example.org").tlsPolicy(TlsPolicy.NONE)
          .plaintextAuthAllowed(true).authentication(() -> SaslClientMechanisms.plain("", "example.org", "secret"))
          .build(), time.environment(1), peer);
      this.engine = new HandoverEngine(client);
      this.in = new PeerBytes(bytes);
      this.loop = new FuzzHostLoop(engine, in, time);
    }

    Run play(Feeding feeding) {
      loop.play(feeding, this);
      return this;
    }

    @Override
    public long outputBound() {
      return (long) OUTPUT_PER_INPUT_OCTET * in.length() + OUTPUT_BASE;
    }

    @Override
    public int logged() {
      return logged;
    }

    /** Neither engine offers or asks for STARTTLS here, and the handover is never shown to the host. */
    @Override
    public void streamChange(boolean handshakeSucceeds) {
      throw new AssertionError("a stream change other than the handover");
    }

    @Override
    public void takeEvents() {
      if (engine.current() instanceof SmtpServer server) {
        assertThat(reversedReply).as("a successor only after a 250 to ATRN").isTrue();
        assertThat(client.nextEvent()).as("no client event after the reversal").isNull();
        for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
          if (!(e instanceof SmtpServerEvent.DataChunk)) {
            note("server " + e.getClass().getSimpleName());
          }
        }
        if (server.pendingDecision().isPresent() && !server.isClosed()) {
          server.accept();
        }
        return;
      }
      for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
        note("client " + e);
        if (e instanceof SmtpClientEvent.AtrnResult r) {
          reversedReply = r.reversed();
          if (r.reversed()) {
            reversalAtOutput = Math.min(reversalAtOutput, loop.outputSize());
            reversalAtLog = Math.min(reversalAtLog, logged);
            path = "reversed, clean=" + in.startTls();
          }
        } else if (e instanceof SmtpClientEvent.Failed) {
          path += " failed";
        } else if (e instanceof SmtpClientEvent.Ready && !asked && !client.isClosed()) {
          asked = true;
          try {
            client.atrn(request, () -> new SmtpServer(SmtpServerConfig.builder().hostname("example.org")
                .extensions(SmtpExtension.PIPELINING, SmtpExtension.CHUNKING).synchronizationCheck(false).build(),
                time.environment(2), peer));
          } catch (IllegalStateException notOffered) {
            note("ATRN not offered");
            client.quit();
          }
        } else if (e instanceof SmtpClientEvent.Ready && !client.isClosed()) {
          client.quit();
        }
      }
    }

    private void note(Object entry) {
      log.add(entry);
      logged++;
    }
  }
}
