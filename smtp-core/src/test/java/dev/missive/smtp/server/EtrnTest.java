package dev.missive.smtp.server;

import static dev.missive.smtp.server.ServerFixtures.playEveryWay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.EtrnRequest;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Outcome;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ETRN on the server (RFC 1985): parsed, handed to the host as a typed event, answered with the RFC's replies. */
class EtrnTest {

  private static SmtpServerConfig etrn(SmtpExtension... more) {
    List<SmtpExtension> extensions = new ArrayList<>(List.of(more));
    extensions.add(SmtpExtension.ETRN);
    return SmtpServerConfig.builder().hostname("relay.example.net")
        .extensions(extensions.toArray(SmtpExtension[]::new)).build();
  }

  /** The server of RFC 1985 §7's example: its greeting, its EHLO lines and 221 "Goodbye" to QUIT. */
  private static SmtpServerConfig sigurd() {
    return SmtpServerConfig.builder().hostname("sigurd.innosoft.com")
        .greeting("-- Server SMTP (PMDF V4.2-6 #1992)").enhancedStatusCodes(false)
        .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "{host}").with(ReplyText.CLOSING, "Goodbye"))
        .extensions(SmtpExtension.EXPN, SmtpExtension.HELP, SmtpExtension.ETRN).build();
  }

  /**
   * RFC 1985 §7's example up to its "OR", every line the RFC's own but one: the RFC answers QUIT with "250 Goodbye",
   * this server with 221 as RFC 5321 §4.1.1.10 requires (the text "Goodbye" kept).
   */
  @Test
  void rfc1985ExampleSession() {
    Outcome o = playEveryWay("rfc1985-example.txt", sigurd(),
        () -> new ScriptedHost().etrn("uu.net", SmtpServerEvent.Etrn::unableToQueue));
    assertThat(o.events()).contains("Etrn[request=uu.net]", "Etrn[request=sigurd.innosoft.com]",
        "Etrn[request=innosoft.com]").noneMatch(e -> e.contains("localname"));
  }

  /** RFC 1985 §7's alternative after its "OR" (251, 252, 253 with a count, 459), with the same one difference. */
  @Test
  void rfc1985ExampleSessionsAlternative() {
    Outcome o = playEveryWay("rfc1985-example-or.txt", sigurd(), () -> new ScriptedHost()
        .etrn("sigurd.innosoft.com", SmtpServerEvent.Etrn::noMessagesWaiting)
        .etrn("innosoft.com", SmtpServerEvent.Etrn::pendingStarted)
        .etrn("mysoft.com", e -> e.pendingStarted(14))
        .etrn("foo.bar", e -> e.notAllowed("Unable to resolve name.")));
    assertThat(o.events()).contains("Etrn[request=mysoft.com]", "Etrn[request=foo.bar]");
  }

  /** RFC 1985 §5.3's options and §5.1's replies with enhanced status codes, in a session of the project's own. */
  @Test
  void optionsAndTheOtherReplies() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("relay.example.net").greeting("ESMTP")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.ETRN).build();
    Outcome o = playEveryWay("rfc1985-options.txt", config, () -> new ScriptedHost()
        .etrn("@example.org", e -> e.pendingStarted(3))
        .etrn("#dialup", SmtpServerEvent.Etrn::noMessagesWaiting)
        .etrn("mail.example.org", SmtpServerEvent.Etrn::pendingStarted)
        .etrn("other.example.com", e -> e.notAllowed("not a customer of this relay")));
    assertThat(o.events()).contains("Etrn[request=@example.org]", "Etrn[request=#dialup]");
  }

  @Test
  void theEventIsTyped() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(etrn());
    d.exchange("EHLO c.example.org\r\n");
    d.send("ETRN @example.org\r\n");
    SmtpServerEvent e = d.smtp.nextEvent();
    assertThat(e).isEqualTo(new SmtpServerEvent.Etrn(EtrnRequest.subdomains("example.org")));
    assertThat(((SmtpServerEvent.Etrn) e).request().scope()).isEqualTo(EtrnRequest.Scope.SUBDOMAINS);
    d.smtp.accept();
    assertThat(d.drain()).isEqualTo("250 2.0.0 OK, queuing for node @example.org started\r\n");
  }

  @Test
  void notConfiguredIsNotAdvertisedAndNotImplemented() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("relay.example.net"));
    assertThat(d.exchange("EHLO c.example.org\r\n")).doesNotContain("ETRN");
    assertThat(d.exchange("HELP\r\n")).doesNotContain("ETRN");
    assertThat(d.exchange("ETRN example.org\r\n")).isEqualTo("502 5.5.1 Command not implemented\r\n");
    assertThat(d.eventNames()).doesNotContain("Etrn");
  }

  @Test
  void configuredIsAdvertisedAndInHelp() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(etrn(SmtpExtension.HELP));
    assertThat(d.exchange("EHLO c.example.org\r\n")).contains("250-ETRN\r\n");
    assertThat(d.exchange("HELP\r\n")).contains(" ETRN");
  }

  @Test
  void onlyAfterTheGreetingAndOutsideATransaction() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(etrn());
    assertThat(d.exchange("ETRN example.org\r\n")).startsWith("503 5.5.1 ");
    d.exchange("EHLO c.example.org\r\n");
    d.exchange("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\n");
    assertThat(d.exchange("ETRN example.org\r\n")).startsWith("503 5.5.1 ");
    assertThat(d.eventNames()).doesNotContain("Etrn");
  }

  @Test
  void underRequiredTlsItWaitsForTls() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("relay.example.net").tlsAvailable(true)
        .tlsRequired(true).extensions(SmtpExtension.STARTTLS, SmtpExtension.ETRN).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    d.exchange("EHLO c.example.org\r\n");
    assertThat(d.exchange("ETRN example.org\r\n")).startsWith("530 5.7.0 ");
  }

  @Test
  void badArgumentsAreSyntaxErrors() {
    ServerFixtures.Driver first = ServerFixtures.Driver.greeted(etrn());
    first.exchange("EHLO c.example.org\r\n");
    assertThat(first.exchange("ETRN\r\n")).isEqualTo("500 5.5.2 Syntax Error\r\n");
    for (String bad : List.of("localname", "@", "#", "a..b", "-a.b", "a.b-", "@@a.b", "two words.example",
        "x".repeat(64) + ".example", "a_b.example", "#q\u00e9")) {
      ServerFixtures.Driver d = ServerFixtures.Driver.greeted(etrn());
      d.exchange("EHLO c.example.org\r\n");
      assertThat(d.exchange("ETRN " + bad + "\r\n")).as(bad).isEqualTo("501 5.5.4 Syntax Error in Parameters\r\n");
      assertThat(d.eventNames()).doesNotContain("Etrn");
    }
  }

  @Test
  void onlyTheRfcsRepliesAnswerIt() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(etrn());
    d.exchange("EHLO c.example.org\r\n");
    d.send("ETRN example.org\r\n");
    assertThat(d.smtp.nextEvent()).isInstanceOf(SmtpServerEvent.Etrn.class);
    d.smtp.accept(Reply.of(250, "2.0.0", "OK"));
    assertThat(d.drain()).isEqualTo("250 2.0.0 OK\r\n");
    d.send("ETRN example.org\r\n");
    d.smtp.nextEvent();
    assertThatThrownBy(() -> d.smtp.accept(Reply.of(254, "2.0.0", "OK"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.smtp.reject(Reply.of(550, "5.0.0", "no"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ((SmtpServerEvent.Etrn) d.smtp.pendingDecision().get()).notAllowed("two\r\nlines"))
        .isInstanceOf(IllegalArgumentException.class);
    d.smtp.reject(Reply.of(459, "4.7.0", "Node example.org not allowed: policy"));
    assertThat(d.drain()).isEqualTo("459 4.7.0 Node example.org not allowed: policy\r\n");
  }

  @Test
  void aHandlerDecidesAndItsFailureIs458() {
    List<EtrnRequest> seen = new ArrayList<>();
    SmtpHandler counting = new SmtpHandler() {
      @Override
      public SmtpDecision etrn(SmtpServerEvent.Etrn etrn) throws IOException {
        seen.add(etrn.request());
        if (etrn.request().name().startsWith("broken")) {
          throw new IOException("spool unavailable");
        }
        return etrn.pendingStarted(2);
      }

      @Override
      public MessageSink data(Envelope envelope, ReceivedField trace) {
        throw new UnsupportedOperationException();
      }
    };
    SmtpHandlerServer engine = handlerServer(counting);
    exchange(engine, "EHLO c.example.org\r\n");
    assertThat(exchange(engine, "ETRN example.org\r\nETRN broken.example.org\r\n")).isEqualTo(
        "253 2.0.0 OK, 2 pending messages for node example.org started\r\n"
        + "458 4.3.0 Unable to queue messages for node broken.example.org\r\n");
    assertThat(seen).containsExactly(EtrnRequest.node("example.org"), EtrnRequest.node("broken.example.org"));
  }

  @Test
  void aHandlerThatDoesNotOverrideItAnswers458() {
    SmtpHandlerServer engine = handlerServer((envelope, trace) -> {
      throw new UnsupportedOperationException();
    });
    exchange(engine, "EHLO c.example.org\r\n");
    assertThat(exchange(engine, "ETRN #q1\r\n")).isEqualTo("458 4.3.0 Unable to queue messages for node #q1\r\n");
  }

  private static SmtpHandlerServer handlerServer(SmtpHandler handler) {
    SmtpHandlerServer engine = new SmtpHandlerServer(etrn(SmtpExtension.PIPELINING),
        new ManualTime().environment(), new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT),
        session -> handler);
    exchange(engine, "");
    return engine;
  }

  private static String exchange(SmtpHandlerServer engine, String text) {
    engine.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer out = ByteBuffer.allocate(8192);
    while (engine.hasOutput()) {
      engine.drainOutput(out);
    }
    return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
  }
}
