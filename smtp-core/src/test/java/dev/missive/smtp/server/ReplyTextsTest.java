package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.Outcome;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 5, "texts configurable, codes not": the engine's own replies worded by {@link ReplyTexts} (RFC 5321 §4.2). */
class ReplyTextsTest {

  /** RFC 2034 §6's server, with the RFC's own texts for EHLO, 354 and 221. */
  private static SmtpServerConfig rfc2034() {
    ReplyTexts texts = ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "{host} says hello")
        .with(ReplyText.START_MAIL_INPUT, "Send message, ending in CRLF.CRLF.")
        .with(ReplyText.CLOSING, "Goodbye");
    return SmtpServerConfig.builder().hostname("dbc.mtview.ca.us").greeting("SMTP service ready")
        .extensions(SmtpExtension.ENHANCED_STATUS_CODES).texts(texts).build();
  }

  @Test
  void rfc2034Section6PlayedWithTheRfcsTexts() {
    Outcome o = ServerFixtures.playEveryWay("rfc2034-example.txt", rfc2034(), () -> {
      ScriptedHost h = new ScriptedHost()
          .rejectRecipient("<mrose@dbc.mtview.ca.us>",
              Reply.of(250, "2.1.5", "Recipient <mrose@dbc.mtview.ca.us> ok"))
          .rejectRecipient("<nosuchuser@dbc.mtview.ca.us>",
              Reply.of(550, "5.1.1", "Mailbox \"nosuchuser\" does not exist"))
          .rejectRecipient("<remoteuser@isi.edu>", Reply.of(551, "5.7.1", "Forwarding to remote hosts disabled",
              "Select another host to act as your forwarder"));
      h.mailReply = m -> Reply.of(250, "2.1.0", "Originator " + m.reversePath().toWireForm() + " ok");
      h.dataEndReply = Reply.of(250, "2.6.0", "Message accepted");
      return h;
    });
    assertThat(o.events()).contains("MESSAGE Subject: enhanced status codes\\r\\n");
  }

  @Test
  void defaultIsTheEngineWordingAndEveryTextHasItsDefault() {
    assertThat(SmtpServerConfig.defaults("mx.example.org").texts()).isEqualTo(ReplyTexts.DEFAULT);
    for (ReplyText t : ReplyText.values()) {
      assertThat(ReplyTexts.DEFAULT.text(t)).isEqualTo(t.defaultText());
    }
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.defaults("mx.example.org"));
    assertThat(d.exchange("EHLO c.example\r\n")).startsWith("250-mx.example.org greets c.example\r\n");
    assertThat(d.exchange("QUIT\r\n")).isEqualTo("221 2.0.0 mx.example.org Service closing transmission channel\r\n");
  }

  @Test
  void errorTextsChangeButCodesAndEnhancedCodesDoNot() {
    ReplyTexts texts = ReplyTexts.DEFAULT.with(ReplyText.COMMAND_UNRECOGNIZED, "Say again?")
        .with(ReplyText.BAD_SEQUENCE, "Not now")
        .with(ReplyText.COMMAND_NOT_IMPLEMENTED, "Not here")
        .with(ReplyText.NO_VALID_RECIPIENTS, "Nobody to send to")
        .with(ReplyText.MECHANISM_UNRECOGNIZED, "Which mechanism?")
        .with(ReplyText.READY_TO_START_TLS, "Go ahead")
        .with(ReplyText.TOO_MANY_ERRORS, "{host} closing: too many errors");
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(true)
        .authMechanisms(AuthTest.mechanisms()).plaintextAuthAllowed(true).texts(texts)
        .limits(SmtpLimits.builder().maxErrors(6).build()).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("FROB\r\n")).isEqualTo("500 5.5.2 Say again?\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).isEqualTo("503 5.5.1 Not now\r\n");
    assertThat(d.exchange("TURN\r\n")).isEqualTo("502 5.5.1 Not here\r\n");
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("AUTH KERBEROS_V4\r\n")).isEqualTo("504 5.5.4 Which mechanism?\r\n");
    d.exchange("MAIL FROM:<a@example.org>\r\n");
    assertThat(d.exchange("DATA\r\n")).isEqualTo("554 5.5.1 Nobody to send to\r\n");
    assertThat(d.exchange("FROB\r\n")).isEqualTo("500 5.5.2 Say again?\r\n"
        + "421 4.7.0 mx.example.org closing: too many errors\r\n");
    ServerFixtures.Driver tls = ServerFixtures.Driver.greeted(config);
    tls.exchange("EHLO c.example\r\n");
    assertThat(tls.exchange("STARTTLS\r\n")).isEqualTo("220 2.0.0 Go ahead\r\n");
  }

  @Test
  void tlsRequiredAuthRequiredShutdownAndCannotVerifyTexts() {
    ReplyTexts texts = ReplyTexts.DEFAULT.with(ReplyText.STARTTLS_FIRST, "TLS first, please")
        .with(ReplyText.AUTHENTICATION_REQUIRED, "Log in first")
        .with(ReplyText.SHUTDOWN, "{host} going down")
        .with(ReplyText.CANNOT_VERIFY, "Try sending");
    SmtpServerConfig tlsRequired = SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(true)
        .tlsRequired(true).texts(texts).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(tlsRequired);
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\n")).isEqualTo("530 5.7.0 TLS first, please\r\n");
    d.smtp.shutdown();
    assertThat(d.drain()).isEqualTo("421 4.3.2 mx.example.org going down\r\n");

    SmtpServerConfig authRequired = SmtpServerConfig.builder().hostname("mx.example.org").authRequired(true)
        .texts(texts).build();
    ServerFixtures.Driver a = ServerFixtures.Driver.greeted(authRequired);
    a.exchange("EHLO c.example\r\n");
    assertThat(a.exchange("VRFY Crispin\r\n")).isEqualTo("252 2.5.0 Try sending\r\n");
    assertThat(a.exchange("MAIL FROM:<a@example.org>\r\n")).isEqualTo("530 5.7.0 Log in first\r\n");
  }

  @Test
  void syntaxErrorTextsKeep501AndTheirEnhancedCode() {
    ReplyTexts texts = ReplyTexts.DEFAULT.with(ReplyText.INVALID_DOMAIN, "Who?")
        .with(ReplyText.RSET_SYNTAX, "RSET takes nothing")
        .with(ReplyText.QUIT_SYNTAX, "QUIT takes nothing")
        .with(ReplyText.STARTTLS_SYNTAX, "STARTTLS takes nothing")
        .with(ReplyText.AUTH_SYNTAX, "AUTH needs a mechanism")
        .with(ReplyText.DATA_SYNTAX, "DATA takes nothing")
        .with(ReplyText.BDAT_SYNTAX, "BDAT needs a size")
        .with(ReplyText.BINARYMIME_NEEDS_BDAT, "Binary needs BDAT");
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.org").tlsAvailable(true)
        .authMechanisms(AuthTest.mechanisms()).plaintextAuthAllowed(true).texts(texts).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("EHLO bad!name\r\n")).isEqualTo("501 Who?\r\n"); // no enhanced code on EHLO replies
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("RSET now\r\n")).isEqualTo("501 5.5.4 RSET takes nothing\r\n");
    assertThat(d.exchange("STARTTLS now\r\n")).isEqualTo("501 5.5.4 STARTTLS takes nothing\r\n");
    assertThat(d.exchange("AUTH\r\n")).isEqualTo("501 5.5.4 AUTH needs a mechanism\r\n");
    d.exchange("MAIL FROM:<a@example.org> BODY=BINARYMIME\r\n");
    d.exchange("RCPT TO:<b@example.org>\r\n");
    assertThat(d.exchange("DATA now\r\n")).isEqualTo("501 5.5.4 DATA takes nothing\r\n");
    assertThat(d.exchange("DATA\r\n")).isEqualTo("503 5.5.1 Binary needs BDAT\r\n");
    assertThat(d.exchange("BDAT many\r\n")).isEqualTo("501 5.5.4 BDAT needs a size\r\n");
    assertThat(d.exchange("QUIT now\r\n")).isEqualTo("501 5.5.4 QUIT takes nothing\r\n");
  }

  @Test
  void withoutEnhancedCodesOnlyTheTextIsSent() {
    SmtpServerConfig config = ServerFixtures.appendixD(SmtpExtension.SIZE)
        .texts(ReplyTexts.DEFAULT.with(ReplyText.CLOSING, "{host} bye")).build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    assertThat(d.exchange("QUIT\r\n")).isEqualTo("221 foo.com bye\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\rb", "a\nb", "a\u0000b", "tab\there", "del\u007f", "caf\u00e9", "{client} bye", " lead", "trail "})
  void textsOnTheWireAreRefused(String text) {
    assertThatThrownBy(() -> ReplyTexts.DEFAULT.with(ReplyText.CLOSING, text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lengthIsBoundedSoEveryLineFits512Octets() {
    String longest = "x".repeat(Reply.MAX_LINE_TEXT);
    assertThat(ReplyTexts.DEFAULT.with(ReplyText.BAD_SEQUENCE, longest).text(ReplyText.BAD_SEQUENCE))
        .isEqualTo(longest);
    assertThatThrownBy(() -> ReplyTexts.DEFAULT.with(ReplyText.BAD_SEQUENCE, longest + "x"))
        .isInstanceOf(IllegalArgumentException.class);
    // with the host name put in, the line would pass 512 octets: the configuration refuses it
    ReplyTexts hostHeavy = ReplyTexts.DEFAULT.with(ReplyText.CLOSING, "{host} " + "x".repeat(400));
    assertThatThrownBy(() -> SmtpServerConfig.builder().hostname("a".repeat(90) + ".example").texts(hostHeavy)
        .build()).isInstanceOf(IllegalArgumentException.class);
    // the EHLO line counts a client name of 255 octets (RFC 5321 §4.5.3.1.2)
    ReplyTexts ehloHeavy = ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "{host} greets {client} " + "x".repeat(220));
    assertThatThrownBy(() -> SmtpServerConfig.builder().hostname("mx.example.org").texts(ehloHeavy).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ehloGreetingMustStartWithTheServerName() {
    assertThatThrownBy(() -> ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "hello {client}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "{host}").expand(ReplyText.EHLO_GREETING,
        "mx.example.org", "c.example")).isEqualTo("mx.example.org");
  }

  @Test
  void aLongClientNameStillMakesALegalEhloLine() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.org").build();
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(config);
    String client = ("a".repeat(62) + ".").repeat(4) + "com";
    assertThat(d.exchange("EHLO " + client + "\r\n")).startsWith("250-mx.example.org greets " + client + "\r\n");
  }

  @Property(tries = 200)
  void anyPrintableTextIsSentAsGivenWithTheFixedCode(
      @ForAll @StringLength(min = 1, max = 120) @CharRange(from = ' ', to = '~') String text) {
    Assume.that(!text.startsWith(" ") && !text.endsWith(" "));
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(SmtpServerConfig.builder().hostname("mx.example.org")
        .texts(ReplyTexts.DEFAULT.with(ReplyText.COMMAND_UNRECOGNIZED, text.replace("{client}", "client")))
        .build());
    String expected = text.replace("{client}", "client").replace("{host}", "mx.example.org");
    assertThat(d.exchange("FROB\r\n")).isEqualTo("500 5.5.2 " + expected + "\r\n");
  }
}
