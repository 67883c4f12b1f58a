package dev.missive.examples.listener;

import dev.missive.transport.EngineSession;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts one connection's SMTP server engine (RFC 5321) to a {@link MailListener}: the envelope of each transaction
 * (RFC 5321 §3.3) is collected, the dot-unstuffed {@code DataChunk}s are gathered in memory (bounded by the
 * engine's {@code SIZE} limit, RFC 1870) and the listener is called at {@code DataEnd}, before the {@code 250}.
 *
 * <p>This is the {@code instanceof} chain Java 17 hosts write for the engine's sealed events (DESIGN.md rule 3).
 * A subclass may decide recipients later, on another thread, by overriding {@link #rcptTo(String, String)} (see the
 * Netty example's {@code AsyncRecipientSession}).
 */
public class ListenerSession implements EngineSession {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerSession.class);

  private final SmtpServer engine;
  private final MailListener listener;
  private final List<String> recipients = new ArrayList<>();
  private final ByteArrayOutputStream content = new ByteArrayOutputStream();
  private String reversePath = "";

  /** Wraps {@code engine}; every message it accepts goes to {@code listener}. */
  public ListenerSession(SmtpServer engine, MailListener listener) {
    this.engine = engine;
    this.listener = listener;
  }

  @Override
  public SmtpServer engine() {
    return engine;
  }

  @Override
  public void handleEvents() {
    for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.MailFrom m) {
        reset();
        reversePath = m.reversePath().mailbox().map(Object::toString).orElse("");
        engine.accept();
      } else if (e instanceof SmtpServerEvent.RcptTo r) {
        rcptTo(reversePath, r.forwardPath().mailbox().map(Object::toString).orElse("Postmaster"));
      } else if (e instanceof SmtpServerEvent.DataStart) {
        content.reset();
        engine.accept();
      } else if (e instanceof SmtpServerEvent.DataChunk c) {
        byte[] bytes = new byte[c.bytes().remaining()];
        c.bytes().duplicate().get(bytes);
        content.writeBytes(bytes);
      } else if (e instanceof SmtpServerEvent.DataEnd) {
        dataEnd();
      } else if (e instanceof SmtpServerEvent.DataAborted || e instanceof SmtpServerEvent.Reset) {
        reset();
      } else if (e.needsDecision()) {
        engine.accept(); // HELO/EHLO, VRFY, EXPN: the engine's defaults
      }
    }
  }

  /**
   * Decides a recipient (RFC 5321 §4.1.1.3); this one asks {@link MailListener#accept} at once. An override may
   * answer later through {@link #decide(String, boolean)}, from the transport's serialised context; meanwhile the
   * engine pauses and keeps pipelined commands buffered.
   */
  protected void rcptTo(String reversePath, String recipient) {
    decide(recipient, listener.accept(reversePath, recipient));
  }

  /** Answers the pending RCPT: {@code 250}, or {@code 550 5.1.1} (RFC 3463) when refused. */
  protected final void decide(String recipient, boolean accepted) {
    if (accepted) {
      recipients.add(recipient);
      engine.accept();
    } else {
      engine.reject(Reply.of(550, "5.1.1", "No such user here"));
    }
  }

  private void dataEnd() {
    try {
      listener.deliver(reversePath, List.copyOf(recipients), content.toByteArray());
      engine.accept();
    } catch (IOException | RuntimeException e) {
      LOG.warn("the listener failed; the client will retry", e);
      engine.reject(Reply.of(451, "4.3.0", "Local error in processing, try again later"));
    }
    reset();
  }

  private void reset() {
    recipients.clear();
    content.reset();
    reversePath = "";
  }

  @Override
  public void closed() {
    reset();
  }
}
