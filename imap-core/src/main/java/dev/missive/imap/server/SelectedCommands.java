package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.mailbox.UpdatePolicy;
import dev.missive.imap.message.SearchContext;
import java.util.Locale;
import java.util.Optional;

/**
 * The selected state's commands (RFC 9051 §6.4): sequence sets resolved in the client's view (a number beyond
 * the mailbox is BAD, {@code $} is the saved result), messages expunged elsewhere left out of FETCH and STORE and
 * refused by COPY and MOVE (RFC 2180 §4.1, §4.4), read-only mailboxes refused for changes, and the host asked.
 */
final class SelectedCommands {

  private final ServerSession s;
  private final Commands commands;

  SelectedCommands(ServerSession server, Commands commands) {
    this.s = server;
    this.commands = commands;
  }

  void command(SelectedCommand c) {
    SelectedSession sel = s.selected;
    UpdatePolicy policy = UpdatePolicy.during(c);
    if (c instanceof SelectedCommand.Check) {
      commands.ok(c.tag(), "CHECK completed"); // RFC 3501 §6.4.1; RFC 9051 answers it like NOOP
    } else if (c instanceof SelectedCommand.Close close) {
      if (close.expunge() && !sel.readOnly) {
        s.ask(new Pending(Pending.Kind.CLOSE, new ImapServerEvent.ExpungeRequested(c.tag(), Optional.empty(), true),
            "CLOSE", UpdatePolicy.ALL));
      } else {
        commands.deselect(false); // EXAMINE'd mailboxes are closed without expunging (RFC 9051 §6.4.1)
        commands.ok(c.tag(), (close.expunge() ? "CLOSE" : "UNSELECT") + " completed");
      }
    } else if (c instanceof SelectedCommand.Expunge e) {
      if (sel.readOnly) {
        commands.no(c.tag(), ResponseCode.READ_ONLY, "The mailbox is read-only");
        return;
      }
      Optional<UidSet> uids = Optional.empty();
      if (e.uids().isPresent()) {
        UidSet u = sel.resolve(e.uids().get(), true);
        uids = Optional.of(u);
      }
      s.ask(new Pending(Pending.Kind.EXPUNGE, new ImapServerEvent.ExpungeRequested(c.tag(), uids, false),
          "EXPUNGE", policy));
    } else if (c instanceof SelectedCommand.Search search) {
      search(search, policy);
    } else if (c instanceof SelectedCommand.Fetch f) {
      UidSet named = resolve(f.tag(), f.set(), f.uid());
      if (named != null) {
        UidSet kept = sel.withoutExpunged(named);
        s.ask(new Pending(Pending.Kind.FETCH, new ImapServerEvent.FetchRequested(c.tag(), Condstore.withModSeq(f),
            kept), "FETCH", policy,
            !f.uid() && kept.size() < named.size(), false));
      }
    } else if (c instanceof SelectedCommand.Store st) {
      if (sel.readOnly) {
        commands.no(c.tag(), ResponseCode.READ_ONLY, "The mailbox is read-only");
        return;
      }
      UidSet named = resolve(st.tag(), st.set(), st.uid());
      if (named != null) {
        UidSet kept = sel.withoutExpunged(named);
        String verb = switch (st.action()) {
          case ADD -> "+FLAGS";
          case REMOVE -> "-FLAGS";
          default -> "FLAGS";
        };
        s.ask(new Pending(Pending.Kind.STORE, new ImapServerEvent.StoreRequested(c.tag(), st, kept),
            st.uid() ? "UID STORE" : verb, policy, kept.size() < named.size(), false));
      }
    } else {
      copy((SelectedCommand.Copy) c, policy);
    }
  }

  private void copy(SelectedCommand.Copy c, UpdatePolicy policy) {
    SelectedSession sel = s.selected;
    if (c.move() && sel.readOnly) {
      commands.no(c.tag(), ResponseCode.READ_ONLY, "The mailbox is read-only");
      return;
    }
    UidSet named = resolve(c.tag(), c.set(), c.uid());
    if (named == null) {
      return;
    }
    UidSet kept = sel.withoutExpunged(named);
    if (kept.size() < named.size()) { // RFC 2180 §4.4.1: copy nothing rather than part
      commands.no(c.tag(), ResponseCode.EXPUNGEISSUED, "Some of the requested messages no longer exist");
      return;
    }
    String verb = (c.uid() ? "UID " : "") + (c.move() ? "MOVE" : "COPY");
    s.ask(new Pending(c.move() ? Pending.Kind.MOVE : Pending.Kind.COPY,
        new ImapServerEvent.CopyRequested(c.tag(), c, kept), verb, policy));
  }

  /** RFC 9051 §6.4.4: US-ASCII and UTF-8 are the charsets every server knows; the criteria are decoded text. */
  private void search(SelectedCommand.Search search, UpdatePolicy policy) {
    SelectedSession sel = s.selected;
    Optional<String> charset = search.charset().map(cs -> cs.toUpperCase(Locale.ROOT));
    if (charset.isPresent() && !charset.get().equals("US-ASCII") && !charset.get().equals("UTF-8")) {
      commands.no(search.tag(), new ResponseCode.BadCharset(java.util.List.of("US-ASCII", "UTF-8")),
          "Unsupported charset");
      return;
    }
    UidSet all = new UidSet();
    sel.view.forEach(SequenceSet.all(), false, (seq, uid) -> all.add(uid));
    SearchContext context = new SearchContext(sel.view.size(), sel.view.lastUid(), sel.saved());
    s.ask(new Pending(Pending.Kind.SEARCH, new ImapServerEvent.SearchRequested(search.tag(), search, context, all),
        search.uid() ? "UID SEARCH" : "SEARCH", policy));
  }

  private UidSet resolve(String tag, SequenceSet set, boolean uid) {
    UidSet named = s.selected.resolve(set, uid);
    if (named == null) {
      commands.bad(tag, "Invalid sequence set: no such message"); // RFC 9051 §9 seq-number
    }
    return named;
  }
}
