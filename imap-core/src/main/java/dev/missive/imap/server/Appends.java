package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one APPEND (MULTIAPPEND, RFC 3502) being streamed into a {@link MailSession}'s sinks for an
 * {@link ImapHandlerServer}, committed all at once when the command ends, or discarded.
 */
final class Appends {

  private final ImapServer raw;
  private final List<MessageSink> sinks = new ArrayList<>();
  private boolean failed;

  Appends(ImapServer raw) {
    this.raw = raw;
  }

  /** The next message of the command; the first one discards what an earlier command left. */
  void started(ImapServerEvent.AppendStarted a, MailSession session) throws StoreException {
    if (a.index() == 0) {
      discard();
    }
    sinks.add(session.startAppend(a.mailbox(), a.flags(), a.internalDate(), a.size()));
    raw.accept();
  }

  /**
   * Hands the octets to the current message's sink. Any failure, checked or not, fails the whole command: nothing
   * more is written and {@link #completed} answers {@code NO [SERVERBUG]} without committing, so a message with
   * octets missing is never stored and acknowledged (RFC 9051 §6.3.12: OK only once the message is appended).
   */
  void data(ByteBuffer bytes) {
    if (failed || sinks.isEmpty()) {
      return;
    }
    try {
      sinks.get(sinks.size() - 1).write(bytes);
    } catch (IOException x) {
      ImapServer.LOG.warn("[{}] APPEND data could not be kept: {}", raw.session().sessionId, x.getMessage());
      failed = true;
    } catch (RuntimeException x) { // a store's bug: its stack trace matters
      ImapServer.LOG.warn("[{}] APPEND data could not be kept", raw.session().sessionId, x);
      failed = true;
    }
  }

  /**
   * Commits the command's messages and completes it; {@code announce} runs before the completion (RFC 9051 §6.3.12:
   * EXISTS before the OK when the destination is selected).
   */
  void completed(ImapServerEvent.AppendCompleted c, MailSession session, Runnable announce) throws StoreException {
    if (failed) {
      discard();
      raw.reject(ResponseCode.SERVERBUG, "The message could not be stored");
      return;
    }
    List<MessageSink> done = List.copyOf(sinks);
    sinks.clear();
    ResponseCode code = session.commitAppend(c.mailbox(), done);
    announce.run();
    raw.complete(code, null);
  }

  /** Drops the messages not committed. */
  void discard() {
    sinks.forEach(MessageSink::discard);
    sinks.clear();
    failed = false;
  }
}
