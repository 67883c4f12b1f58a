package dev.missive.smtp.host;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientEvent;
import dev.missive.smtp.client.SmtpClientState;
import dev.missive.transport.ClientCalls;
import dev.missive.transport.EngineSession;
import dev.missive.wire.ProtocolEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session thread's side of a {@link SenderConnection}: drives the {@link SmtpClient} engine, streams each
 * message's content while the engine takes it, and whenever the session is ready (RFC 5321 §4.1.4: after EHLO,
 * STARTTLS and AUTH, or after a transaction) takes the application's next call. A content stream that fails or
 * breaks its declaration ends the session at once, without the final dot, so the server drops the unfinished
 * transaction (RFC 5321 §3.8) and nothing is reported delivered.
 */
final class SenderSession implements EngineSession {

  private static final Logger LOG = LoggerFactory.getLogger(SenderSession.class);
  private static final int CHUNK = 16 * 1024;

  private final SmtpClient engine;
  private final ClientCalls calls;
  private final String host;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private Transfer current;
  private IOException endReason;

  /** One message in flight. */
  private static final class Transfer {
    final Envelope envelope;
    final MessageContent content;
    final ClientCalls.Answer<SendResult> answer;
    InputStream in;
    IOException readFailure;
    String refusal;

    Transfer(Envelope envelope, MessageContent content, ClientCalls.Answer<SendResult> answer) {
      this.envelope = envelope;
      this.content = content;
      this.answer = answer;
    }
  }

  SenderSession(SmtpClient engine, ClientCalls calls, String host) {
    this.engine = engine;
    this.calls = calls;
    this.host = host;
  }

  @Override
  public ProtocolEngine engine() {
    return engine;
  }

  /** {@return the server's capabilities after EHLO, for the MX sender's checks (session thread only)} */
  SmtpClient client() {
    return engine;
  }

  /**
   * Starts sending a message (on the session thread, from a call): MAIL FROM declares what the content needs.
   *
   * @param envelope the envelope as the caller gave it
   * @param content  the message
   * @param answer   answered with the per-recipient results
   */
  void send(Envelope envelope, MessageContent content, ClientCalls.Answer<SendResult> answer) {
    Envelope declared = content.declaredOn(envelope);
    engine.send(declared); // throws, leaving the session idle, for an envelope the engine refuses outright
    current = new Transfer(envelope, content, answer);
  }

  @Override
  public void handleEvents() {
    while (true) {
      drain();
      writeContent();
      if (engine.state() != SmtpClientState.READY || current != null || engine.hasOutput()) {
        return; // the loop writes, reads and comes back (after QUIT: until the server's 221 closes the session)
      }
      if (!calls.awaitCall()) {
        LOG.info("[{}] the application gave the session up", engine.peer().sessionId());
        engine.shutdown();
      }
    }
  }

  @Override
  public boolean wantsToWrite() {
    return current != null && current.in != null && engine.canWriteContent();
  }

  /** The connection is gone; the engine's last events may not have been handed over yet, so they are taken here. */
  @Override
  public void closed() {
    drain();
    closeContent();
    if (current != null) {
      finish(Results.all(current.envelope, DeliveryStatus.TEMPORARY_FAILURE, Optional.of(host),
          "the connection closed before the server answered"));
    }
    if (endReason == null) {
      endReason = new IOException("the connection to " + host + " is closed");
    }
  }

  /** {@return why the session ended, or null while it runs} */
  IOException endReason() {
    return endReason;
  }

  private void drain() {
    for (SmtpClientEvent e; (e = engine.nextEvent()) != null; ) {
      handle(e);
    }
  }

  private void handle(SmtpClientEvent e) {
    if (e instanceof SmtpClientEvent.DataReady) {
      openContent();
    } else if (e instanceof SmtpClientEvent.TransactionResult t) {
      transactionEnded(t);
    } else if (e instanceof SmtpClientEvent.AuthFailed f) {
      failed(new SmtpSessionException("AUTH " + f.mechanism() + " failed: " + f.reason(), f.reply()));
    } else if (e instanceof SmtpClientEvent.Failed f) {
      failed(new SmtpSessionException("the SMTP session with " + host + " failed: " + f.reason(), f.reply()));
    } else if (e instanceof SmtpClientEvent.Closed) {
      closeContent();
      failed(new IOException("the SMTP session with " + host + " is closed"));
    }
    // Greeted, CapabilitiesKnown, TlsRequested, Authenticated, Ready, Verified: the engine's state() says the rest
  }

  private void failed(IOException reason) {
    if (endReason == null) {
      endReason = reason;
    }
  }

  private void transactionEnded(SmtpClientEvent.TransactionResult t) {
    closeContent();
    if (current == null) {
      return;
    }
    if (current.readFailure != null) {
      Transfer failed = current;
      current = null;
      failed.answer.fail(failed.readFailure);
    } else if (current.refusal != null) {
      finish(Results.all(current.envelope, DeliveryStatus.PERMANENT_FAILURE, Optional.of(host), current.refusal));
    } else {
      finish(Results.of(t, current.envelope, host));
    }
  }

  private void finish(SendResult result) {
    Transfer done = current;
    current = null;
    done.answer.complete(result);
  }

  private void openContent() {
    try {
      current.in = current.content.open();
    } catch (IOException | RuntimeException e) {
      stop(e instanceof IOException io ? io : new IOException(e.getMessage(), e), null);
    }
  }

  /** Hands the engine content while it takes it; the end of the stream ends the content (the final dot). */
  private void writeContent() {
    while (current != null && current.in != null && engine.canWriteContent()) {
      int n;
      try {
        n = current.in.read(buffer.array());
      } catch (IOException e) {
        stop(e, null);
        return;
      }
      if (n < 0) {
        closeContent();
        engine.endContent();
        return;
      }
      if (n > 0) {
        try {
          engine.writeContent(buffer.clear().limit(n));
        } catch (IllegalArgumentException e) { // an 8-bit octet in content declared 7BIT
          stop(null, "the content does not match its declaration: " + e.getMessage());
          return;
        }
      }
    }
  }

  /** Ends the session without finishing the content, so the server never gets a complete message. */
  private void stop(IOException readFailure, String refusal) {
    LOG.warn("[{}] content not sent: {}", engine.peer().sessionId(),
        readFailure != null ? readFailure.toString() : refusal);
    current.readFailure = readFailure;
    current.refusal = refusal;
    closeContent();
    engine.shutdown(); // no final dot: RFC 5321 §3.8, the server drops the transaction
  }

  private void closeContent() {
    if (current != null && current.in != null) {
      try {
        current.in.close();
      } catch (IOException ignored) {
        // read to its end or abandoned either way
      }
      current.in = null;
    }
  }
}
