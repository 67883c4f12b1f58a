package dev.missive.pop3.client;

import dev.missive.pop3.client.internal.ClientCommand;
import dev.missive.pop3.client.internal.ClientCommand.Kind;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.ProtocolEngine;

/**
 * The commands a host queues on a {@link Pop3Client} in the TRANSACTION state (RFC 1939 §5–§7): each builds its
 * command line from numbers only, so nothing the host passes can smuggle CR or LF onto the wire. The engine's
 * contract is forwarded to the client's core ({@link ForwardingEngine}).
 */
abstract class Pop3Commands extends ForwardingEngine {

  Pop3Commands(ProtocolEngine core) {
    super(core);
  }

  /**
   * Queues a command; the engine sends it once logged in, after the ones queued before.
   *
   * @throws IllegalStateException if the session is ending or QUIT is already queued
   */
  abstract void enqueue(ClientCommand c);

  /** Queues STAT (RFC 1939 §5); answered by {@link Pop3ClientEvent.StatResult}. */
  public void stat() {
    enqueue(ClientCommand.of(Kind.STAT, "STAT"));
  }

  /** Queues LIST (RFC 1939 §5); answered by {@link Pop3ClientEvent.ListResult}. */
  public void list() {
    enqueue(ClientCommand.of(Kind.LIST_ALL, "LIST"));
  }

  /**
   * Queues {@code LIST n} (RFC 1939 §5). @throws IllegalArgumentException if {@code n < 1}
   *
   * @param messageNumber the message number, 1-based
   */
  public void list(int messageNumber) {
    enqueue(ClientCommand.message(Kind.LIST, "LIST", messageNumber, ""));
  }

  /** Queues UIDL (RFC 1939 §7); answered by {@link Pop3ClientEvent.UidlResult}. */
  public void uidl() {
    enqueue(ClientCommand.of(Kind.UIDL_ALL, "UIDL"));
  }

  /**
   * Queues {@code UIDL n} (RFC 1939 §7). @throws IllegalArgumentException if {@code n < 1}
   *
   * @param messageNumber the message number, 1-based
   */
  public void uidl(int messageNumber) {
    enqueue(ClientCommand.message(Kind.UIDL, "UIDL", messageNumber, ""));
  }

  /**
   * Queues {@code RETR n} (RFC 1939 §5); the message comes as chunks and an end.
   *
   * @param messageNumber the message number, 1-based
   */
  public void retrieve(int messageNumber) {
    enqueue(ClientCommand.message(Kind.RETR, "RETR", messageNumber, ""));
  }

  /**
   * Queues {@code TOP n lines} (RFC 1939 §7): the header and the first {@code lines} body lines.
   *
   * @param messageNumber the message number, 1-based
   * @param lines         how many body lines to send after the header
   * @throws IllegalArgumentException if {@code n < 1} or {@code lines < 0}
   */
  public void top(int messageNumber, int lines) {
    if (lines < 0) {
      throw new IllegalArgumentException("TOP needs a non-negative number of lines (RFC 1939 §7): " + lines);
    }
    enqueue(ClientCommand.message(Kind.TOP, "TOP", messageNumber, " " + lines));
  }

  /**
   * Queues {@code DELE n} (RFC 1939 §5).
   *
   * @param messageNumber the message number, 1-based
   */
  public void delete(int messageNumber) {
    enqueue(ClientCommand.message(Kind.DELE, "DELE", messageNumber, ""));
  }

  /** Queues RSET (RFC 1939 §5). */
  public void reset() {
    enqueue(ClientCommand.of(Kind.RSET, "RSET"));
  }

  /** Queues NOOP (RFC 1939 §5). */
  public void noop() {
    enqueue(ClientCommand.of(Kind.NOOP, "NOOP"));
  }

  /** Queues QUIT (RFC 1939 §6), after every command queued before; nothing may be queued after it. */
  public void quit() {
    enqueue(ClientCommand.of(Kind.QUIT, "QUIT"));
  }
}
