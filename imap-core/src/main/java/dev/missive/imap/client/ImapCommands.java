package dev.missive.imap.client;

import dev.missive.imap.Flag;
import dev.missive.imap.IdParameter;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.command.StoreAction;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * The commands a host sends through the {@link ImapClient} (RFC 9051 §6). Each method queues the command and
 * returns its tag; the result comes as {@link ImapClientEvent.Completed} with that tag. Commands queued before the
 * login completed go once it has; independent ones are pipelined (RFC 9051 §5.5).
 */
abstract sealed class ImapCommands permits ImapClient {

  /**
   * Queues a command.
   *
   * @param make the command for the tag
   * @return the tag
   */
  abstract String enqueue(Function<String, Command> make);

  /** {@return the tag of CAPABILITY (RFC 9051 §6.1.1)} */
  public String capability() {
    return enqueue(AnyStateCommand.Capability::new);
  }

  /** {@return the tag of NOOP (RFC 9051 §6.1.2), which also collects pending mailbox updates} */
  public String noop() {
    return enqueue(AnyStateCommand.Noop::new);
  }

  /** {@return the tag of LOGOUT (RFC 9051 §6.1.3); the session closes once it is answered} */
  public String logout() {
    return enqueue(AnyStateCommand.Logout::new);
  }

  /**
   * ID (RFC 2971 §3.1).
   *
   * @param parameters the client's field-value pairs; empty sends NIL
   * @return the tag
   */
  public String id(List<IdParameter> parameters) {
    return enqueue(t -> new AnyStateCommand.Id(t, parameters));
  }

  /**
   * ENABLE (RFC 5161 §3.1).
   *
   * @param capabilities what to enable, such as {@code UTF8=ACCEPT}
   * @return the tag
   */
  public String enable(String... capabilities) {
    return enqueue(t -> new AuthenticatedCommand.Enable(t, List.of(capabilities)));
  }

  /** {@return the tag of NAMESPACE (RFC 9051 §6.3.10)} */
  public String namespace() {
    return enqueue(AuthenticatedCommand.Namespace::new);
  }

  /**
   * LIST (RFC 9051 §6.3.9).
   *
   * @param reference the reference name, usually empty
   * @param pattern   the pattern, with {@code *} and {@code %}
   * @return the tag
   */
  public String list(String reference, String pattern) {
    return enqueue(t -> new AuthenticatedCommand.ListMailboxes(t, Set.of(), reference, List.of(pattern), Set.of(),
        List.of(), false));
  }

  /**
   * Extended LIST (RFC 5258): selection options such as SUBSCRIBED or SPECIAL-USE (RFC 6154), several patterns,
   * return options such as CHILDREN, SPECIAL-USE, or STATUS (RFC 5819) with its items.
   *
   * @param selection   the selection options
   * @param reference   the reference name
   * @param patterns    the patterns
   * @param returns     the return options
   * @param statusItems the STATUS items, non-empty exactly when {@code returns} holds STATUS
   * @return the tag
   */
  public String list(Set<ListSelectOption> selection, String reference, List<String> patterns,
                     Set<ListReturnOption> returns, List<StatusItem> statusItems) {
    return enqueue(t -> new AuthenticatedCommand.ListMailboxes(t, selection, reference, patterns, returns,
        statusItems, true));
  }

  /**
   * LSUB (RFC 3501 §6.3.9), for IMAP4rev1 servers; RFC 9051 servers answer {@code LIST (SUBSCRIBED)} instead
   * ({@link #list(Set, String, List, Set, List)}). The result is {@link CommandResult.Listed} either way.
   *
   * @param reference the reference name, usually empty
   * @param pattern   the pattern, with {@code *} and {@code %}
   * @return the tag
   */
  public String lsub(String reference, String pattern) {
    return enqueue(t -> new AuthenticatedCommand.Lsub(t, reference, pattern));
  }

  /**
   * STATUS (RFC 9051 §6.3.11).
   *
   * @param mailbox the mailbox
   * @param items   what to report
   * @return the tag
   */
  public String status(String mailbox, StatusItem... items) {
    return enqueue(t -> new AuthenticatedCommand.Status(t, mailbox, List.of(items)));
  }

  /**
   * CREATE (RFC 9051 §6.3.4), with CREATE-SPECIAL-USE attributes (RFC 6154 §3).
   *
   * @param mailbox    the new mailbox
   * @param specialUse its special uses, such as {@code \Archive}
   * @return the tag
   */
  public String create(String mailbox, MailboxAttribute... specialUse) {
    return enqueue(t -> new AuthenticatedCommand.Create(t, mailbox, List.of(specialUse)));
  }

  /**
   * DELETE (RFC 9051 §6.3.5).
   *
   * @param mailbox the mailbox
   * @return the tag
   */
  public String delete(String mailbox) {
    return enqueue(t -> new AuthenticatedCommand.Delete(t, mailbox));
  }

  /**
   * RENAME (RFC 9051 §6.3.6).
   *
   * @param from the mailbox
   * @param to   its new name
   * @return the tag
   */
  public String rename(String from, String to) {
    return enqueue(t -> new AuthenticatedCommand.Rename(t, from, to));
  }

  /**
   * SUBSCRIBE or UNSUBSCRIBE (RFC 9051 §6.3.7-8).
   *
   * @param mailbox   the mailbox
   * @param subscribe true to subscribe
   * @return the tag
   */
  public String subscribe(String mailbox, boolean subscribe) {
    return enqueue(t -> new AuthenticatedCommand.Subscribe(t, mailbox, subscribe));
  }

  /**
   * SELECT (RFC 9051 §6.3.2): the mailbox becomes {@link ImapClient#mailbox()}.
   *
   * @param mailbox the mailbox
   * @return the tag
   */
  public String select(String mailbox) {
    return enqueue(t -> new AuthenticatedCommand.Select(t, mailbox, false));
  }

  /**
   * SELECT or EXAMINE resynchronising a cached copy of the mailbox in one round trip (RFC 7162 §3.2.5; ENABLE QRESYNC
   * first): with the cache's UIDVALIDITY and HIGHESTMODSEQ (and its UIDs), the answer holds
   * {@link ImapClientEvent.Vanished} (earlier) for what was expunged and {@link ImapClientEvent.Fetched} with FLAGS and
   * MODSEQ for what changed since.
   *
   * @param mailbox  the mailbox
   * @param readOnly true for EXAMINE
   * @param cache    what the cache remembers
   * @return the tag
   */
  public String select(String mailbox, boolean readOnly, QresyncParameters cache) {
    java.util.Objects.requireNonNull(cache, "cache");
    return enqueue(t -> new AuthenticatedCommand.Select(t, mailbox, readOnly, false, Optional.of(cache)));
  }

  /**
   * SELECT or EXAMINE with the CONDSTORE parameter (RFC 7162 §3.1.8): CONDSTORE is enabled with the selection, so
   * the answer carries {@code [HIGHESTMODSEQ]} ({@link ClientMailbox#highestModSeq()}) and later FETCH responses carry
   * MODSEQ.
   *
   * @param mailbox  the mailbox
   * @param readOnly true for EXAMINE
   * @return the tag
   */
  public String selectCondstore(String mailbox, boolean readOnly) {
    return enqueue(t -> new AuthenticatedCommand.Select(t, mailbox, readOnly, true, Optional.empty()));
  }

  /**
   * EXAMINE (RFC 9051 §6.3.3): SELECT read-only.
   *
   * @param mailbox the mailbox
   * @return the tag
   */
  public String examine(String mailbox) {
    return enqueue(t -> new AuthenticatedCommand.Select(t, mailbox, true));
  }

  /** {@return the tag of CLOSE (RFC 9051 §6.4.1): deleted messages are removed silently} */
  public String close() {
    return enqueue(t -> new SelectedCommand.Close(t, true));
  }

  /** {@return the tag of UNSELECT (RFC 9051 §6.4.2): nothing is removed} */
  public String unselect() {
    return enqueue(t -> new SelectedCommand.Close(t, false));
  }

  /** {@return the tag of EXPUNGE (RFC 9051 §6.4.3)} */
  public String expunge() {
    return enqueue(t -> new SelectedCommand.Expunge(t, Optional.empty()));
  }

  /**
   * UID EXPUNGE (RFC 9051 §6.4.9): only these deleted messages are removed.
   *
   * @param uids the messages
   * @return the tag
   */
  public String uidExpunge(SequenceSet uids) {
    return enqueue(t -> new SelectedCommand.Expunge(t, Optional.of(uids)));
  }

  /**
   * FETCH or UID FETCH (RFC 9051 §6.4.5): each message comes as {@link ImapClientEvent.Fetched}, its sections
   * streamed before it.
   *
   * @param uid   whether {@code set} holds UIDs
   * @param set   the messages
   * @param items what to fetch
   * @return the tag
   */
  public String fetch(boolean uid, SequenceSet set, FetchItem... items) {
    return enqueue(t -> new SelectedCommand.Fetch(t, uid, set, List.of(items)));
  }

  /**
   * FETCH or UID FETCH of the messages changed since a mod-sequence (RFC 7162 §3.1.4.1): each comes with MODSEQ; with
   * {@code vanished} (UID FETCH only, QRESYNC enabled, §3.2.6) the UIDs of the set expunged since come first as
   * {@link ImapClientEvent.Vanished} (earlier).
   *
   * @param uid          whether {@code set} holds UIDs
   * @param set          the messages
   * @param changedSince the mod-sequence, positive
   * @param vanished     whether to ask for the expunged UIDs too
   * @param items        what to fetch
   * @return the tag
   */
  public String fetchChangedSince(boolean uid, SequenceSet set, long changedSince, boolean vanished,
                                  FetchItem... items) {
    return enqueue(t -> new SelectedCommand.Fetch(t, uid, set, List.of(items), OptionalLong.of(changedSince),
        vanished));
  }

  /**
   * SEARCH or UID SEARCH (RFC 9051 §6.4.4); non-ASCII text is sent with {@code CHARSET UTF-8} unless UTF-8 is
   * enabled.
   *
   * @param uid      whether to answer with UIDs
   * @param criteria the criteria, such as built with {@link SearchCriteria}
   * @return the tag
   */
  public String search(boolean uid, SearchKey criteria) {
    return enqueue(t -> new SelectedCommand.Search(t, uid, Optional.empty(), Optional.empty(), criteria));
  }

  /**
   * SEARCH with RETURN options (ESEARCH, RFC 9051 §6.4.4, RFC 4731): MIN, MAX, COUNT, ALL.
   *
   * @param uid      whether to answer with UIDs
   * @param returns  the return options
   * @param criteria the criteria
   * @return the tag
   */
  public String search(boolean uid, Set<SearchReturnOption> returns, SearchKey criteria) {
    return enqueue(t -> new SelectedCommand.Search(t, uid, Optional.of(returns), Optional.empty(), criteria));
  }

  /**
   * STORE or UID STORE (RFC 9051 §6.4.6); the new flags come as {@link ImapClientEvent.Fetched} unless
   * {@code silent}.
   *
   * @param uid    whether {@code set} holds UIDs
   * @param set    the messages
   * @param action replace, add or remove
   * @param silent whether the server should not answer with the new flags
   * @param flags  the flags
   * @return the tag
   */
  public String store(boolean uid, SequenceSet set, StoreAction action, boolean silent, Flag... flags) {
    return enqueue(t -> new SelectedCommand.Store(t, uid, set, action, silent, List.of(flags)));
  }

  /**
   * A conditional STORE or UID STORE (RFC 7162 §3.1.3): only messages whose mod-sequence is not above
   * {@code unchangedSince} change, each answered with its new MODSEQ even when {@code silent}; the others are named
   * in the completion's {@code [MODIFIED set]} ({@link CommandResult.Done#code()}, or the failure's).
   *
   * @param uid            whether {@code set} holds UIDs
   * @param set            the messages
   * @param unchangedSince the mod-sequence the messages must not have passed; 0 fails for every message
   * @param action         replace, add or remove
   * @param silent         whether the server should not answer with the new flags
   * @param flags          the flags
   * @return the tag
   */
  public String store(boolean uid, SequenceSet set, long unchangedSince, StoreAction action, boolean silent,
                      Flag... flags) {
    return enqueue(t -> new SelectedCommand.Store(t, uid, set, action, silent, List.of(flags),
        OptionalLong.of(unchangedSince)));
  }

  /**
   * COPY or UID COPY (RFC 9051 §6.4.7); the result carries COPYUID when the server sends it (RFC 4315).
   *
   * @param uid     whether {@code set} holds UIDs
   * @param set     the messages
   * @param mailbox the target mailbox
   * @return the tag
   */
  public String copy(boolean uid, SequenceSet set, String mailbox) {
    return enqueue(t -> new SelectedCommand.Copy(t, uid, set, mailbox, false));
  }

  /**
   * MOVE or UID MOVE (RFC 9051 §6.4.8, RFC 6851): the moved messages are expunged here, as events.
   *
   * @param uid     whether {@code set} holds UIDs
   * @param set     the messages
   * @param mailbox the target mailbox
   * @return the tag
   */
  public String move(boolean uid, SequenceSet set, String mailbox) {
    return enqueue(t -> new SelectedCommand.Copy(t, uid, set, mailbox, true));
  }

  /** {@return the tag of IDLE (RFC 9051 §6.3.13): updates come as events until {@link ImapClient#idleDone()}} */
  public String idle() {
    return enqueue(AuthenticatedCommand.Idle::new);
  }
}
