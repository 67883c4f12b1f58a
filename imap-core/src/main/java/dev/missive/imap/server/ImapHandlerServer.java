package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.message.SearchEvaluator;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.WakeableEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An IMAP server session answered from a {@link MailStore} (RFC 9051): the {@link ImapServer} engine with every
 * event handled synchronously, for hosts that need no asynchronous answers, as {@code Pop3HandlerServer} is for
 * POP3. It is itself a {@link ProtocolEngine}: a transport drives it like any engine.
 *
 * <p>What the facade computes: LIST and LSUB with wildcards, children attributes (CHILDREN, RFC 3348), special uses
 * (RFC 6154), LIST-EXTENDED's options (RFC 5258), LIST-STATUS items (RFC 5819) and STATUS; FETCH of every item from
 * the stored octets (ENVELOPE, BODYSTRUCTURE, sections, partial fetches, BINARY), setting {@code \Seen} for non-peek
 * bodies; SEARCH with {@link SearchEvaluator#standard()}; APPEND streamed into {@link MessageSink}s and committed all
 * at once (MULTIAPPEND); UIDPLUS codes from the store. Large contents go out in 16 KiB pieces as the host drains the output.
 *
 * <p>Changes other sessions make reach this one through a {@link MailboxListener}, from any thread; they are
 * queued and applied on the engine's thread at its next call. While the client idles they must go out at once (RFC
 * 9051 §6.3.13): by default {@link #nextDeadline()} comes every second so the host's timer brings them out; a host
 * that can run code on the engine's context when told sets {@link #changeDelivery} to be woken instead, or to poll
 * at another pace; the library's transports do that themselves ({@link WakeableEngine}: the reports go out at once,
 * and the poll only brings what a store finds when it {@linkplain OpenMailbox#refresh() refreshes}). A store that throws is answered {@code NO [SERVERBUG]} and logged once; a
 * failure in the middle of a FETCH response ends the session.
 */
public final class ImapHandlerServer implements WakeableEngine {

  private static final Duration DEFAULT_POLL = Duration.ofSeconds(1);

  private final ImapServer raw;
  private final MailStore store;
  private final SearchEvaluator evaluator;
  private MailSession session;
  private OpenMailbox open;
  private final ChangeQueue changes;
  private final Appends appends;
  /** The FETCH or QRESYNC resynchronisation writing its responses as the output drains, if any. */
  private OutputJob job;
  private boolean idling;
  private long poll = DEFAULT_POLL.toNanos();
  private long eventsHandled;

  /**
   * A session over {@code store}. It offers what this facade implements over any store (UIDPLUS, CHILDREN,
   * SPECIAL-USE, CREATE-SPECIAL-USE, LIST-EXTENDED, LIST-STATUS, STATUS=SIZE, BINARY), and of the extensions that need
   * something of the host, those the host capabilities of {@code config} name: CONDSTORE and QRESYNC (RFC 7162) when
   * the store keeps mod-sequences (a mailbox without them is answered {@code NOMODSEQ}), COMPRESS=DEFLATE when the
   * transport compresses (RFC 4978). {@code ImapListener}'s default configuration names all three.
   *
   * @param store       the mailboxes
   * @param config      the engine's configuration
   * @param environment time and randomness
   * @param peer        the client
   */
  public ImapHandlerServer(MailStore store, ImapServerConfig config, EngineEnvironment environment, PeerInfo peer) {
    this.store = Objects.requireNonNull(store, "store");
    this.evaluator = SearchEvaluator.standard();
    ImapServerConfig c = Objects.requireNonNull(config, "config");
    List<String> caps = new ArrayList<>(List.of("UIDPLUS", "CHILDREN", "SPECIAL-USE", "CREATE-SPECIAL-USE",
        "LIST-EXTENDED", "LIST-STATUS", "STATUS=SIZE", "BINARY"));
    for (String hosts : List.of("CONDSTORE", "QRESYNC", ImapServerConfig.COMPRESS_DEFLATE)) {
      if (c.hostCapabilities().contains(hosts)) {
        caps.add(hosts); // the store's mod-sequences, the transport's compression: offered when the host says so
      }
    }
    this.raw = new ImapServer(c.toBuilder().hostCapabilities(caps.toArray(String[]::new)).build(), environment, peer);
    this.changes = new ChangeQueue(raw);
    this.appends = new Appends(raw);
  }

  /**
   * How the changes of other sessions reach an idling client (RFC 9051 §6.3.13, RFC 2177 §3). The store reports
   * them on its own thread; they are applied on the engine's context, at its next call. {@code wakeup}, if given,
   * runs on the reporting thread each time one is queued, for the host to schedule {@link #changesArrived()} on the
   * engine's context (for example {@code channel.eventLoop().execute(...)}); {@code poll} is how often
   * {@link #nextDeadline()} comes while the client idles so the host's timer brings them out anyway.
   *
   * <p>The poll is also when an idling session asks the store to {@linkplain OpenMailbox#refresh() refresh}: a
   * store that learns of changes only then (one other programs write into, such as a Maildir) needs it.
   *
   * @param poll   the poll period while idling, or {@link Duration#ZERO} for none (then {@code wakeup} is needed)
   * @param wakeup told, on the store's thread, that changes wait; must not block; or null
   * @return this session
   * @throws IllegalArgumentException if {@code poll} is negative, or zero without a {@code wakeup}
   */
  public ImapHandlerServer changeDelivery(Duration poll, Runnable wakeup) {
    if (poll.isNegative() || poll.isZero() && wakeup == null) {
      throw new IllegalArgumentException("a positive poll period, or a wakeup: " + poll);
    }
    this.poll = poll.toNanos();
    changes.wakeup(wakeup);
    return this;
  }

  /**
   * Applies the changes other sessions reported and answers what follows from them (an idling client is told at
   * once); call it on the engine's context after the {@link #changeDelivery} wakeup ran. Any other call of the
   * engine does it too.
   */
  public void changesArrived() {
    pump();
  }

  /**
   * {@inheritDoc} The library's transports call it: each report of another session or a delivery then wakes this
   * session on its own context, so an idling client hears of it at once (RFC 9051 §6.3.13). It adds to a
   * {@link #changeDelivery} wake-up, if one is set.
   */
  @Override
  public void wakeUpWith(Runnable wakeup) {
    changes.transportWakeup(Objects.requireNonNull(wakeup, "wakeup"));
  }

  /** {@inheritDoc} Applies the reported changes, as {@link #changesArrived()} does. */
  @Override
  public void onWake() {
    pump();
  }

  /** {@return the engine underneath, for its state and queries} */
  public ImapServer engine() {
    return raw;
  }

  // ---------------------------------------------------------------- ProtocolEngine

  @Override
  public void receive(ByteBuffer in) {
    refresh(); // changes made elsewhere reach the view before the command answers (NOOP, RFC 9051 §6.1.2)
    raw.receive(in);
    pump();
    // The engine stops for each event, also after a unit that takes no octets (the end of an APPEND message before
    // its CRLF); this facade answers events itself, so it offers the rest again here: a transport counts only
    // octets taken or output written as progress and would otherwise wait for the client's next command. It stops
    // when there is output to write first (a continuation request is written before more is read) or a round
    // changes nothing.
    for (int unchanged = 0; unchanged < 2 && in.hasRemaining() && !raw.hasOutput()
        && raw.status() == Status.NEEDS_INPUT; ) {
      int before = in.remaining();
      long handledBefore = eventsHandled;
      raw.receive(in);
      pump();
      unchanged = in.remaining() == before && eventsHandled == handledBefore ? unchanged + 1 : 0;
    }
  }

  @Override
  public void receiveEnd() {
    raw.receiveEnd();
    pump();
  }

  @Override
  public boolean hasOutput() {
    return raw.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer out) {
    raw.drainOutput(out);
    pump(); // D4: more FETCH content once the output drained
  }

  @Override
  public Status status() {
    pump();
    return raw.status();
  }

  @Override
  public OptionalLong nextDeadline() {
    OptionalLong d = raw.nextDeadline();
    if (!idling || poll == 0) {
      return d;
    }
    long pollAt = raw.environment().now() + poll;
    return OptionalLong.of(d.isPresent() ? Math.min(d.getAsLong(), pollAt) : pollAt);
  }

  @Override
  public void onTimeout() {
    if (idling) {
      refresh();
    }
    pump();
    raw.onTimeout();
    pump();
  }

  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return raw.pendingStreamChange();
  }

  @Override
  public void streamChanged(StreamLayer layer) {
    raw.streamChanged(layer);
    pump();
  }

  @Override
  public EngineEnvironment environment() {
    return raw.environment();
  }

  @Override
  public void shutdown() {
    raw.shutdown();
    pump();
  }

  // ---------------------------------------------------------------- events

  /** Asks the store to report what changed elsewhere ({@link OpenMailbox#refresh()}) and queues it for the view. */
  private void refresh() {
    if (open != null) {
      try {
        open.refresh();
      } catch (RuntimeException x) {
        ImapServer.LOG.warn("[{}] the store failed to refresh the selected mailbox", raw.session().sessionId, x);
      }
      applyChanges();
    }
  }

  private void applyChanges() {
    changes.apply();
  }

  private void pump() {
    applyChanges();
    for (ImapServerEvent e; (e = raw.nextEvent()) != null; ) {
      eventsHandled++;
      try {
        handle(e);
      } catch (StoreException x) {
        raw.reject(x.code().orElse(null), x.getMessage());
      } catch (IOException | RuntimeException x) {
        failed(e.getClass().getSimpleName(), x);
      }
    }
    if (job != null) {
      try {
        if (job.run()) {
          job = null;
        }
      } catch (IOException | StoreException | RuntimeException x) {
        job = null;
        ImapServer.LOG.warn("[{}] FETCH failed while a response was open; closing", raw.session().sessionId, x);
        raw.shutdown(); // a response half written cannot be taken back
      }
    }
  }

  private void failed(String what, Exception x) {
    ImapServer.LOG.warn("[{}] the store failed on {}", raw.session().sessionId, what, x);
    if (raw.pendingDecision().isPresent()) {
      raw.reject(ResponseCode.SERVERBUG, "Internal server error");
    }
  }

  private void handle(ImapServerEvent e) throws StoreException, IOException {
    if (e instanceof ImapServerEvent.LoginRequested l) {
      char[] password = l.password();
      boolean ok = store.checkPassword(l.user(), password);
      java.util.Arrays.fill(password, '\0');
      if (ok) {
        raw.accept();
      } else {
        raw.reject();
      }
    } else if (e instanceof ImapServerEvent.Authenticated a) {
      try {
        session = store.open(a.user());
      } catch (StoreException x) {
        ImapServer.LOG.warn("[{}] the user's mailboxes cannot be opened: {}", raw.session().sessionId, x.getMessage());
        raw.shutdown();
      }
    } else if (e instanceof ImapServerEvent.SelectRequested s) {
      open = session.select(s.mailbox(), s.readOnly(), changes.listener());
      SelectedMailbox snapshot = open.snapshot();
      raw.selected(snapshot);
      if (raw.pendingDecision().isPresent()) { // the QRESYNC parameter is honoured (RFC 7162 §3.2.5.1)
        job = new Resync(raw, open, snapshot, s.qresync().orElseThrow())::run;
      }
    } else if (e instanceof ImapServerEvent.Deselected) {
      closeMailbox();
    } else if (e instanceof ImapServerEvent.MailboxCommand m) {
      new MailboxAnswers(raw, session).answer(m.command());
    } else if (e instanceof ImapServerEvent.AppendStarted a) {
      appends.started(a, session);
    } else if (e instanceof ImapServerEvent.AppendData d) {
      appends.data(d.bytes());
    } else if (e instanceof ImapServerEvent.AppendCompleted c) {
      appends.completed(c, session, this::applyChanges);
    } else if (e instanceof ImapServerEvent.FetchRequested f) {
      job = new FetchJob(raw, open, f, raw.session().selectedReadOnly())::run;
    } else if (e instanceof ImapServerEvent.StoreRequested s) {
      StoreAnswer.answer(raw, open, s);
    } else if (e instanceof ImapServerEvent.SearchRequested s) {
      SearchAnswer.answer(raw, open, s, evaluator);
    } else if (e instanceof ImapServerEvent.CopyRequested c) {
      ResponseCode.CopyUid code = open.copy(c.messages(), c.command().mailbox(), c.command().move());
      if (c.command().move()) {
        c.messages().forEachRun((a, b) -> {
          for (long u = a; u <= b; u++) {
            raw.messageExpunged(u);
          }
        });
      }
      applyChanges();
      raw.complete(code, null);
    } else if (e instanceof ImapServerEvent.ExpungeRequested x) {
      expunge(x);
    } else if (e instanceof ImapServerEvent.IdleStarted) {
      idling = true;
    } else if (e instanceof ImapServerEvent.IdleEnded) {
      idling = false;
    } else if (e instanceof ImapServerEvent.SessionEnded) {
      job = null;
      closeMailbox();
      appends.discard();
      if (session != null) {
        session.close();
        session = null;
      }
    }
  }

  /**
   * EXPUNGE, UID EXPUNGE and CLOSE (RFC 9051 §6.4.3, RFC 4315 §2.1, RFC 9051 §6.4.1). Once QRESYNC is enabled, an
   * EXPUNGE or UID EXPUNGE that removed something completes with the mailbox's new {@code HIGHESTMODSEQ} (RFC 7162
   * §3.2.7, §3.2.9), read before the changes reported meanwhile are announced with it, so it covers nothing the client
   * is not told; CLOSE never carries it (§3.2.8).
   */
  private void expunge(ImapServerEvent.ExpungeRequested x) throws StoreException {
    List<Long> removed = open.expunge(x.uids());
    removed.forEach(raw::messageExpunged);
    long highest = open.highestModSeq();
    applyChanges();
    if (!removed.isEmpty() && !x.close() && raw.isQresyncEnabled() && highest > 0) {
      raw.complete(new ResponseCode.HighestModSeq(highest), null);
    } else {
      raw.complete();
    }
  }

  private void closeMailbox() {
    changes.mailboxClosed();
    if (open != null) {
      open.close();
      open = null;
    }
  }

  /** A job that writes responses as the output drains ({@link FetchJob}, {@link Resync}). */
  @FunctionalInterface
  private interface OutputJob {
    /** {@return whether the command is complete} */
    boolean run() throws IOException, StoreException;
  }
}
