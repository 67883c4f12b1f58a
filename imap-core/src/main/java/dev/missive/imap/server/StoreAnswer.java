package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.response.FetchAttribute;
import java.util.ArrayList;
import java.util.List;

/** STORE answered from an {@link OpenMailbox} for an {@link ImapHandlerServer}. */
final class StoreAnswer {

  private StoreAnswer() {
  }

  /**
   * STORE (RFC 9051 §6.4.6) and its conditional form (RFC 7162 §3.1.3): a message changed after UNCHANGEDSINCE is
   * left alone and named in {@code [MODIFIED ...]}; once CONDSTORE is enabled each FETCH carries MODSEQ, and a silent
   * conditional STORE still reports the new mod-sequences (without the flags).
   */
  static void answer(ImapServer raw, OpenMailbox open, ImapServerEvent.StoreRequested s) throws StoreException {
    SelectedCommand.Store command = s.command();
    boolean modSeq = raw.isCondstoreEnabled();
    UidSet modified = new UidSet();
    long n = s.messages().size();
    for (long i = 1; i <= n; i++) {
      long uid = s.messages().select(i);
      FlagChange change = open.store(uid, command.action(), command.flags(), command.unchangedSince());
      if (change == null) {
        continue;
      }
      if (change.modified()) {
        modified.add(command.uid() ? uid : raw.sequenceNumber(uid));
        continue;
      }
      List<FetchAttribute> items = new ArrayList<>(2);
      if (!command.silent()) {
        items.add(new FetchAttribute.Flags(raw.session().clientFlags(change.flags())));
      }
      if (modSeq && change.modSeq() > 0 && (!command.silent() || command.unchangedSince().isPresent())) {
        items.add(new FetchAttribute.ModSeq(change.modSeq()));
      }
      if (!items.isEmpty()) {
        raw.fetchResponse(uid, items);
      }
    }
    if (modified.isEmpty()) {
      raw.complete();
    } else {
      raw.complete(new ResponseCode.Modified(modified.toSequenceSet()), "Conditional STORE failed");
    }
  }
}
