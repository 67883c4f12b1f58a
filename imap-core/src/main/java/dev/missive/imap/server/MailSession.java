package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One authenticated user's mailboxes for one IMAP session (RFC 9051 §6.3), opened by {@link MailStore#open}.
 * Names are full Unicode names with the store's {@link #delimiter()}; {@code INBOX} is always spelt so.
 */
public interface MailSession extends AutoCloseable {

  /** {@return the hierarchy delimiter of the user's names, or empty for a flat namespace} */
  Optional<Character> delimiter();

  /** {@return every mailbox of the user, in any order} */
  List<MailboxInfo> mailboxes();

  /**
   * CREATE (RFC 9051 §6.3.4), with the special uses of CREATE-SPECIAL-USE (RFC 6154 §3).
   *
   * @param name       the new name
   * @param specialUse the special uses, possibly none
   * @throws StoreException if refused ({@code ALREADYEXISTS}, {@code USEATTR}, ...)
   */
  void create(String name, List<MailboxAttribute> specialUse) throws StoreException;

  /**
   * DELETE (RFC 9051 §6.3.5).
   *
   * @param name the mailbox
   * @throws StoreException if refused ({@code NONEXISTENT}, {@code HASCHILDREN}, ...)
   */
  void delete(String name) throws StoreException;

  /**
   * RENAME (RFC 9051 §6.3.6): the children move too; renaming INBOX moves its messages to the new mailbox.
   *
   * @param from the existing name
   * @param to   the new name
   * @throws StoreException if refused
   */
  void rename(String from, String to) throws StoreException;

  /**
   * SUBSCRIBE and UNSUBSCRIBE (RFC 9051 §6.3.7, §6.3.8).
   *
   * @param name      the mailbox
   * @param subscribe whether to subscribe
   * @throws StoreException if refused
   */
  void subscribe(String name, boolean subscribe) throws StoreException;

  /**
   * What STATUS reports (RFC 9051 §6.3.11).
   *
   * @param name the mailbox
   * @return its counts
   * @throws StoreException if it does not exist ({@code NONEXISTENT})
   */
  MailboxCounts status(String name) throws StoreException;

  /**
   * SELECT or EXAMINE (RFC 9051 §6.3.2): opens the mailbox and registers {@code listener} for what others change.
   *
   * @param name     the mailbox
   * @param readOnly true for EXAMINE
   * @param listener told of other sessions' changes until the mailbox is closed
   * @return the open mailbox
   * @throws StoreException if it does not exist or cannot be selected
   */
  OpenMailbox select(String name, boolean readOnly, MailboxListener listener) throws StoreException;

  /**
   * Starts one message of APPEND (RFC 9051 §6.3.12).
   *
   * @param mailbox the destination
   * @param flags   its flags
   * @param date    its internal date, or empty for now
   * @param size    its size in octets
   * @return where its octets go
   * @throws StoreException if refused ({@code TRYCREATE} when the mailbox does not exist, {@code OVERQUOTA})
   */
  MessageSink startAppend(String mailbox, List<Flag> flags, Optional<OffsetDateTime> date, long size)
      throws StoreException;

  /**
   * Stores every message of one APPEND command, all or none (RFC 3502 §6.3.11).
   *
   * @param mailbox  the destination
   * @param messages the sinks of {@link #startAppend}, in order, each written whole
   * @return the UIDPLUS code for the answer (RFC 4315 §3)
   * @throws StoreException if refused
   */
  ResponseCode.AppendUid commitAppend(String mailbox, List<MessageSink> messages) throws StoreException;

  /** The session ended. */
  @Override
  void close();
}
