package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.ReversePath;
import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handler engine (RFC 5321 §3.3 through {@link SmtpHandler}): decisions from the handler, content streamed into
 * its sink, every refusal, and every failure answered {@code 451 4.3.0} (RFC 5321 §4.2.1) with nothing half-stored.
 */
class HandlerServerTest {

  static final String LOCAL_ERROR = "451 4.3.0 Local error in processing\r\n";

  /**
   * A handler that records every call, refuses what {@link #refusals} names and throws in the step {@link #failing}
   * names (an {@link IOException}, or the {@link RuntimeException} {@link #bug} when set).
   */
  static final class Recorder implements SmtpHandler {
    final List<String> calls = new ArrayList<>();
    final List<String> stored = new ArrayList<>();
    final Map<String, Reply> refusals = new HashMap<>();
    final SmtpSession session;
    String failing = "";
    RuntimeException bug;
    SmtpDecision endDecision = SmtpDecision.accept(Reply.of(250, "2.0.0", "Queued as 42"));

    Recorder(SmtpSession session) {
      this.session = session;
    }

    private SmtpDecision step(String name, String detail) throws IOException {
      calls.add(name + (detail.isEmpty() ? "" : " " + detail));
      if (name.equals(failing)) {
        if (bug != null) {
          throw bug;
        }
        throw new IOException("storage down in " + name);
      }
      Reply refusal = refusals.get(name);
      return refusal == null ? SmtpDecision.accept() : SmtpDecision.reject(refusal);
    }

    @Override
    public SmtpDecision hello(HelloKind kind, String clientName) throws IOException {
      return step("hello", kind + " " + clientName);
    }

    @Override
    public SmtpDecision mailFrom(ReversePath from, MailParameters parameters) throws IOException {
      return step("mailFrom", from.toWireForm());
    }

    @Override
    public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) throws IOException {
      return step("rcptTo", to.toWireForm() + " after " + session.envelope().orElseThrow().recipients().size());
    }

    @Override
    public SmtpDecision dataStart(Envelope envelope) throws IOException {
      return step("dataStart", envelope.recipients().size() + " recipients");
    }

    @Override
    public MessageSink data(Envelope envelope, ReceivedField trace) throws IOException {
      step("data", "");
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      return new MessageSink() {
        @Override
        public void write(ByteBuffer chunk) throws IOException {
          step("write", "");
          byte[] b = new byte[chunk.remaining()];
          chunk.get(b);
          content.writeBytes(b);
        }

        @Override
        public SmtpDecision end(ReceivedContent info) throws IOException {
          step("end", info.size() + " octets");
          stored.add(trace + content.toString(StandardCharsets.UTF_8));
          return endDecision;
        }

        @Override
        public void abort() {
          calls.add("abort");
        }
      };
    }

    @Override
    public SmtpDecision vrfy(String argument) throws IOException {
      return step("vrfy", argument);
    }

    @Override
    public SmtpDecision expn(String argument) throws IOException {
      return step("expn", argument);
    }

    @Override
    public void authenticated(Authentication who) {
      calls.add("authenticated " + who.authorizationId());
    }

    @Override
    public void reset() {
      calls.add("reset");
    }

    @Override
    public void violation(SmtpServerEvent.ProtocolViolation violation) {
      calls.add("violation " + violation.reply().code());
    }

    @Override
    public void closed() {
      calls.add("closed");
    }

    /** The calls without the writes, whose number depends on how the content was split. */
    List<String> decisions() {
      return calls.stream().filter(c -> !c.equals("write")).toList();
    }
  }

  /** A handler engine fed and drained as text. */
  static final class Driver {
    final ManualTime time = new ManualTime();
    final SmtpHandlerServer engine;
    Recorder handler;

    Driver(SmtpServerConfig config) {
      engine = new SmtpHandlerServer(config, time.environment(),
          new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT), session -> handler = new Recorder(session));
      drain();
    }

    String drain() {
      StringBuilder sb = new StringBuilder();
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (engine.hasOutput()) {
        buf.clear();
        engine.drainOutput(buf);
        buf.flip();
        sb.append(StandardCharsets.UTF_8.decode(buf));
      }
      return sb.toString();
    }

    String exchange(String text) {
      ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
      engine.receive(in);
      assertThat(in.hasRemaining()).as("input left unconsumed").isFalse();
      return drain();
    }
  }

  static SmtpServerConfig config() {
    return SmtpServerConfig.builder().hostname("mx.example.org")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.CHUNKING, SmtpExtension.ENHANCED_STATUS_CODES,
            SmtpExtension.VRFY, SmtpExtension.EXPN, SmtpExtension.STARTTLS)
        .tlsAvailable(true).build();
  }

  static Driver transaction() {
    Driver d = new Driver(config());
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n"))
        .isEqualTo("250 2.1.0 OK\r\n250 2.1.5 OK\r\n");
    return d;
  }

  @Test
  void decisionsComeFromTheHandlerAndContentIsStreamedToItsSink() {
    Driver d = new Driver(config());
    d.exchange("EHLO c.example\r\n");
    d.handler.refusals.put("rcptTo", Reply.of(550, "5.1.1", "No such user here"));
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\nRCPT TO:<nobody@example.org>\r\n"))
        .isEqualTo("250 2.1.0 OK\r\n550 5.1.1 No such user here\r\n");
    d.handler.refusals.clear();
    assertThat(d.exchange("RCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n"))
        .isEqualTo("250 2.1.5 OK\r\n250 2.1.5 OK\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n");
    assertThat(d.exchange("Subject: x\r\n\r\n..hi\r\n.\r\n")).isEqualTo("250 2.0.0 Queued as 42\r\n");
    assertThat(d.handler.stored).singleElement().asString()
        .startsWith("Received: from c.example ([192.0.2.1])\r\n\tby mx.example.org with ESMTP")
        .endsWith("\r\nSubject: x\r\n\r\n.hi\r\n");
    assertThat(d.exchange("RSET\r\nQUIT\r\n")).startsWith("250 2.0.0 OK\r\n221 ");
    assertThat(d.handler.decisions()).containsExactly("hello EHLO c.example", "mailFrom <a@example.org>",
        "rcptTo <nobody@example.org> after 0", "rcptTo <b@example.org> after 0", "rcptTo <c@example.org> after 1",
        "dataStart 2 recipients", "data", "end 19 octets", "reset", "closed");
    assertThat(d.handler.calls).contains("write");
  }

  /** Each command's refusal is the handler's reply, and the session goes on (RFC 5321 §4.2.5). */
  @Test
  void everyDecisionCanBeARefusal() {
    Driver d = new Driver(config());
    Reply no = Reply.of(554, "5.7.1", "Not here");
    d.handler.refusals.putAll(Map.of("hello", no, "mailFrom", no, "vrfy", no, "expn", no));
    // no enhanced code before EHLO succeeded (RFC 2034 §3)
    assertThat(d.exchange("EHLO c.example\r\n")).isEqualTo("554 Not here\r\n");
    assertThat(d.engine.session().clientName()).isEmpty();
    d.handler.refusals.remove("hello");
    d.exchange("EHLO c.example\r\n");
    assertThat(d.exchange("MAIL FROM:<a@example.org>\r\nVRFY x\r\nEXPN y\r\n"))
        .isEqualTo("554 5.7.1 Not here\r\n".repeat(3));
    assertThat(d.engine.session().envelope()).isEmpty();
    assertThat(d.handler.decisions()).containsExactly("hello EHLO c.example", "hello EHLO c.example",
        "mailFrom <a@example.org>", "vrfy x", "expn y");
  }

  /** RFC 5321 §4.1.1.4: a refused DATA gets no 354, the sink is never asked for, and the transaction stays. */
  @Test
  void dataCanBeRefusedBefore354() {
    Driver d = transaction();
    d.handler.refusals.put("dataStart", Reply.of(452, "4.3.1", "Insufficient system storage"));
    assertThat(d.exchange("DATA\r\n")).isEqualTo("452 4.3.1 Insufficient system storage\r\n");
    d.handler.refusals.clear();
    assertThat(d.exchange("DATA\r\n")).startsWith("354 ");
    assertThat(d.exchange("hi\r\n.\r\n")).isEqualTo("250 2.0.0 Queued as 42\r\n");
    assertThat(d.handler.decisions()).containsSubsequence("dataStart 1 recipients", "dataStart 1 recipients", "data",
        "end 4 octets").containsOnlyOnce("data");
  }

  /** RFC 3030 §2: a refused first BDAT answers that chunk and the next ones; their content reaches no sink. */
  @Test
  void theFirstBdatCanBeRefusedAndItsContentIsDiscarded() {
    Driver d = transaction();
    d.handler.refusals.put("dataStart", Reply.of(552, "5.3.4", "Message too big for system"));
    assertThat(d.exchange("BDAT 5\r\nhello")).isEqualTo("552 5.3.4 Message too big for system\r\n");
    assertThat(d.exchange("BDAT 6 LAST\r\n world")).isEqualTo("552 5.3.4 Message too big for system\r\n");
    assertThat(d.handler.calls).doesNotContain("data", "write").noneMatch(c -> c.startsWith("end"));
    assertThat(d.handler.stored).isEmpty();
    assertThat(d.exchange("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
  }

  @Test
  void theEndOfDataCanBeRefused() {
    Driver d = transaction();
    d.handler.endDecision = SmtpDecision.reject(Reply.of(554, "5.6.0", "Message refused"));
    d.exchange("DATA\r\n");
    assertThat(d.exchange("x\r\n.\r\n")).isEqualTo("554 5.6.0 Message refused\r\n");
    assertThat(d.handler.calls).doesNotContain("abort"); // end() was called: the sink knows
  }

  /** A handler's IOException in any step is 451 4.3.0, one WARN line with the session id, nothing stored. */
  @ParameterizedTest
  @ValueSource(strings = {"hello", "mailFrom", "rcptTo", "dataStart", "data", "write", "end", "vrfy", "expn"})
  void anIoExceptionInAnyStepIs451AndOneWarningWithTheSessionId(String failingStep) {
    String log = AuthTest.stderrOf(() -> {
      Driver d = new Driver(config());
      d.handler.failing = failingStep;
      String replies = d.exchange("EHLO c.example\r\n") + d.exchange("VRFY x\r\nEXPN y\r\n")
          + d.exchange("MAIL FROM:<a@example.org>\r\n") + d.exchange("RCPT TO:<b@example.org>\r\n")
          + d.exchange("DATA\r\n") + d.exchange("hi\r\n.\r\n");
      // no enhanced code before EHLO succeeded (RFC 2034 §3)
      assertThat(replies).containsOnlyOnce(failingStep.equals("hello") ? "451 Local error in processing\r\n"
          : LOCAL_ERROR);
      assertThat(d.handler.stored).hasSize(List.of("vrfy", "expn").contains(failingStep) ? 1 : 0);
      if (List.of("write", "end").contains(failingStep)) {
        assertThat(replies).endsWith("354 Start mail input; end with <CRLF>.<CRLF>\r\n" + LOCAL_ERROR);
        assertThat(d.handler.calls).containsOnlyOnce("abort").last().isEqualTo("abort");
      }
      if (failingStep.equals("write")) {
        assertThat(d.handler.calls).containsOnlyOnce("write").noneMatch(c -> c.startsWith("end"));
      }
      if (failingStep.equals("data")) {
        // no 354: the content lines are commands
        assertThat(replies).endsWith(LOCAL_ERROR + "500 5.5.2 Command unrecognized\r\n".repeat(2));
      }
      assertThat(d.exchange("NOOP\r\n")).isEqualTo("250 2.0.0 OK\r\n");
    });
    assertThat(log.lines().filter(l -> l.contains("WARN"))).singleElement().asString()
        .contains("[s1] handler failed in " + failingStep, "storage down in " + failingStep);
    assertThat(log).doesNotContain("ERROR");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rcptTo", "write", "end"})
  void aRuntimeExceptionIs451LoggedAsAnError(String failingStep) {
    String log = AuthTest.stderrOf(() -> {
      Driver d = transaction();
      d.handler.bug = new IllegalStateException("bug in the handler");
      d.handler.failing = failingStep;
      String replies = d.exchange("RCPT TO:<c@example.org>\r\nDATA\r\n") + d.exchange("hi\r\n.\r\n");
      assertThat(replies).containsOnlyOnce(LOCAL_ERROR);
      assertThat(d.handler.stored).hasSize(failingStep.equals("rcptTo") ? 1 : 0);
    });
    assertThat(log).contains("ERROR", "[s1] handler failed in " + failingStep, "bug in the handler");
  }

  /** A decision the command cannot take (per-recipient replies outside LMTP) is the handler's bug: 451, ERROR. */
  @Test
  void aDecisionThatDoesNotFitIs451() {
    String log = AuthTest.stderrOf(() -> {
      Driver d = transaction();
      d.handler.endDecision = SmtpDecision.perRecipient(List.of(Reply.ok()));
      d.exchange("DATA\r\n");
      assertThat(d.exchange("hi\r\n.\r\n")).isEqualTo(LOCAL_ERROR);
    });
    assertThat(log).contains("ERROR", "[s1] handler's decision in end does not fit");
  }

  /** RFC 2033 §4.2: one reply per accepted recipient from the sink, and a failure answers each of them. */
  @Test
  void lmtpAnswersEachRecipientAndAFailureAnswersEachWith451() {
    SmtpServerConfig lmtp = SmtpServerConfig.builder().hostname("lmtp.example.org").lmtp(true).build();
    Driver d = new Driver(lmtp);
    d.exchange("LHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<x@example.org>\r\nRCPT TO:<y@example.org>\r\n");
    d.handler.endDecision = SmtpDecision.perRecipient(List.of(Reply.ok(),
        Reply.of(452, "4.2.2", "<y@example.org> is temporarily over quota")));
    d.exchange("DATA\r\n");
    assertThat(d.exchange("hi\r\n.\r\n"))
        .isEqualTo("250 2.0.0 OK\r\n452 4.2.2 <y@example.org> is temporarily over quota\r\n");
    d.exchange("MAIL FROM:<a@example.org>\r\nRCPT TO:<x@example.org>\r\nRCPT TO:<y@example.org>\r\nDATA\r\n");
    d.handler.failing = "end";
    AuthTest.stderrOf(() -> assertThat(d.exchange("hi\r\n.\r\n")).isEqualTo(LOCAL_ERROR + LOCAL_ERROR));
  }

  /**
   * A failed AUTH's reply is held to its deadline (RFC 4954 §4; issue 12 item 13): the handler engine reports
   * {@code DELAYED} and the deadline, takes nothing meanwhile, then answers it and what was pipelined behind it.
   */
  @Test
  void aHeldAuthReplyIsDelayedThenWhatWasPipelinedIsAnswered() {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example.org").plaintextAuthAllowed(true)
        .authMechanisms(AuthTest.mechanisms()).build();
    Driver d = new Driver(config);
    d.exchange("EHLO c.example\r\n");
    ByteBuffer in = ByteBuffer.wrap("AUTH PLAIN AHRlc3QAd3Jvbmc=\r\nMAIL FROM:<a@example.org>\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    d.engine.receive(in);
    assertThat(d.drain()).isEmpty();
    assertThat(d.engine.status()).isEqualTo(ProtocolEngine.Status.DELAYED);
    long due = d.engine.nextDeadline().orElseThrow();
    d.time.advance(java.time.Duration.ofNanos(due - d.engine.environment().now()));
    d.engine.onTimeout();
    if (in.hasRemaining()) {
      d.engine.receive(in); // a host offers what the engine left in its buffer once it wants input
    }
    assertThat(d.drain()).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n250 2.1.0 OK\r\n");
    assertThat(d.handler.decisions()).containsExactly("hello EHLO c.example", "mailFrom <a@example.org>");
  }

  /** The view: peer, TLS after STARTTLS (reset by it, RFC 3207 §4.2), the greeting, the identity, the envelope. */
  @Test
  void theHandlerSeesTheSessionThroughItsView() {
    Driver d = new Driver(config());
    SmtpSession view = d.handler.session;
    assertThat(view).isSameAs(d.engine.session());
    assertThat(view.peer().sessionId()).isEqualTo("s1");
    assertThat(view.tls()).isEmpty();
    d.exchange("EHLO c.example\r\n");
    assertThat(view.clientName()).contains("c.example");
    assertThat(view.extensions()).contains(SmtpExtension.STARTTLS);
    assertThat(d.exchange("STARTTLS\r\n")).startsWith("220 ");
    assertThat(d.engine.status()).isEqualTo(ProtocolEngine.Status.STREAM_CHANGE);
    d.engine.streamChanged(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    assertThat(view.tls()).contains(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    assertThat(view.clientName()).isEmpty();
    d.exchange("EHLO c.example\r\nMAIL FROM:<a@example.org>\r\n");
    assertThat(view.envelope().map(e -> e.reversePath().toWireForm())).contains("<a@example.org>");
    assertThat(view.receivedField().toString()).contains("with ESMTPS");
  }

  /** Issue 12 item 12: the handler reads who authenticated and refuses a sender not theirs (RFC 6409 §6.1). */
  @Test
  void mailFromReadsTheAuthenticatedIdentityFromTheView() {
    SmtpServerConfig submission = SmtpServerConfig.builder().hostname("mx.example.org").plaintextAuthAllowed(true)
        .authMechanisms(AuthTest.mechanisms()).limits(AuthTest.NO_DELAY).build();
    List<Optional<Authentication>> seen = new ArrayList<>();
    SmtpHandlerServer engine = new SmtpHandlerServer(submission, new ManualTime().environment(),
        new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT), session -> new SmtpHandler() {
          @Override
          public SmtpDecision mailFrom(ReversePath from, MailParameters parameters) {
            Optional<Authentication> who = session.authentication();
            seen.add(who);
            boolean own = who.isPresent() && from.mailbox().map(m -> m.localPart().value()
                .equals(who.get().authorizationId())).orElse(true);
            return own ? SmtpDecision.accept() : SmtpDecision.reject(Reply.of(553, "5.7.1", "Sender address rejected"));
          }

          @Override
          public MessageSink data(Envelope envelope, ReceivedField trace) {
            return MessageSink.collecting((info, bytes) -> SmtpDecision.accept());
          }
        });
    exchange(engine, "");
    String out = exchange(engine, "EHLO c.example\r\nMAIL FROM:<test@example.org>\r\n"
        + "AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n"
        + "MAIL FROM:<bob@example.org>\r\nMAIL FROM:<test@example.org>\r\n");
    assertThat(out).contains("553 5.7.1 Sender address rejected\r\n235 ")
        .endsWith("553 5.7.1 Sender address rejected\r\n250 2.1.0 OK\r\n");
    Authentication test = new Authentication("PLAIN", "test", "test");
    assertThat(seen).containsExactly(Optional.empty(), Optional.of(test), Optional.of(test));
    assertThat(engine.session().authentication()).contains(test);
  }

  static String exchange(SmtpHandlerServer engine, String text) {
    engine.receive(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer out = ByteBuffer.allocate(8192);
    while (engine.hasOutput()) {
      engine.drainOutput(out);
    }
    return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
  }

  @Test
  void aMessageTheEngineRefusesIsAbortedNeverStored() {
    Driver d = transaction();
    d.exchange("DATA\r\n");
    assertThat(d.exchange("smuggle\n.\nMAIL FROM:<x@y>\r\n.\r\n")).startsWith("550 5.5.2");
    assertThat(d.handler.stored).isEmpty();
    assertThat(d.handler.calls).contains("abort").noneMatch(c -> c.startsWith("end"));
  }

  /** The end of the session, however it comes, aborts the message under way and tells the handler once. */
  @ParameterizedTest
  @ValueSource(strings = {"peer closes", "shutdown", "timeout"})
  void theSessionsEndAbortsTheMessageAndClosesTheHandlerOnce(String how) {
    Driver d = transaction();
    d.exchange("DATA\r\n");
    d.exchange("half a mess");
    switch (how) {
      case "peer closes" -> d.engine.receiveEnd();
      case "shutdown" -> d.engine.shutdown();
      default -> {
        d.time.advance(SmtpLimits.DEFAULT.dataTimeout().plusSeconds(1));
        d.engine.onTimeout();
      }
    }
    assertThat(d.engine.isClosed()).isTrue();
    if (!how.equals("peer closes")) {
      assertThat(d.drain()).startsWith("421 ");
    }
    d.engine.receiveEnd();
    assertThat(d.handler.calls).containsOnlyOnce("abort", "closed").last().isEqualTo("closed");
    assertThat(d.handler.stored).isEmpty();
  }
}
