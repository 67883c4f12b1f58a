package dev.missive.examples.relay;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.ReceivedContent;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound SMTP connection of the relay, as a handler of the SMTP handler engine: every transaction
 * (RFC 5321 §3.3) is written to the {@link RelaySpool} with a {@code Received:} field prepended (RFC 5321 §4.4, a
 * relay adds one and changes nothing else), and the {@code 250} after the data is sent only once the spool has made
 * the message durable (RFC 5321 §4.5.4: from then on the relay is responsible for it). A spool failure is the
 * engine's local error ({@code 451}), and the partial file is removed.
 *
 * <p>Any mailbox is accepted as a recipient: this is an open relay, to be bound to loopback or placed behind a
 * check of the client's address or AUTH identity. {@code Postmaster} alone names a local mailbox, which this relay
 * does not have (550 5.1.1).
 */
final class RelaySmtpHandler implements SmtpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RelaySmtpHandler.class);

  private final SmtpSession session;
  private final RelaySpool spool;

  RelaySmtpHandler(SmtpSession session, RelaySpool spool) {
    this.session = session;
    this.spool = spool;
  }

  @Override
  public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
    return to.mailbox().isPresent() ? SmtpDecision.accept()
        : SmtpDecision.reject(Reply.of(550, "5.1.1", "No local mailboxes here"));
  }

  @Override
  public MessageSink data(Envelope envelope, ReceivedField trace) throws IOException {
    String sender = envelope.reversePath().mailbox().map(Object::toString).orElse("");
    List<AddrSpec> recipients = envelope.recipients().stream()
        .map(r -> r.forwardPath().mailbox().orElseThrow()).toList();
    RelaySpool.Submission submission = spool.begin(sender, recipients);
    try {
      submission.write(ByteBuffer.wrap(trace.toBytes()));
    } catch (IOException e) {
      submission.abort();
      throw e;
    }
    return new MessageSink() {
      @Override
      public void write(ByteBuffer chunk) throws IOException {
        submission.write(chunk);
      }

      @Override
      public SmtpDecision end(ReceivedContent info) throws IOException {
        submission.commit(); // durable now
        LOG.info("[{}] queued from <{}> for {}", session.peer().sessionId(), sender, recipients);
        return SmtpDecision.accept();
      }

      @Override
      public void abort() {
        submission.abort();
      }
    };
  }
}
