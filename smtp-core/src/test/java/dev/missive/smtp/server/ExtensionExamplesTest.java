package dev.missive.smtp.server;

import static dev.missive.smtp.server.ServerFixtures.playEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.header.DateTimes;
import dev.missive.message.tree.Message;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The example sessions of RFC 2852 §6 (DELIVERBY), RFC 6710 §8 (MT-PRIORITY), RFC 7293 §12 (RRVS) and RFC 9422 §5
 * (LIMITS), the server's side, each fed whole, byte by byte and at random splits. Each transcript's header says
 * which lines are the RFC's and where this server's differ, and why.
 */
class ExtensionExamplesTest {

  /** A configuration whose EHLO reply starts with the bare host name, as the RFCs' examples do. */
  private static SmtpServerConfig.Builder server(String host, String greeting, SmtpExtension... extensions) {
    return SmtpServerConfig.builder().hostname(host).greeting(greeting).extensions(extensions)
        .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, ReplyTexts.HOST));
  }

  /**
   * A host answering MAIL with {@code sender} and RCPT with {@code recipient} after the path, as the RFCs' examples
   * do (with 2.1.0 and 2.1.5 when enhanced status codes are on); {@code recipient} {@code null} for the standard.
   */
  private static ScriptedHost naming(String sender, String recipient) {
    ScriptedHost h = new ScriptedHost();
    h.mailReply = m -> Reply.of(250, "2.1.0", m.reversePath().toWireForm() + " " + sender);
    h.rcptReply = r -> recipient == null ? null : Reply.of(250, "2.1.5", r.forwardPath().toWireForm() + " " + recipient);
    return h;
  }

  @Test
  void rfc2852FirstDialogAsksForDeliveryWithinTwoMinutes() {
    SmtpServerConfig config = server("acme.net", "SMTP server here", SmtpExtension.DELIVERBY)
        .enhancedStatusCodes(false).build();
    Outcome o = playEveryWay("rfc2852-example.txt", config, () -> naming("sender ok", null)
        .rejectRecipient("<topbanana@other.com>", Reply.of(250, "2.1.5", "<topbanana@wherever.com> recipient ok")));
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom")
        && e.contains("deliverBy=Optional[DeliverBy[byTime=120, mode=RETURN, trace=false]]"));
  }

  /** RFC 2852 §2 (3): the min-by-time announced; the relaying client, with less time left, quits. */
  @Test
  void rfc2852SecondDialogAnnouncesTheMinimum() {
    SmtpServerConfig config = server("mail.other.com", "ESMTP server at your service", SmtpExtension.DELIVERBY)
        .enhancedStatusCodes(false).limits(SmtpLimits.builder().minDeliverBy(Duration.ofSeconds(240)).build())
        .build();
    Outcome o = playEveryWay("rfc2852-minimum.txt", config, ScriptedHost::new);
    assertThat(o.events()).noneMatch(e -> e.startsWith("MailFrom"));
  }

  @Test
  void rfc2852ThirdDialogTakesTheTimeLeft() {
    SmtpServerConfig config = server("mail.other.com", "ESMTP server at your service", SmtpExtension.DELIVERBY)
        .enhancedStatusCodes(false).limits(SmtpLimits.builder().minDeliverBy(Duration.ofSeconds(30)).build())
        .build();
    Outcome o = playEveryWay("rfc2852-relayed.txt", config, () -> naming("Sender okay", null)
        .rejectRecipient("<topbanana@other.com>", Reply.of(250, "2.1.5", "<topbanana@wherever.com> Recipient okay")));
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom")
        && e.contains("deliverBy=Optional[DeliverBy[byTime=98, mode=RETURN, trace=false]]"));
  }

  /** The submission server of RFC 6710 §8: STARTTLS, AUTH (PLAIN here), DSN, DELIVERBY, MT-PRIORITY. */
  private static SmtpServerConfig.Builder submission() {
    return server("example.com", "SMTP server here", SmtpExtension.STARTTLS, SmtpExtension.AUTH, SmtpExtension.DSN,
        SmtpExtension.DELIVERBY, SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.MT_PRIORITY)
        .tlsAvailable(true).plaintextAuthAllowed(true).authMechanisms(SaslServerMechanisms.builder()
            .plain((user, password) -> user.equals("test") && new String(password).equals("1234")).build())
        .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, ReplyTexts.HOST)
            .with(ReplyText.START_MAIL_INPUT, "okay, send message").with(ReplyText.CLOSING, "goodbye"));
  }

  /** A host answering with RFC 6710 §8's texts; {@code dataEnd} answers the end of the data. */
  private static ScriptedHost rfc6710Host(Reply dataEnd) {
    ScriptedHost h = naming("sender ok", "recipient ok");
    h.dataEndReply = dataEnd;
    return h;
  }

  @Test
  void rfc6710FirstExampleAcceptsTheAuthenticatedClientsPriority() {
    SmtpServerConfig config = submission().priorityPolicy(MtPriority.Policy.MIXER).build();
    Outcome o = playEveryWay("rfc6710-submission.txt", config,
        () -> rfc6710Host(Reply.of(250, "2.1.0", "message accepted")));
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom") && e.contains("priority=Optional[MtPriority[value=3]]")
        && e.contains("envelopeId=Optional[QQ314159]") && e.contains("authentication=Optional["));
    assertThat(o.events()).anyMatch(e -> e.startsWith("RcptTo") && e.contains("Dana@Ivory.example.net")
        && e.contains("SUCCESS") && e.contains("FAILURE"));
    assertThat(o.events()).contains("MESSAGE  (message goes here)\\r\\n");
  }

  /**
   * The MSA's policy gives the message priority 3 (RFC 6710 §4.1 item 5); the host, which answers MAIL with its own
   * text, says so at the end of the data with the reply {@link dev.missive.smtp.MtPriority#changedReply()} gives.
   */
  @Test
  void rfc6710SecondExampleAnswersTheAssignedPriorityAtTheEndOfData() {
    SmtpServerConfig config = submission().priorityTrust((requested, session) -> requested.orElse(THREE)).build();
    Outcome o = playEveryWay("rfc6710-assigned.txt", config, () -> rfc6710Host(THREE.changedReply()));
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom") && e.contains("priority=Optional[MtPriority[value=3]]")
        && e.endsWith("requestedPriority=Optional.empty]"));
  }

  private static final MtPriority THREE = new MtPriority(3);

  /** §4.1: the relay is trusted by agreement (here: its address), so its priority 3 stands without AUTH. */
  @Test
  void rfc6710ThirdExampleTakesThePriorityFromATrustedRelay() {
    SmtpServerConfig config = server("example.net", "SMTP server here", SmtpExtension.DSN, SmtpExtension.DELIVERBY,
        SmtpExtension.MT_PRIORITY).enhancedStatusCodes(false)
        .priorityPolicy(MtPriority.Policy.STANAG4406)
        .priorityTrust(PriorityTrust.above(0, relay -> relay.peer().remoteAddress().equals("[192.0.2.1]")))
        .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, ReplyTexts.HOST)
            .with(ReplyText.START_MAIL_INPUT, "okay, send message").with(ReplyText.CLOSING, "goodbye")).build();
    Outcome o = playEveryWay("rfc6710-relay.txt", config, () -> rfc6710Host(Reply.of(250, "message accepted")));
    assertThat(o.events()).anyMatch(e -> e.startsWith("MailFrom") && e.contains("priority=Optional[MtPriority[value=3]]")
        && e.contains("deliverBy=Optional[DeliverBy[byTime=120, mode=RETURN, trace=false]]"));
  }

  /** RFC 7293 §12.1: the host finds the mailbox has changed owner since the time given and refuses it. */
  private static ScriptedHost ownerChanged() {
    ScriptedHost h = new ScriptedHost();
    h.rcptReply = r -> r.parameters().validSince().isPresent()
        ? Reply.of(550, "5.7.17", r.forwardPath().mailbox().orElseThrow() + " is no longer valid") : null;
    return h;
  }

  @Test
  void rfc7293ExampleRefusesAMailboxWithANewOwner() {
    SmtpServerConfig config = server("server.example.com", "ESMTP ready", SmtpExtension.RRVS)
        .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, ReplyTexts.HOST).with(ReplyText.CLOSING, "So long!"))
        .build();
    Outcome o = playEveryWay("rfc7293-example.txt", config.toBuilder().enhancedStatusCodes(false).build(),
        ExtensionExamplesTest::ownerChanged);
    assertThat(o.events()).anyMatch(e -> e.startsWith("RcptTo") && e.contains("validSince=Optional[Rrvs["
        + "since=2014-04-03T23:01Z, action=Optional.empty]]"));
    playEveryWay("rfc7293-enhanced.txt", config, ExtensionExamplesTest::ownerChanged);
  }

  /**
   * RFC 7293 §12.2: the host reads the Require-Recipient-Valid-Since field (§3.2: {@code addr-spec ";" date-time})
   * and refuses the message, the mailbox having changed owner on 15 June 2013, after the time the field gives (§5.2).
   */
  @Test
  void rfc7293HeaderFieldExampleRefusesAfterTheData() {
    SmtpServerConfig config = server("server.example.com", "ESMTP ready", SmtpExtension.RRVS)
        .texts(ReplyTexts.DEFAULT.with(ReplyText.START_MAIL_INPUT, "Ready for message content")
            .with(ReplyText.CLOSING, "So long!")).enhancedStatusCodes(false).build();
    Instant ownedSince = Instant.parse("2013-06-15T00:00:00Z");
    Outcome o = playEveryWay("rfc7293-header.txt", config, () -> {
      ScriptedHost h = new ScriptedHost();
      h.contentReply = text -> {
        String field = Message.parse(text.getBytes(StandardCharsets.UTF_8)).header()
            .get("Require-Recipient-Valid-Since").orElseThrow().unfoldedValue();
        String mailbox = field.substring(0, field.indexOf(';')).trim();
        Instant since = DateTimes.parse(field.substring(field.indexOf(';') + 1).trim(), new ArrayList<>())
            .orElseThrow().toInstant();
        return ownedSince.isAfter(since) ? Reply.of(550, "5.7.17", mailbox + " is no longer valid") : null;
      };
      return h;
    });
    assertThat(o.events()).anyMatch(e -> e.startsWith("MESSAGE From: Mister Sender"));
  }

  /** RFC 9422 §5: the limits announced with the RFC's other extensions, then enforced as announced. */
  @Test
  void rfc9422ExampleAnnouncesTheLimitsItEnforces() {
    SmtpServerConfig config = server("mail.example.com", "ESMTP service ready", SmtpExtension.SMTPUTF8,
        SmtpExtension.LIMITS, SmtpExtension.SIZE, SmtpExtension.EIGHT_BIT_MIME, SmtpExtension.ENHANCED_STATUS_CODES,
        SmtpExtension.PIPELINING, SmtpExtension.CHUNKING, SmtpExtension.STARTTLS).tlsAvailable(true)
        .limits(SmtpLimits.builder().maxRecipients(20).maxTransactions(5).maxMessageSize(100_000_000).build())
        .build();
    Outcome o = playEveryWay("rfc9422-example.txt", config, ScriptedHost::new);
    assertThat(o.events().stream().filter(e -> e.startsWith("RcptTo"))).hasSize(20);
    assertThat(o.events().stream().filter(e -> e.startsWith("MailFrom"))).hasSize(5);
  }
}
