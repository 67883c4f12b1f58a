package dev.missive.smtp.server;

import static dev.missive.smtp.server.ServerFixtures.appendixD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.Envelope;
import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.EventLog;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Outcome;
import dev.missive.testkit.Side;
import dev.missive.testkit.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The handler engine replays the RFCs' sessions with the same replies and the same handler calls however the input is
 * split (docs/architecture.md, "Chunking independence"): whole, byte by byte, at random and at every split position.
 */
class HandlerTranscriptTest {

  /** Refuses {@code <Green@foo.com>} and {@code <jones@foo.edu>} as the RFCs' examples do; logs every call. */
  static final class TranscriptHandler implements SmtpHandler {
    final List<String> calls = new ArrayList<>();
    private final SmtpSession session;
    private final List<Reply> lmtpReplies;

    TranscriptHandler(SmtpSession session, List<Reply> lmtpReplies) {
      this.session = session;
      this.lmtpReplies = lmtpReplies;
    }

    @Override
    public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
      calls.add("rcptTo " + to.toWireForm());
      String path = to.toWireForm();
      return path.equals("<Green@foo.com>") || path.equals("<jones@foo.edu>")
          ? SmtpDecision.reject(Reply.of(550, "5.1.1", "No such user here")) : SmtpDecision.accept();
    }

    @Override
    public MessageSink data(Envelope envelope, ReceivedField trace) {
      calls.add("data for " + session.envelope().orElseThrow().recipients().size());
      return MessageSink.collecting((info, bytes) -> {
        calls.add("message " + new String(bytes, StandardCharsets.US_ASCII).replace("\r\n", "|"));
        return lmtpReplies == null ? SmtpDecision.accept() : SmtpDecision.perRecipient(lmtpReplies);
      });
    }

    @Override
    public void closed() {
      calls.add("closed");
    }
  }

  private static ChunkingCheck<SmtpHandlerServer> check(Transcript transcript, SmtpServerConfig config,
      List<Reply> lmtpReplies) {
    return ChunkingCheck.of(transcript, Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      List<TranscriptHandler> made = new ArrayList<>();
      Function<SmtpSession, SmtpHandler> handlers = session -> {
        TranscriptHandler h = new TranscriptHandler(session, lmtpReplies);
        made.add(h);
        return h;
      };
      SmtpHandlerServer engine = new SmtpHandlerServer(config, time.environment(), ServerFixtures.peer(),
          handlers);
      return HostedEngine.of(engine, (SmtpHandlerServer e, EventLog log) -> {
        made.get(0).calls.forEach(log::add); // the handler ran inside receive: move its calls into the log
        made.get(0).calls.clear();
      }, time);
    });
  }

  private static final ChunkingCheck<SmtpHandlerServer> D1 = check(ServerFixtures.transcript("rfc5321-d1.txt"),
      appendixD(SmtpExtension.EIGHT_BIT_MIME, SmtpExtension.SIZE, SmtpExtension.DSN, SmtpExtension.HELP).build(),
      null);

  /** RFC 5321 Appendix D.1 through the handler: Green refused, the dot-stuffed line unstuffed in the sink. */
  @Test
  void rfc5321AppendixD1() {
    Outcome o = D1.assertIndependent(20);
    assertThat(o.events()).containsExactly("rcptTo <Jones@foo.com>", "rcptTo <Green@foo.com>", "rcptTo <Brown@foo.com>",
        "data for 2", "message Blah blah blah...|..etc. etc. etc.|", "closed");
    D1.assertEverySplitPosition();
  }

  @Property(tries = 200)
  void rfc5321AppendixD1AtAnySplit(@ForAll long seed) {
    D1.assertSameAsWhole(Feeding.random(seed));
  }

  /** RFC 2033 §4.2: the sink answers each recipient. */
  @Test
  void rfc2033LmtpPerRecipientReplies() {
    SmtpServerConfig lmtp = SmtpServerConfig.builder().hostname("foo.edu").greeting("LMTP server ready").lmtp(true)
        .enhancedStatusCodes(false).extensions(SmtpExtension.PIPELINING, SmtpExtension.SIZE)
        .limits(SmtpLimits.builder().maxMessageSize(Long.MAX_VALUE).build()).build();
    Outcome o = check(ServerFixtures.transcript("rfc2033-lmtp.txt"), lmtp,
        List.of(Reply.ok(), Reply.of(452, "4.2.2", "<green@foo.edu> is temporarily over quota"))).assertIndependent(20);
    assertThat(o.events()).contains("data for 2", "message Blah blah blah...|..etc. etc. etc.|");
  }

  /** RFC 3030 §2: BDAT chunks reach the sink exactly as sent, across chunk and read boundaries. */
  @Test
  void rfc3030ChunksReachTheSinkAsSent() {
    Transcript bdat = Transcript.parse("""
        S: 220 mx.example.org ESMTP ready
        C: EHLO c.example
        S: 250-mx.example.org greets c.example
        S: 250-CHUNKING
        S: 250 ENHANCEDSTATUSCODES
        C: MAIL FROM:<a@example.org>
        S: 250 2.1.0 OK
        C: RCPT TO:<b@example.org>
        S: 250 2.1.5 OK
        C: BDAT 9
        C: .
        C: line
        S: 250 2.0.0 9 octets received
        C: BDAT 7 LAST
        C: ..x
        C:
        S: 250 2.0.0 OK
        C: QUIT
        S: 221 2.0.0 mx.example.org Service closing transmission channel
        -- closed --
        """);
    ChunkingCheck<SmtpHandlerServer> c = check(bdat, SmtpServerConfig.builder().hostname("mx.example.org")
        .extensions(SmtpExtension.CHUNKING, SmtpExtension.ENHANCED_STATUS_CODES).build(), null);
    assertThat(c.assertIndependent(20).events()).contains("message .|line|..x||");
    c.assertEverySplitPosition();
  }
}
