package dev.missive.smtp.host;

import dev.missive.message.address.ForwardPath;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Reply;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * SMTP listeners' handlers for the sender tests: every accepted message is kept with the listener that took it, and a
 * listener may refuse every recipient with one reply (a 4xx host for the MX fallback).
 */
final class Mailroom {

  /** One accepted message: which listener, the recipients, TLS, the MAIL parameters, the octets as received. */
  record Delivered(String listener, List<String> recipients, boolean tls, String parameters, byte[] content) {}

  final List<Delivered> delivered = new CopyOnWriteArrayList<>();

  /** A handler factory that accepts everything, recording it under {@code name}. */
  Function<SmtpSession, SmtpHandler> accepting(String name) {
    return refusing(name, null);
  }

  /** A handler factory that answers every RCPT with {@code reply} (null: accepts), recording under {@code name}. */
  Function<SmtpSession, SmtpHandler> refusing(String name, Reply reply) {
    return session -> new SmtpHandler() {
      @Override
      public SmtpDecision rcptTo(ForwardPath to, RcptParameters parameters) {
        return reply == null ? SmtpDecision.accept() : SmtpDecision.reject(reply);
      }

      @Override
      public MessageSink data(Envelope envelope, dev.missive.smtp.ReceivedField trace) {
        return MessageSink.collecting((info, bytes) -> {
          delivered.add(new Delivered(name, envelope.recipients().stream()
              .map(r -> r.forwardPath().toString()).toList(), session.tls().isPresent(),
              envelope.parameters().toParameterString(), bytes));
          return SmtpDecision.accept();
        });
      }
    };
  }

  /** {@return the listeners that accepted a message, in order} */
  List<String> listeners() {
    return delivered.stream().map(Delivered::listener).toList();
  }
}
