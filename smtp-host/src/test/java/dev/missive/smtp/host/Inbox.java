package dev.missive.smtp.host;

import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpSession;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test handler factory that keeps every accepted message with who sent it and whether TLS was on. */
final class Inbox {

  /** One accepted message. */
  record Received(String from, String content, boolean tls, String user) {}

  private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

  SmtpHandler handler(SmtpSession session) {
    return (envelope, trace) -> MessageSink.collecting((info, bytes) -> {
      messages.add(new Received(envelope.reversePath().toString(), new String(bytes, StandardCharsets.UTF_8),
          session.tls().isPresent(), session.authentication().map(a -> a.authenticationId()).orElse("")));
      return SmtpDecision.accept();
    });
  }

  Received next() throws InterruptedException {
    Received r = messages.poll(20, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no message arrived within 20 s");
    }
    return r;
  }
}
