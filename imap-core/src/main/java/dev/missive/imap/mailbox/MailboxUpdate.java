package dev.missive.imap.mailbox;

/**
 * An update of the selected mailbox the server may now tell the client (RFC 9051 §7.4.1, §7.5.1, §7.5.2), as
 * {@link MailboxView#announce(UpdatePolicy)} releases it: the engine writes each as the response named. Java 17
 * hosts dispatch with an {@code instanceof} chain.
 */
public sealed interface MailboxUpdate {

  /**
   * {@code * seq EXPUNGE}: the message is gone; the client shifts later numbers down at once.
   *
   * @param seq the message's sequence number at the moment of this response
   * @param uid its UID
   */
  record Expunge(long seq, long uid) implements MailboxUpdate {}

  /**
   * {@code * count EXISTS}: new messages; the client's message count is now {@code count}.
   *
   * @param count the number of messages
   */
  record Exists(long count) implements MailboxUpdate {}

  /**
   * A message's flags changed: send {@code * seq FETCH (UID uid FLAGS (...))} with its current flags, which the
   * host keeps (RFC 9051 §7.5.2: unsolicited FETCH responses include UID).
   *
   * @param seq the message's sequence number
   * @param uid its UID
   */
  record FlagsChanged(long seq, long uid) implements MailboxUpdate {}
}
