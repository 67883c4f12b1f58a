package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.FuzzHostLoop;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.PeerBytes;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ETRN (RFC 1985) and ATRN (RFC 2645) on the server under fuzzing: a session of grammar-aware commands then raw
 * octets, through a {@link HandoverEngine}, with every ETRN and ATRN answered by the input's choice among the
 * RFCs' replies (ATRN's {@code reverse} hands the connection to an SMTP client engine, which then reads the rest of
 * the input as the customer's replies), fed whole and in the input's chunking.
 *
 * <p>Read in this order: which of ETRN and ATRN are configured, the host's answers, the chunking seed, the
 * commands, the rest as raw octets.
 */
class MailCollectionFuzzTest {

  static final int OUTPUT_PER_INPUT_OCTET = 64;
  static final int OUTPUT_BASE = 4096;

  private static final String[] COMMANDS = {
      "EHLO client.example", "HELO client.example", "AUTH PLAIN AGN1c3RvbWVyLmV4YW1wbGUAc2VjcmV0",
      "AUTH PLAIN AGN1c3RvbWVyLmV4YW1wbGUAd3Jvbmc=", "ETRN", "ETRN example.org", "ETRN @example.org", "ETRN #q1",
      "ETRN localname", "ETRN @", "ETRN #", "ETRN a..b", "ETRN x y", "ATRN", "ATRN customer.example",
      "ATRN a.example,b.example", "ATRN a.example,", "ATRN ,", "ATRN localname", "MAIL FROM:<a@b.example>",
      "RCPT TO:<c@d.example>", "RSET", "NOOP", "HELP", "QUIT", "220 customer.example ready", "250 OK", "",
  };
  private static final String[] ENDINGS = {"\r\n", "\r\n", "\r\n", "\n", ""};

  /**
   * Whole and chunked feeding give the same octets and events; nothing throws, the session makes progress and stays
   * within its output bound; an ETRN event comes only when ETRN is configured and carries a request the RFC's
   * grammar allows; an ATRN event only when ATRN is configured and after a successful AUTH; after ATRN's 250 the
   * server engine reports nothing more and the client engine drives the connection.
   */
  @FuzzTest(maxDuration = "30s")
  void etrnAndAtrnKeepTheirRulesInEveryChunking(FuzzedDataProvider data) {
    boolean etrn = data.consumeBoolean();
    boolean atrn = data.consumeBoolean();
    int[] answers = new int[data.consumeInt(0, 12)];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = data.consumeInt(0, 5);
    }
    long chunkSeed = data.consumeLong();
    byte[] in = peerBytes(data);
    Run whole = new Run(etrn, atrn, answers, in).play(Feeding.whole());
    Run chunked = new Run(etrn, atrn, answers, in).play(Feeding.random(chunkSeed));
    assertThat(chunked.loop.output()).isEqualTo(whole.loop.output());
    assertThat(chunked.log).isEqualTo(whole.log);
  }

  private static byte[] peerBytes(FuzzedDataProvider data) {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    int commands = data.consumeInt(0, 30);
    for (int i = 0; i < commands && data.remainingBytes() > 0; i++) {
      String c = data.pickValue(COMMANDS);
      if (data.consumeBoolean()) {
        c = c + data.consumeString(12);
      }
      input.writeBytes(c.getBytes(StandardCharsets.UTF_8));
      input.writeBytes(data.pickValue(ENDINGS).getBytes(StandardCharsets.US_ASCII));
    }
    input.writeBytes(data.consumeRemainingAsBytes());
    return input.toByteArray();
  }

  /** One session, the host answering from {@code answers}, in testkit's host loop. */
  private static final class Run implements FuzzHostLoop.Target {
    private final boolean etrn;
    private final boolean atrn;
    private final int[] answers;
    private final byte[] in;
    private final ManualTime time = new ManualTime();
    private final PeerInfo peer = new PeerInfo("[192.0.2.1]", "fuzz", ConnectionSecurity.PLAINTEXT);
    private final SmtpServer server;
    private final HandoverEngine engine;
    private final List<String> log = new ArrayList<>();
    private final FuzzHostLoop loop;
    private int nextAnswer;
    private boolean authenticated;

    Run(boolean etrn, boolean atrn, int[] answers, byte[] in) {
      this.etrn = etrn;
      this.atrn = atrn;
      this.answers = answers;
      this.in = in;
      List<SmtpExtension> extensions = new ArrayList<>(List.of(SmtpExtension.PIPELINING, SmtpExtension.AUTH));
      if (etrn) {
        extensions.add(SmtpExtension.ETRN);
      }
      if (atrn) {
        extensions.add(SmtpExtension.ATRN);
      }
      SmtpServerConfig config = SmtpServerConfig.builder().hostname("odmr.example").synchronizationCheck(false)
          .extensions(extensions.toArray(SmtpExtension[]::new)).plaintextAuthAllowed(true)
          .authMechanisms(SaslServerMechanisms.builder()
              .plain((u, p) -> u.equals("customer.example") && new String(p).equals("secret")).build()).build();
      this.server = new SmtpServer(config, time.environment(1), peer);
      this.engine = new HandoverEngine(server);
      this.loop = FuzzHostLoop.server(engine, new PeerBytes(in), time);
    }

    Run play(Feeding feeding) {
      loop.play(feeding, this);
      return this;
    }

    @Override
    public long outputBound() {
      return (long) OUTPUT_PER_INPUT_OCTET * in.length + OUTPUT_BASE;
    }

    @Override
    public int logged() {
      return log.size();
    }

    /** Neither engine offers STARTTLS, and the handover is never shown to the host. */
    @Override
    public void streamChange(boolean handshakeSucceeds) {
      throw new AssertionError("a stream change other than the handover");
    }

    @Override
    public void takeEvents() {
      handle();
    }

    private int answer() {
      return nextAnswer < answers.length ? answers[nextAnswer++] : 0;
    }

    private void handle() {
      ProtocolEngine now = engine.current();
      if (now instanceof SmtpClient client) {
        for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
          log.add("client " + e.getClass().getSimpleName());
          if (e instanceof SmtpClientEvent.Ready) {
            client.quit();
          }
        }
        return;
      }
      for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
        assertThat(server.state()).as("nothing after the reversal").isNotEqualTo(ServerState.REVERSED);
        log.add(e.toString());
        if (e instanceof SmtpServerEvent.AuthSucceeded) {
          authenticated = true;
        } else if (e instanceof SmtpServerEvent.Etrn r) {
          assertThat(etrn).as("ETRN only when configured").isTrue();
          assertThat(dev.missive.smtp.EtrnRequest.parse(r.request().argument())).isEqualTo(r.request());
          server.answer(switch (answer()) {
            case 1 -> r.noMessagesWaiting();
            case 2 -> r.pendingStarted();
            case 3 -> r.pendingStarted(7);
            case 4 -> r.unableToQueue();
            case 5 -> r.notAllowed("not here");
            default -> r.queuingStarted();
          });
        } else if (e instanceof SmtpServerEvent.Atrn a) {
          assertThat(atrn).as("ATRN only when configured").isTrue();
          assertThat(authenticated).as("ATRN only after AUTH").isTrue();
          int choice = answer();
          server.answer(choice == 1 ? a.refused() : choice == 2 ? a.tryLater() : choice == 3 ? a.noMail()
              : a.reverse(new SmtpClient(SmtpClientConfig.builder().ehloName("odmr.example")
                  .tlsPolicy(TlsPolicy.NONE).build(), time.environment(2), peer)));
        } else if (e.needsDecision()) {
          server.accept();
        }
      }
    }
  }
}
