package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * What the host's answers do to a {@link ServerSession}: the decision pending is checked against the answer
 * (misuse throws, answers after the session closed are ignored), FETCH responses are opened and closed in order,
 * and reports of the store's changes go to the selected mailbox's view. {@link ImapServer} documents each answer.
 */
final class HostAnswers {

  private final ServerSession s;

  HostAnswers(ServerSession session) {
    this.s = session;
  }

  Optional<ImapServerEvent.DecisionRequired> pendingDecision() {
    return s.pending == null ? Optional.empty() : Optional.of(s.pending.event);
  }

  void accept() {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("accept", Pending.Kind.LOGIN, Pending.Kind.APPEND_MESSAGE);
    s.pending = null;
    if (p.kind == Pending.Kind.LOGIN) {
      ImapServerEvent.LoginRequested l = (ImapServerEvent.LoginRequested) p.event;
      s.commands.logins.authenticated(l.tag(), l.user(), "LOGIN");
    } else if (s.decoder.acceptAppend()) {
      s.enc.write(new Response.Continuation("Ready for literal data"));
      s.guard.syncMark("continuation request", p.bytesWaiting);
    }
  }

  void reject() {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("reject");
    reject(p.defaultRejectCode().orElse(null), p.verb + " failed");
  }

  void reject(ResponseCode code, String text) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("reject");
    if (s.fetchOpen) {
      throw new IllegalStateException("a FETCH response is open: fetchEnd() first");
    }
    Response.Tagged answer = new Response.Tagged(p.event.tag(), ResponseStatus.NO, Optional.ofNullable(code), text);
    s.pending = null;
    if (p.kind == Pending.Kind.LOGIN) {
      s.commands.logins.loginFailed(((ImapServerEvent.LoginRequested) p.event).user(), answer);
      return;
    }
    if (p.kind == Pending.Kind.APPEND_MESSAGE) {
      s.decoder.rejectAppend();
    }
    if (p.kind == Pending.Kind.CLOSE || p.kind == Pending.Kind.RESYNC) {
      s.commands.deselect(false); // a SELECT answered NO leaves no mailbox selected (RFC 9051 §6.3.2)
    }
    s.commands.tagged(answer, p.policy);
  }

  void respond(UntaggedResponse response) {
    if (ignoredAfterClose()) {
      return;
    }
    require("respond", Pending.Kind.MAILBOX);
    if (!(response instanceof UntaggedResponse.MailboxList || response instanceof UntaggedResponse.MailboxStatus
        || response instanceof UntaggedResponse.Condition c && c.status() != ResponseStatus.BYE)) {
      throw new IllegalArgumentException("a mailbox command is answered with LIST, LSUB, STATUS or OK/NO, not "
          + response.getClass().getSimpleName());
    }
    s.enc.write(response);
  }

  void complete(ResponseCode code, String text) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("complete", Pending.Kind.MAILBOX, Pending.Kind.APPEND_COMMIT, Pending.Kind.FETCH,
        Pending.Kind.STORE, Pending.Kind.COPY, Pending.Kind.MOVE, Pending.Kind.EXPUNGE, Pending.Kind.CLOSE,
        Pending.Kind.RESYNC);
    if (s.fetchOpen) {
      throw new IllegalStateException("a FETCH response is open: fetchEnd() first");
    }
    s.pending = null;
    s.commands.completed(p, Optional.ofNullable(code), text);
  }

  void selected(SelectedMailbox mailbox) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("selected", Pending.Kind.SELECT);
    s.pending = null;
    s.commands.selected((ImapServerEvent.SelectRequested) p.event, mailbox);
  }

  void searchResult(UidSet matches, long highestModSeq) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("searchResult", Pending.Kind.SEARCH);
    s.pending = null;
    ImapServerEvent.SearchRequested search = (ImapServerEvent.SearchRequested) p.event;
    // RFC 7162 §3.1.5: a search with the MODSEQ key answers the highest mod-sequence of the messages found
    java.util.OptionalLong modSeq = highestModSeq > 0 && Condstore.usesModSeq(search.command().criteria())
        ? java.util.OptionalLong.of(highestModSeq) : java.util.OptionalLong.empty();
    modSeq.ifPresent(s.selected::told);
    s.selected.searchResult(search.command(), matches, s.rev2, s.enc, modSeq);
    s.commands.completed(p, Optional.empty(), null);
  }

  // ---- FETCH responses (FETCH and STORE) ----

  void fetchBegin(long uid) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("fetchBegin", Pending.Kind.FETCH, Pending.Kind.STORE, Pending.Kind.RESYNC);
    long seq = s.selected.view.seqOf(uid);
    if (seq == 0) {
      throw new IllegalArgumentException("the client does not know UID " + uid);
    }
    s.enc.fetchBegin(seq);
    s.fetchOpen = true;
    // RFC 7162 §3.1: once CONDSTORE is enabled, STORE's FETCH responses carry UID and MODSEQ; CHANGEDSINCE's too
    boolean withUid;
    if (p.event instanceof ImapServerEvent.FetchRequested f) {
      withUid = f.command().uid() || f.command().items().contains(FetchItem.Simple.UID)
          || f.command().changedSince().isPresent();
    } else if (p.event instanceof ImapServerEvent.StoreRequested st) {
      withUid = st.command().uid() || s.condstore.enabled;
    } else {
      withUid = true; // RFC 7162 §3.2.5.1: the resynchronisation's FETCH responses carry UID, FLAGS and MODSEQ
    }
    if (withUid) {
      s.enc.fetchAttribute(new FetchAttribute.Uid(uid));
    }
  }

  void fetchAttribute(FetchAttribute attribute) {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    if (attribute instanceof FetchAttribute.Uid) {
      throw new IllegalArgumentException("the engine writes UID itself");
    }
    s.enc.fetchAttribute(attribute);
    if (attribute instanceof FetchAttribute.ModSeq m) {
      s.selected.told(m.modSeq());
    }
  }

  void fetchContentHeader(FetchAttribute.Content content, boolean literal8) {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    s.enc.contentHeader(content, literal8);
  }

  void fetchContent(ByteBuffer octets) {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    s.enc.content(octets);
  }

  void fetchEnd() {
    if (ignoredAfterClose()) {
      return;
    }
    requireFetchOpen();
    s.enc.fetchEnd();
    s.fetchOpen = false;
  }

  void vanishedEarlier(UidSet uids) {
    if (ignoredAfterClose()) {
      return;
    }
    Pending p = require("vanishedEarlier", Pending.Kind.RESYNC, Pending.Kind.FETCH);
    if (p.event instanceof ImapServerEvent.FetchRequested f && !f.command().vanished()) {
      throw new IllegalArgumentException("VANISHED (EARLIER) answers a UID FETCH with the VANISHED modifier only");
    }
    if (s.fetchOpen) {
      throw new IllegalStateException("a FETCH response is open: fetchEnd() first");
    }
    Condstore.writeVanished(s.enc, uids, true);
  }

  boolean wantsContent() {
    return s.pending != null && (s.pending.kind == Pending.Kind.FETCH || s.pending.kind == Pending.Kind.RESYNC)
        && !s.out.isOverLimit();
  }

  // ---- what changed in the store ----

  void messageAdded(long uid, boolean recent) {
    if (s.selected != null && s.state != ImapState.LOGOUT) {
      s.selected.added(uid, recent);
      s.commands.announceIfIdle();
    }
  }

  void messageExpunged(long uid, long modSeq) {
    if (s.selected != null && s.state != ImapState.LOGOUT) {
      s.selected.expunged(uid, modSeq);
      s.commands.announceIfIdle();
    }
  }

  void flagsChanged(long uid, List<Flag> flags, long modSeq) {
    if (s.selected != null && s.state != ImapState.LOGOUT) {
      s.selected.flagsChanged(uid, flags, modSeq);
      s.commands.announceIfIdle();
    }
  }

  // ---- checks ----

  private Pending require(String what, Pending.Kind... kinds) {
    Pending p = s.pending;
    if (p == null) {
      throw new IllegalStateException(what + " with no decision pending in state " + s.state);
    }
    if (kinds.length > 0 && !List.of(kinds).contains(p.kind)) {
      throw new IllegalArgumentException(what + " does not answer " + p.event.getClass().getSimpleName()
          + " in state " + s.state);
    }
    return p;
  }

  private void requireFetchOpen() {
    if (!s.fetchOpen) {
      throw new IllegalStateException("no FETCH response open: fetchBegin first");
    }
  }

  private boolean ignoredAfterClose() {
    if (s.state == ImapState.LOGOUT) {
      ImapServer.LOG.debug("[{}] host answer after close ignored", s.sessionId);
      return true;
    }
    return false;
  }
}
