package dev.missive.examples.relay;

import dev.missive.transport.EngineSession;
import dev.missive.message.address.AddrSpec;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound SMTP connection of the relay: every transaction (RFC 5321 §3.3) is written to the {@link RelaySpool}
 * with a {@code Received:} field prepended (RFC 5321 §4.4, a relay adds one and changes nothing else), and the
 * {@code 250} after the data is sent only once the spool has made the message durable (RFC 5321 §4.5.4: from then
 * on the relay is responsible for it).
 *
 * <p>Any mailbox is accepted as a recipient: this is an open relay, to be bound to loopback or placed behind a
 * check of the client's address or AUTH identity. {@code Postmaster} alone names a local mailbox, which this relay
 * does not have (550 5.1.1).
 */
final class RelaySmtpSession implements EngineSession {

  private static final Logger LOG = LoggerFactory.getLogger(RelaySmtpSession.class);

  private final SmtpServer engine;
  private final RelaySpool spool;
  private final List<AddrSpec> recipients = new ArrayList<>();
  private String sender = "";
  private RelaySpool.Submission submission;

  RelaySmtpSession(SmtpServer engine, RelaySpool spool) {
    this.engine = engine;
    this.spool = spool;
  }

  @Override
  public SmtpServer engine() {
    return engine;
  }

  @Override
  public void handleEvents() throws IOException {
    for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.MailFrom m) {
        abort();
        sender = m.reversePath().mailbox().map(Object::toString).orElse("");
        engine.accept();
      } else if (e instanceof SmtpServerEvent.RcptTo r) {
        if (r.forwardPath().mailbox().isPresent()) {
          recipients.add(r.forwardPath().mailbox().get());
          engine.accept();
        } else {
          engine.reject(Reply.of(550, "5.1.1", "No local mailboxes here"));
        }
      } else if (e instanceof SmtpServerEvent.DataStart) {
        startData();
      } else if (e instanceof SmtpServerEvent.DataChunk c) {
        write(c.bytes());
      } else if (e instanceof SmtpServerEvent.DataEnd) {
        commit();
      } else if (e instanceof SmtpServerEvent.DataAborted || e instanceof SmtpServerEvent.Reset
          || e instanceof SmtpServerEvent.Quit) {
        abort();
      } else if (e.needsDecision()) {
        engine.accept();
      }
    }
  }

  private void startData() {
    try {
      submission = spool.begin(sender, recipients);
      submission.write(ByteBuffer.wrap(engine.receivedField().toBytes()));
      engine.accept();
    } catch (IOException e) {
      LOG.warn("cannot spool", e);
      abort();
      engine.reject(Reply.of(451, "4.3.0", "Local storage error, try again later"));
    }
  }

  private void write(ByteBuffer bytes) {
    if (submission == null) {
      return; // already failed: the engine still needs the data to reach its end
    }
    try {
      submission.write(bytes.duplicate());
    } catch (IOException e) {
      LOG.warn("cannot spool", e);
      submission.abort();
      submission = null;
    }
  }

  private void commit() {
    if (submission == null) {
      engine.reject(Reply.of(451, "4.3.0", "Local storage error, try again later"));
      abort();
      return;
    }
    try {
      submission.commit(); // durable now
      submission = null;
      LOG.info("queued from <{}> for {}", sender, recipients);
      engine.accept();
    } catch (IOException e) {
      LOG.warn("cannot spool", e);
      engine.reject(Reply.of(451, "4.3.0", "Local storage error, try again later"));
    }
    abort();
  }

  private void abort() {
    if (submission != null) {
      submission.abort();
      submission = null;
    }
    recipients.clear();
  }

  @Override
  public void closed() {
    abort();
  }
}
