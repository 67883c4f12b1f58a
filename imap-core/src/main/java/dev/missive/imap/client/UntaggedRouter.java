package dev.missive.imap.client;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.client.internal.ClientCommand.Kind;
import dev.missive.imap.client.internal.ClientCommand;
import dev.missive.imap.client.internal.CommandFlow;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.UntaggedResponse;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each untagged response goes (RFC 9051 §7): mailbox updates keep the client's {@link ClientMailbox}
 * consistent and reach the host as events (EXISTS §7.3.1, EXPUNGE §7.5.1 with the numbers shifting, FETCH §7.5.2,
 * FLAGS §7.3.5, the codes of §7.1), the data a command asked for is gathered for its result (LIST, STATUS, SEARCH,
 * ESEARCH by its tag, ENABLED, NAMESPACE, ID, MOVE's COPYUID), capabilities update the opening, conditions reach
 * the host as notices. A response that contradicts the mailbox (an EXPUNGE or FETCH of a message that does not
 * exist, a count that shrinks) ends the session: the numbering can no longer be trusted.
 */
final class UntaggedRouter {

  private static final Logger LOG = LoggerFactory.getLogger(UntaggedRouter.class);

  /** What the router needs from the engine. */
  interface Port {
    void event(ImapClientEvent event);

    void abort(String reason);

    /** The selected mailbox, or the one being selected, or null. */
    ClientMailbox mailbox();

    SessionOpening opening();

    /** Counts a gathered response for {@code c}; false once it is over the limit (the engine aborted). */
    boolean gather(ClientCommand c);
  }

  private final Port port;
  private final CommandFlow flow;
  private final String sessionId;

  UntaggedRouter(Port port, CommandFlow flow, String sessionId) {
    this.port = port;
    this.flow = flow;
    this.sessionId = sessionId;
  }

  void route(UntaggedResponse r) {
    if (r instanceof UntaggedResponse.Condition c) {
      condition(c);
    } else if (r instanceof UntaggedResponse.Capabilities c) {
      port.opening().capabilities(c.capabilities());
    } else if (r instanceof UntaggedResponse.Exists e) {
      exists(e.count());
    } else if (r instanceof UntaggedResponse.Expunge e) {
      expunge(e.seq());
    } else if (r instanceof UntaggedResponse.Fetch f) {
      fetch(f);
    } else if (r instanceof UntaggedResponse.Flags f) {
      ClientMailbox m = port.mailbox();
      if (m != null) {
        m.flags(f.flags());
      }
    } else if (r instanceof UntaggedResponse.Vanished v) {
      vanished(v);
    } else if (r instanceof UntaggedResponse.Recent) {
      LOG.trace("[{}] RECENT ignored (IMAP4rev1 only)", sessionId);
    } else {
      gather(r);
    }
  }

  private void gather(UntaggedResponse r) {
    if (r instanceof UntaggedResponse.MailboxList l) {
      into(flow.inFlight(Kind.LIST), c -> c.gathered().lists.add(l));
    } else if (r instanceof UntaggedResponse.MailboxStatus s) {
      ClientCommand list = flow.inFlight(Kind.LIST);
      into(list != null ? list : flow.inFlight(Kind.STATUS), c -> c.gathered().statuses.add(s));
    } else if (r instanceof UntaggedResponse.Search s) {
      into(flow.inFlight(Kind.SEARCH), c -> c.gathered().numbers.addAll(s.numbers()));
    } else if (r instanceof UntaggedResponse.ESearch e) {
      ClientCommand c = e.tag().map(flow::inFlight).orElse(flow.inFlight(Kind.SEARCH));
      into(c != null && c.kind() == Kind.SEARCH ? c : null, x -> x.gathered().esearch = e);
    } else if (r instanceof UntaggedResponse.Enabled e) {
      port.opening().enabled(e.capabilities());
      into(flow.inFlight(Kind.ENABLE), c -> c.gathered().enabled.addAll(e.capabilities()));
    } else if (r instanceof UntaggedResponse.Namespace n) {
      into(flow.inFlight(Kind.NAMESPACE), c -> c.gathered().namespace = n);
    } else if (r instanceof UntaggedResponse.Id id) {
      into(flow.inFlight(Kind.ID), c -> c.gathered().id = id.parameters());
    } else {
      LOG.debug("[{}] untagged response not acted on: {}", sessionId, r);
    }
  }

  private void into(ClientCommand c, Consumer<ClientCommand> add) {
    if (c == null) {
      LOG.debug("[{}] an untagged response no command asked for, ignored", sessionId);
    } else if (port.gather(c)) {
      add.accept(c);
    }
  }

  private void condition(UntaggedResponse.Condition c) {
    ResponseCode code = c.code().orElse(null);
    ClientMailbox m = port.mailbox();
    if (code instanceof ResponseCode.Capability caps) {
      port.opening().capabilities(caps.capabilities());
    } else if (code instanceof ResponseCode.CopyUid copy) {
      into(flow.inFlight(Kind.MOVE), x -> x.gathered().copyUid = copy);   // RFC 6851 §4.3
    } else if (m != null && code != null) {
      mailboxCode(m, code);
    }
    boolean forUser = c.status() != ResponseStatus.OK || code == null || ResponseCode.ALERT.equals(code);
    if (forUser) {
      port.event(new ImapClientEvent.ServerNotice(c.status(), c.code(), c.text()));
    }
  }

  static void mailboxCode(ClientMailbox m, ResponseCode code) {
    if (code instanceof ResponseCode.UidValidity v) {
      m.uidValidity(v.uidValidity());
    } else if (code instanceof ResponseCode.UidNext n) {
      m.uidNext(n.uid());
    } else if (code instanceof ResponseCode.PermanentFlags p) {
      m.permanentFlags(p.flags());
    } else if (code instanceof ResponseCode.HighestModSeq h) {
      m.highestModSeq(h.modSeq()); // RFC 7162 §3.1.2.1
    } else if (ResponseCode.NOMODSEQ.equals(code)) {
      m.highestModSeq(0);
    }
  }

  private void exists(long count) {
    ClientMailbox m = port.mailbox();
    if (m == null) {
      LOG.debug("[{}] EXISTS without a mailbox, ignored", sessionId);
      return;
    }
    if (!m.exists(count)) {
      port.abort("EXISTS " + count + " shrinks the mailbox of " + m.exists() + " messages (RFC 9051 §7.3.1)");
      return;
    }
    port.event(new ImapClientEvent.Exists(count));
  }

  private void expunge(long seq) {
    ClientMailbox m = port.mailbox();
    long uid = m == null ? -1 : m.expunge(seq);
    if (uid < 0) {
      port.abort("EXPUNGE " + seq + " of a message that does not exist (RFC 9051 §7.5.1)");
      return;
    }
    port.event(new ImapClientEvent.Expunged(seq, uid == 0 ? OptionalLong.empty() : OptionalLong.of(uid)));
  }

  /** RFC 7162 §3.2.10: VANISHED (EARLIER) names UIDs the count never held; plain VANISHED shrinks it. */
  private void vanished(UntaggedResponse.Vanished v) {
    ClientMailbox m = port.mailbox();
    if (m == null) {
      LOG.debug("[{}] VANISHED without a mailbox, ignored", sessionId);
      return;
    }
    UidSet gone = UidSet.of(v.uids());
    if (!v.earlier() && !m.vanished(gone)) {
      port.abort("VANISHED of " + gone.size() + " messages in a mailbox of " + m.exists() + " (RFC 7162 §3.2.10)");
      return;
    }
    port.event(new ImapClientEvent.Vanished(v.earlier(), v.uids()));
  }

  private void fetch(UntaggedResponse.Fetch f) {
    ClientMailbox m = port.mailbox();
    long uid = 0;
    for (FetchAttribute a : f.attributes()) {
      if (a instanceof FetchAttribute.Uid u) {
        uid = u.uid();
      } else if (a instanceof FetchAttribute.ModSeq ms && m != null) {
        m.modSeqSeen(ms.modSeq());
      }
    }
    if (m == null || !m.fetched(f.seq(), uid)) {
      port.abort("FETCH " + f.seq() + (m == null ? " without a mailbox" : " of a message that does not exist or "
          + "with a UID out of order") + " (RFC 9051 §7.5.2)");
      return;
    }
    OptionalLong known = m.uidAt(f.seq());
    port.event(new ImapClientEvent.Fetched(f.seq(), uid != 0 ? OptionalLong.of(uid) : known, f.attributes()));
  }
}
