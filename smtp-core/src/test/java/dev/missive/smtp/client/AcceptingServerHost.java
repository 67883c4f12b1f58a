package dev.missive.smtp.client;

import dev.missive.smtp.Reply;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A test host for the server engine that talks to the client engine in memory: accepts every decision unless its
 * policy returns a refusal, and keeps the content of every message it committed.
 */
final class AcceptingServerHost implements EngineHost<SmtpServer> {

  private final Function<SmtpServerEvent, Reply> refusals;
  private final List<SmtpServerEvent> events = new ArrayList<>();
  private final List<byte[]> messages = new ArrayList<>();
  private ByteArrayOutputStream current;

  /** A host that refuses what {@code refusals} returns a reply for (null: accept). */
  AcceptingServerHost(Function<SmtpServerEvent, Reply> refusals) {
    this.refusals = refusals;
  }

  /** A host that accepts everything. */
  AcceptingServerHost() {
    this(e -> null);
  }

  private Function<SmtpServerEvent.Atrn, dev.missive.smtp.server.SmtpDecision> atrn;

  /** Answers ATRN (RFC 2645 §5.2.1) with what {@code answer} returns. */
  AcceptingServerHost onAtrn(Function<SmtpServerEvent.Atrn, dev.missive.smtp.server.SmtpDecision> answer) {
    atrn = answer;
    return this;
  }

  /** The server's events (data chunks excluded). */
  List<SmtpServerEvent> events() {
    return events;
  }

  /** The content of each committed message. */
  List<byte[]> messages() {
    return messages;
  }

  @Override
  public void handle(SmtpServer server, EventLog log) {
    for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.DataChunk c) { // how many depends on the split: not logged
        ByteBuffer b = c.bytes().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        current.writeBytes(bytes);
        continue;
      }
      log.add(e.getClass().getSimpleName());
      events.add(e);
      if (e instanceof SmtpServerEvent.DataStart) {
        current = new ByteArrayOutputStream();
      }
      if (e instanceof SmtpServerEvent.Atrn a && atrn != null) {
        server.answer(atrn.apply(a));
      } else if (e.needsDecision()) {
        Reply refusal = refusals.apply(e);
        if (refusal == null) {
          if (e instanceof SmtpServerEvent.DataEnd) {
            messages.add(current.toByteArray());
          }
          server.accept();
        } else if (refusal.code() < 400) {
          server.accept(refusal); // a positive reply of the host's own wording
        } else {
          server.reject(refusal);
        }
      }
    }
  }
}
