package dev.missive.imap.server;

import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.protocol.ResponseEncoder;
import dev.missive.imap.response.UntaggedResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * CONDSTORE and QRESYNC in one {@link ImapServer} session (RFC 7162): whether the host offers them, whether the client
 * enabled them (with ENABLE, RFC 7162 §3.1 and §3.2.3, or implicitly by a CONDSTORE enabling command, §3.1), and
 * which commands are refused: any use of them when the host does not offer them, their use on a mailbox selected
 * with {@code NOMODSEQ} (§3.1.2.2), the QRESYNC select parameter and the VANISHED fetch modifier before ENABLE
 * QRESYNC (§3.2.5, §3.2.6).
 */
final class Condstore {

  private final boolean offered;
  private final boolean qresyncOffered;
  /** Whether CONDSTORE is enabled: every later FETCH response with flags carries UID and MODSEQ (§3.1). */
  boolean enabled;
  /** Whether QRESYNC is enabled: VANISHED replaces EXPUNGE (§3.2.10). */
  boolean qresync;

  Condstore(ImapServerConfig config) {
    this.offered = config.hostCapabilities().contains("CONDSTORE");
    this.qresyncOffered = config.hostCapabilities().contains("QRESYNC");
  }

  /** {@return whether the host offers CONDSTORE} */
  boolean offered() {
    return offered;
  }

  /**
   * ENABLE of one capability (RFC 5161 §3.1, RFC 7162 §3.1, §3.2.3: QRESYNC enables CONDSTORE too).
   *
   * @param upper the capability, upper case
   * @return the name to list in {@code * ENABLED}, or null when it is not ours, not offered or already enabled
   */
  String enable(String upper) {
    if (upper.equals("CONDSTORE") && offered && !enabled) {
      enabled = true;
      return "CONDSTORE";
    }
    if (upper.equals("QRESYNC") && qresyncOffered && !qresync) {
      qresync = true;
      enabled = true;
      return "QRESYNC";
    }
    return null;
  }

  /**
   * Checks a command before it runs and enables CONDSTORE when it is an enabling command (RFC 7162 §3.1).
   *
   * @param c        the command
   * @param state    the session's state
   * @param selected the selected mailbox, or null
   * @return null to go on, or the text of the BAD that refuses it
   */
  String admit(Command c, ImapState state, SelectedSession selected) {
    if (!usesCondstore(c) || state == ImapState.NOT_AUTHENTICATED) {
      return null; // the state checks answer commands out of place
    }
    if (!offered) {
      return "CONDSTORE is not available";
    }
    if (c instanceof AuthenticatedCommand.Select sel && sel.qresync().isPresent() && !qresync) {
      return "QRESYNC is not enabled"; // RFC 7162 §3.2.5
    }
    if (c instanceof SelectedCommand) {
      if (state != ImapState.SELECTED) {
        return null;
      }
      if (c instanceof SelectedCommand.Fetch f && f.vanished() && !qresync) {
        return "QRESYNC is not enabled"; // RFC 7162 §3.2.6
      }
      if (!selected.modSeqs) {
        return "The mailbox keeps no mod-sequences (NOMODSEQ)"; // RFC 7162 §3.1.2.2
      }
    }
    enabled = true;
    return null;
  }

  /**
   * Whether a SELECT's QRESYNC parameter is honoured (RFC 7162 §3.2.5): the mailbox keeps mod-sequences and its
   * UIDVALIDITY is the one the client remembers; otherwise the parameter is ignored and the SELECT is a plain one.
   */
  boolean resynchronizes(ImapServerEvent.SelectRequested r, SelectedMailbox m) {
    return qresync && m.highestModSeq() > 0 && r.qresync().isPresent()
        && r.qresync().get().uidValidity() == m.uidValidity();
  }

  /** How many runs of UIDs one VANISHED response names at most, so its line stays short (RFC 7162 §3.2.10). */
  static final int VANISHED_RUNS = 256;

  /** Writes {@code * VANISHED [(EARLIER)] uids}, as several responses when the set has many runs. */
  static void writeVanished(ResponseEncoder enc, UidSet uids, boolean earlier) {
    UidSet part = new UidSet();
    uids.forEachRun((a, b) -> {
      part.addRange(a, b);
      if (part.runCount() == VANISHED_RUNS) {
        enc.write(new UntaggedResponse.Vanished(earlier, part.toSequenceSet()));
        part.clear();
      }
    });
    if (!part.isEmpty()) {
      enc.write(new UntaggedResponse.Vanished(earlier, part.toSequenceSet()));
    }
  }

  /** The FETCH as the host answers it: CHANGEDSINCE asks for MODSEQ too (RFC 7162 §3.1.4.1). */
  static SelectedCommand.Fetch withModSeq(SelectedCommand.Fetch f) {
    if (f.changedSince().isEmpty() || f.items().contains(FetchItem.Simple.MODSEQ)) {
      return f;
    }
    List<FetchItem> items = new ArrayList<>(f.items());
    items.add(FetchItem.Simple.MODSEQ);
    return new SelectedCommand.Fetch(f.tag(), f.uid(), f.set(), items, f.changedSince(), f.vanished());
  }

  /** Whether a command is a CONDSTORE enabling command (RFC 7162 §3.1), ENABLE aside. */
  static boolean usesCondstore(Command c) {
    if (c instanceof AuthenticatedCommand.Select s) {
      return s.condstore() || s.qresync().isPresent();
    }
    if (c instanceof AuthenticatedCommand.Status s) {
      return s.items().contains(StatusItem.HIGHESTMODSEQ);
    }
    if (c instanceof SelectedCommand.Fetch f) {
      return f.changedSince().isPresent() || f.items().contains(FetchItem.Simple.MODSEQ);
    }
    if (c instanceof SelectedCommand.Store s) {
      return s.unchangedSince().isPresent();
    }
    if (c instanceof SelectedCommand.Search s) {
      return usesModSeq(s.criteria());
    }
    return false;
  }

  /** Whether a search uses the MODSEQ key, so its answer carries the highest mod-sequence (RFC 7162 §3.1.5). */
  static boolean usesModSeq(SearchKey k) {
    if (k instanceof SearchKey.ModSeq) {
      return true;
    }
    if (k instanceof SearchKey.Not n) {
      return usesModSeq(n.key());
    }
    if (k instanceof SearchKey.Or o) {
      return usesModSeq(o.left()) || usesModSeq(o.right());
    }
    return k instanceof SearchKey.And a && a.keys().stream().anyMatch(Condstore::usesModSeq);
  }
}
