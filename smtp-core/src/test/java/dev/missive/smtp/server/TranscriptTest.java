package dev.missive.smtp.server;

import static dev.missive.smtp.server.ServerFixtures.appendixD;
import static dev.missive.smtp.server.ServerFixtures.playEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.Outcome;
import org.junit.jupiter.api.Test;

/** RFC 5321 Appendix D and the sessions of issue 5, each fed whole, byte by byte and at random splits. */
class TranscriptTest {

  private static final SmtpExtension[] D = {SmtpExtension.EIGHT_BIT_MIME, SmtpExtension.SIZE, SmtpExtension.DSN,
      SmtpExtension.HELP};

  private static ScriptedHost rejectingGreen() {
    return new ScriptedHost().rejectRecipient("<Green@foo.com>", Reply.of(550, "5.1.1", "No such user here"));
  }

  @Test
  void appendixD1TypicalTransaction() {
    Outcome o = playEveryWay("rfc5321-d1.txt", appendixD(D).build(), TranscriptTest::rejectingGreen);
    // the RFC shows the line as the client sends it: its leading dot is transparency (§4.5.2), removed on receipt
    assertThat(o.events()).contains("MESSAGE Blah blah blah...\\r\\n..etc. etc. etc.\\r\\n");
    assertThat(o.events()).anyMatch(e -> e.startsWith("RcptTo") && e.contains("Brown@foo.com"));
  }

  @Test
  void appendixD2AbortedTransaction() {
    Outcome o = playEveryWay("rfc5321-d2.txt", appendixD(D).build(), TranscriptTest::rejectingGreen);
    assertThat(o.events()).contains("Reset[]").noneMatch(e -> e.startsWith("MESSAGE"));
  }

  @Test
  void appendixD3RelayedMail() {
    Outcome o = playEveryWay("rfc5321-d3.txt", appendixD(D).build(), ScriptedHost::new);
    assertThat(o.events()).anyMatch(e -> e.startsWith("MESSAGE Date: Thu, 21 May 1998")
        && e.endsWith("on Tuesday.\\r\\nJohn.\\r\\n"));
  }

  @Test
  void appendixD4VerifyingAndSending() {
    SmtpExtension[] withVrfy = {SmtpExtension.EIGHT_BIT_MIME, SmtpExtension.SIZE, SmtpExtension.DSN,
        SmtpExtension.VRFY, SmtpExtension.HELP};
    Outcome o = playEveryWay("rfc5321-d4.txt", appendixD(withVrfy).build(),
        () -> new ScriptedHost().vrfy("Crispin", Reply.of(250, "Mark Crispin <Admin.MRC@foo.com>")));
    assertThat(o.events()).contains("Vrfy[argument=Crispin]");
  }

  @Test
  void issue5FirstSession() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("smtp.commentcamarche.net")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.EIGHT_BIT_MIME).build();
    Outcome o = playEveryWay("issue5-commentcamarche.txt", config, () -> new ScriptedHost()
        .rejectRecipient("<tittom@tittom.fr>", Reply.of(550, "5.1.1", "No such user here")));
    assertThat(o.events()).contains("MESSAGE Subject: Hello\\r\\n\\r\\nHello Meandus,\\r\\nHow are you?\\r\\n\\r\\n"
        + "Best Regards\\r\\n");
  }

  @Test
  void issue5DotTransparency() {
    SmtpServerConfig config = SmtpServerConfig.defaults("mx.example.org");
    Outcome o = playEveryWay("issue5-dots.txt", config, ScriptedHost::new);
    assertThat(o.events()).contains("MESSAGE this message is a test of SMTP\\r\\n.\\r\\n.foo\\r\\n.\\r\\n");
  }

  @Test
  void rfc2033LmtpOneReplyPerRecipient() {
    SmtpServerConfig lmtp = SmtpServerConfig.builder().hostname("foo.edu").greeting("LMTP server ready").lmtp(true)
        .enhancedStatusCodes(false).extensions(SmtpExtension.PIPELINING, SmtpExtension.SIZE)
        .limits(SmtpLimits.builder().maxMessageSize(Long.MAX_VALUE).build()).build();
    Outcome o = playEveryWay("rfc2033-lmtp.txt", lmtp, () -> {
      ScriptedHost h = new ScriptedHost().rejectRecipient("<jones@foo.edu>", Reply.of(550, "5.1.1",
          "No such user here"));
      h.lmtpReplies = java.util.List.of(Reply.ok(), Reply.of(452, "4.2.2", "<green@foo.edu> is temporarily over quota"));
      return h;
    });
    assertThat(o.events()).anyMatch(e -> e.contains("acceptedRecipients=2"));
  }
}
