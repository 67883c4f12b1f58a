package dev.missive.smtp.client;

import dev.missive.smtp.Envelope;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A test host for the client engine: submits its envelopes one after the other, streams each body when the
 * engine is ready for content, quits when none is left, and records every event.
 */
final class SendingHost implements EngineHost<SmtpClient> {

  private final Deque<Envelope> envelopes = new ArrayDeque<>();
  private final Deque<RecipientPolicy> policies = new ArrayDeque<>();
  private final Deque<byte[]> bodies = new ArrayDeque<>();
  private final List<SmtpClientEvent> events = new ArrayList<>();
  private ByteBuffer content;
  private boolean quitWhenIdle = true;
  private boolean bodyTaken = true;
  private String verify;
  private final Deque<dev.missive.smtp.EtrnRequest> queueRuns = new ArrayDeque<>();
  private dev.missive.smtp.AtrnRequest atrn;
  private java.util.function.Supplier<? extends dev.missive.wire.ProtocolEngine> atrnSuccessor;
  private IntSupplier pieceSizes = () -> Integer.MAX_VALUE;

  /** Adds a message. */
  SendingHost message(Envelope envelope, String body) {
    return message(envelope, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a message with raw content. */
  SendingHost message(Envelope envelope, byte[] body) {
    return message(envelope, RecipientPolicy.EACH, body);
  }

  /** Adds a message sent with {@code policy}. */
  SendingHost message(Envelope envelope, RecipientPolicy policy, String body) {
    return message(envelope, policy, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a message with raw content sent with {@code policy}. */
  SendingHost message(Envelope envelope, RecipientPolicy policy, byte[] body) {
    envelopes.add(envelope);
    policies.add(policy);
    bodies.add(body);
    return this;
  }

  /** Sends VRFY with {@code argument} at the first Ready, before any message. */
  SendingHost verifyFirst(String argument) {
    verify = argument;
    return this;
  }

  /** Sends ETRN for each of {@code requests}, one per Ready, before any message. */
  SendingHost etrnFirst(dev.missive.smtp.EtrnRequest... requests) {
    queueRuns.addAll(List.of(requests));
    return this;
  }

  /** Sends ATRN with {@code request} at the first Ready (after any ETRN), {@code successor} taking over on 250. */
  SendingHost atrnFirst(dev.missive.smtp.AtrnRequest request,
      java.util.function.Supplier<? extends dev.missive.wire.ProtocolEngine> successor) {
    atrn = request;
    atrnSuccessor = successor;
    return this;
  }

  /** Writes each body in pieces of the sizes {@code sizes} gives (at least 1), instead of in one call. */
  SendingHost pieces(IntSupplier sizes) {
    pieceSizes = sizes;
    return this;
  }

  /** Keeps the session open when there is nothing left to send. */
  SendingHost stayIdle() {
    quitWhenIdle = false;
    return this;
  }

  /** Every event seen so far. */
  List<SmtpClientEvent> events() {
    return events;
  }

  /** The events of one type. */
  <T extends SmtpClientEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void handle(SmtpClient client, EventLog log) {
    for (SmtpClientEvent e; (e = client.nextEvent()) != null; ) {
      events.add(e);
      log.add(e);
      if (e instanceof SmtpClientEvent.Ready) {
        if (verify != null) {
          client.verify(verify);
          verify = null;
        } else if (!queueRuns.isEmpty()) {
          client.etrn(queueRuns.poll());
        } else if (atrn != null) {
          client.atrn(atrn, atrnSuccessor);
          atrn = null;
        } else if (!envelopes.isEmpty()) {
          bodyTaken = false;
          client.send(envelopes.poll(), policies.poll());
        } else if (quitWhenIdle) {
          client.quit();
        }
      } else if (e instanceof SmtpClientEvent.DataReady) {
        content = ByteBuffer.wrap(bodies.poll());
        bodyTaken = true;
      } else if (e instanceof SmtpClientEvent.TransactionResult) {
        content = null; // ended: refused, or the session failed while the body streamed
        if (!bodyTaken) {
          bodies.poll(); // the body of a transaction that never reached its content
          bodyTaken = true;
        }
      }
    }
    while (content != null && content.hasRemaining() && client.canWriteContent()) {
      int n = Math.min(content.remaining(), Math.max(1, pieceSizes.getAsInt()));
      client.writeContent(content.slice(content.position(), n)); // all n octets or an exception
      content.position(content.position() + n);
    }
    if (content != null && !content.hasRemaining()) {
      content = null;
      client.endContent();
    }
  }
}
