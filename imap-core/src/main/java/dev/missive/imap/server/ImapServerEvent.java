package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.message.SearchContext;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link ImapServer} tells its host (RFC 9051 §6): notifications, and {@link DecisionRequired} events that
 * the host answers exactly once, whenever it is ready, with the answer methods of {@link ImapServer} named on each
 * event. Java 17 hosts dispatch with an {@code instanceof} chain.
 */
public sealed interface ImapServerEvent {

  /** An event the engine waits on: no input is taken until the host answers it. */
  sealed interface DecisionRequired extends ImapServerEvent {
    /** {@return the tag of the command the decision completes} */
    String tag();
  }

  /**
   * LOGIN (RFC 9051 §6.2.3): check the password, then {@link ImapServer#accept()} or {@link ImapServer#reject()}
   * (a rejection is {@code NO [AUTHENTICATIONFAILED]}, delayed and counted). The password is a secret:
   * {@link #toString()} never shows it and {@link #password()} returns a copy to clear after use.
   *
   * @param tag      the command's tag
   * @param user     the user name as sent
   * @param password the password as sent
   */
  record LoginRequested(String tag, String user, char[] password) implements DecisionRequired {
    /**
     * Copies the password.
     *
     * @param tag      the command's tag
     * @param user     the user name
     * @param password the password
     */
    public LoginRequested {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(user, "user");
      password = password.clone();
    }

    /** {@return a copy of the password; clear it after use} */
    @Override
    public char[] password() {
      return password.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LoginRequested l && l.tag.equals(tag) && l.user.equals(user)
          && Arrays.equals(l.password, password);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tag, user);
    }

    /** {@return the tag and user; the password is masked} */
    @Override
    public String toString() {
      return "LoginRequested[tag=" + tag + ", user=" + user + ", password=***]";
    }
  }

  /**
   * The session is authenticated (LOGIN accepted or an AUTHENTICATE exchange succeeded, RFC 9051 §6.2.2): the
   * state is now {@link ImapState#AUTHENTICATED}.
   *
   * @param user      the authorization identity: the user whose mailboxes the session works on
   * @param mechanism {@code LOGIN} or the SASL mechanism
   */
  record Authenticated(String user, String mechanism) implements ImapServerEvent {}

  /**
   * A login failed (LOGIN rejected or a SASL exchange failed on credentials).
   *
   * @param user     the user name as sent, empty for SASL
   * @param failures the failures so far in this session
   */
  record LoginFailed(String user, int failures) implements ImapServerEvent {}

  /**
   * ENABLE turned on extensions (RFC 5161 §3.1; RFC 9051 Appendix A for {@code IMAP4rev2}).
   *
   * @param capabilities the ones newly enabled, upper case
   */
  record Enabled(List<String> capabilities) implements ImapServerEvent {}

  /**
   * SELECT or EXAMINE (RFC 9051 §6.3.2, §6.3.3): open the mailbox and answer {@link ImapServer#selected(
   * SelectedMailbox)}, or {@link ImapServer#reject(dev.missive.imap.ResponseCode, String)} (then no mailbox is
   * selected, RFC 9051 §6.3.2).
   *
   * <p>With {@code qresync} (RFC 7162 §3.2.5), when the mailbox keeps mod-sequences and its UIDVALIDITY is the
   * parameter's, the SELECT stays pending after {@code selected}: the host tells what changed since the parameter's
   * mod-sequence with {@link ImapServer#vanishedEarlier(dev.missive.imap.mailbox.UidSet)} and FETCH responses
   * ({@link ImapServer#fetchResponse}: FLAGS and MODSEQ, the engine writes UID), then {@link ImapServer#complete()}.
   * {@link ImapServer#pendingDecision()} tells which.
   *
   * @param tag      the command's tag
   * @param mailbox  the mailbox name, decoded
   * @param readOnly true for EXAMINE
   * @param qresync  the QRESYNC parameter, if given (the client enabled QRESYNC)
   */
  record SelectRequested(String tag, String mailbox, boolean readOnly, Optional<QresyncParameters> qresync)
      implements DecisionRequired {

    /**
     * A SELECT or EXAMINE without QRESYNC parameter.
     *
     * @param tag      the command's tag
     * @param mailbox  the mailbox name, decoded
     * @param readOnly true for EXAMINE
     */
    public SelectRequested(String tag, String mailbox, boolean readOnly) {
      this(tag, mailbox, readOnly, Optional.empty());
    }
  }

  /**
   * The selected mailbox was closed (CLOSE, UNSELECT, another SELECT, LOGOUT or the end of the session): the host
   * stops reporting its changes.
   *
   * @param mailbox the mailbox that was selected
   */
  record Deselected(String mailbox) implements ImapServerEvent {}

  /**
   * A command on mailboxes that the host answers with untagged responses ({@link ImapServer#respond}) and a
   * completion ({@link ImapServer#complete()} or {@link ImapServer#reject}): CREATE, DELETE, RENAME, SUBSCRIBE,
   * UNSUBSCRIBE, LIST, LSUB and STATUS (RFC 9051 §6.3.4–§6.3.11).
   *
   * @param tag     the command's tag
   * @param command the command
   */
  record MailboxCommand(String tag, AuthenticatedCommand command) implements DecisionRequired {}

  /**
   * One message of APPEND (RFC 9051 §6.3.12; each of a MULTIAPPEND, RFC 3502): {@link ImapServer#accept()} to
   * receive its octets as {@link AppendData} then {@link AppendMessageEnd}, or {@link ImapServer#reject} (for
   * example {@code [TRYCREATE]}) to refuse the command. Keep what was received uncommitted until
   * {@link AppendCompleted}.
   *
   * @param tag          the command's tag
   * @param mailbox      the destination mailbox, decoded
   * @param flags        the flags to set
   * @param internalDate the internal date, if given
   * @param size         the message's size in octets
   * @param binary       whether it came as a literal8 (RFC 3516 §4.4)
   * @param index        0 for the first message of the command, 1 for the next, ...
   */
  record AppendStarted(String tag, String mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
                       long size, boolean binary, int index) implements DecisionRequired {}

  /**
   * Octets of the message being appended: a read-only view of the host's buffer, valid until the host feeds the
   * engine again; copy what you keep.
   *
   * @param bytes the octets
   */
  record AppendData(ByteBuffer bytes) implements ImapServerEvent {}

  /**
   * All octets of the message being appended were delivered.
   *
   * @param index the message's place in the command
   */
  record AppendMessageEnd(int index) implements ImapServerEvent {}

  /**
   * The APPEND command ended well: commit every message of it (RFC 3502 §6.3.11) and answer
   * {@link ImapServer#complete(dev.missive.imap.ResponseCode, String)} with {@code APPENDUID} (RFC 4315 §3), or
   * {@link ImapServer#reject} to commit none.
   *
   * @param tag     the command's tag
   * @param mailbox the destination mailbox
   * @param count   how many messages the command carried
   */
  record AppendCompleted(String tag, String mailbox, int count) implements DecisionRequired {}

  /**
   * IDLE started (RFC 9051 §6.3.13): changes the host reports are sent at once until {@link IdleEnded}.
   *
   * @param tag the command's tag
   */
  record IdleStarted(String tag) implements ImapServerEvent {}

  /**
   * IDLE ended ({@code DONE}, or the session ended).
   *
   * @param tag the command's tag
   */
  record IdleEnded(String tag) implements ImapServerEvent {}

  /**
   * FETCH or UID FETCH (RFC 9051 §6.4.5): for each message of {@code messages} write a response with
   * {@link ImapServer#fetchBegin(long)}…{@link ImapServer#fetchEnd()} (or {@link ImapServer#fetchResponse}),
   * streaming large contents while {@link ImapServer#wantsContent()}, then {@link ImapServer#complete()}. Messages
   * expunged elsewhere but not yet announced are left out; the engine answers {@code NO [EXPUNGEISSUED]} for them
   * (RFC 2180 §4.1, RFC 5530 §3).
   *
   * @param tag      the command's tag
   * @param command  the command, macros expanded
   * @param messages the UIDs of the messages to answer for, in the client's view
   */
  record FetchRequested(String tag, SelectedCommand.Fetch command, UidSet messages) implements DecisionRequired {}

  /**
   * STORE or UID STORE (RFC 9051 §6.4.6): change the flags, write the new flags of each message with
   * {@link ImapServer#fetchResponse} unless {@code .SILENT}, then {@link ImapServer#complete()}.
   *
   * @param tag      the command's tag
   * @param command  the command
   * @param messages the UIDs of the messages to change
   */
  record StoreRequested(String tag, SelectedCommand.Store command, UidSet messages) implements DecisionRequired {}

  /**
   * SEARCH or UID SEARCH (RFC 9051 §6.4.4): evaluate the criteria over the messages of the selected mailbox (their
   * sequence numbers from {@link ImapServer#sequenceNumber(long)}) and answer {@link ImapServer#searchResult(UidSet)};
   * the engine writes SEARCH or ESEARCH and keeps a saved result (RFC 5182).
   *
   * @param tag      the command's tag
   * @param command  the command
   * @param context  what {@code *} and {@code $} stand for
   * @param messages the UIDs of every message of the client's view
   */
  record SearchRequested(String tag, SelectedCommand.Search command, SearchContext context, UidSet messages)
      implements DecisionRequired {}

  /**
   * COPY, MOVE and their UID forms (RFC 9051 §6.4.7, §6.4.8): copy (or move: report each moved message with
   * {@link ImapServer#messageExpunged(long)}), then {@link ImapServer#complete(dev.missive.imap.ResponseCode,
   * String)} with {@code COPYUID} (RFC 4315 §3), or {@link ImapServer#reject} ({@code [TRYCREATE]}).
   *
   * @param tag      the command's tag
   * @param command  the command
   * @param messages the UIDs of the messages
   */
  record CopyRequested(String tag, SelectedCommand.Copy command, UidSet messages) implements DecisionRequired {}

  /**
   * EXPUNGE, UID EXPUNGE or CLOSE (RFC 9051 §6.4.3, §6.4.9, §6.4.1): remove the messages flagged {@code \Deleted}
   * (among {@code uids} when given), report each with {@link ImapServer#messageExpunged(long)}, then
   * {@link ImapServer#complete()}. For CLOSE nothing is announced to the client.
   *
   * @param tag   the command's tag
   * @param uids  the UIDs of UID EXPUNGE, empty for EXPUNGE and CLOSE
   * @param close whether the mailbox is being closed
   */
  record ExpungeRequested(String tag, Optional<UidSet> uids, boolean close) implements DecisionRequired {}

  /**
   * The client broke the protocol (a bad command, a literal refused); the engine answered it.
   *
   * @param description what was wrong, safe to log (never what the client sent)
   */
  record ProtocolViolation(String description) implements ImapServerEvent {}

  /**
   * The session is over; the host releases what it held for it.
   *
   * @param lastState the state before the end
   */
  record SessionEnded(ImapState lastState) implements ImapServerEvent {}
}
