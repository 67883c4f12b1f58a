package dev.missive.imap.host;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.client.ClientMailbox;
import dev.missive.imap.client.CommandResult;
import dev.missive.imap.client.ImapClient;
import dev.missive.imap.client.ImapClientEvent;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.host.MailboxChanges.ChangedFlags;
import dev.missive.imap.host.MailboxChanges.Path;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.response.FetchAttribute;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * {@link ImapSession#resync}'s three ways of bringing a cached mailbox up to date (RFC 7162 §6): one
 * {@code SELECT (QRESYNC ...)} when QRESYNC is enabled, CONDSTORE's {@code CHANGEDSINCE} plus a {@code UID SEARCH ALL}
 * when only CONDSTORE is offered, a full flag fetch otherwise. One instance per call.
 */
final class MailboxResync {

  private final SessionDriver driver;
  private final ImapClient client;
  private final boolean qresyncEnabled;
  private final TreeMap<Long, ChangedFlags> changed = new TreeMap<>();
  private final UidSet vanished = new UidSet();

  MailboxResync(SessionDriver driver, boolean qresyncEnabled) {
    this.driver = driver;
    this.client = driver.engine();
    this.qresyncEnabled = qresyncEnabled;
  }

  MailboxChanges run(String folder, long uidValidity, long modSeq, Optional<SequenceSet> known)
      throws IOException {
    if (qresyncEnabled && modSeq > 0) {
      QresyncParameters cache = new QresyncParameters(uidValidity, modSeq, known, Optional.empty(),
          Optional.empty());
      ClientMailbox m = select("SELECT " + folder + " (QRESYNC)", client.select(folder, false, cache));
      return result(Path.QRESYNC, uidValidity, m, known);
    }
    boolean condstore = client.hasCapability("CONDSTORE") || client.hasCapability("QRESYNC");
    ClientMailbox m = condstore ? select("SELECT " + folder + " (CONDSTORE)", client.selectCondstore(folder, false))
        : select("SELECT " + folder, client.select(folder));
    if (!valid(uidValidity, m)) {
      return result(condstore ? Path.CONDSTORE : Path.FULL, uidValidity, m, known);
    }
    if (condstore && modSeq > 0 && m.highestModSeq().isPresent()) {
      ImapSession.check("UID FETCH (CHANGEDSINCE)", driver.await(client.fetchChangedSince(true,
          SequenceSet.range(1, SequenceSet.STAR), modSeq, false, FetchItem.Simple.UID, FetchItem.Simple.FLAGS),
          this::collect));
      if (known.isPresent()) {
        gone(known.get(), search());
      }
      return result(Path.CONDSTORE, uidValidity, m, known);
    }
    UidSet present = new UidSet();
    ImapSession.check("UID FETCH", driver.await(client.fetch(true, SequenceSet.range(1, SequenceSet.STAR),
        FetchItem.Simple.UID, FetchItem.Simple.FLAGS), e -> {
          collect(e);
          if (e instanceof ImapClientEvent.Fetched f && f.uid().isPresent()) {
            present.add(f.uid().getAsLong());
          }
        }));
    if (known.isPresent()) {
      gone(known.get(), present);
    }
    return result(Path.FULL, uidValidity, m, known);
  }

  private ClientMailbox select(String what, String tag) throws IOException {
    return ((CommandResult.Selected) ImapSession.check(what, driver.await(tag, this::collect))).mailbox();
  }

  /** VANISHED (EARLIER or not) and FETCH responses with FLAGS, solicited or not, as they come. */
  private void collect(ImapClientEvent e) {
    if (e instanceof ImapClientEvent.Vanished v) {
      v.uids().ranges().forEach(r -> vanished.addRange(r.first(), r.last()));
    } else if (e instanceof ImapClientEvent.Fetched f && f.uid().isPresent()) {
      List<Flag> flags = null;
      long modSeq = 0;
      for (FetchAttribute a : f.attributes()) {
        if (a instanceof FetchAttribute.Flags fl) {
          flags = fl.flags();
        } else if (a instanceof FetchAttribute.ModSeq ms) {
          modSeq = ms.modSeq();
        }
      }
      if (flags != null) {
        long uid = f.uid().getAsLong();
        changed.put(uid, new ChangedFlags(uid, flags, modSeq));
      }
    }
  }

  private UidSet search() throws IOException {
    CommandResult.Searched s = (CommandResult.Searched) ImapSession.check("UID SEARCH ALL",
        driver.await(client.search(true, new SearchKey.All()), e -> { }));
    return s.matches().map(UidSet::of).orElseGet(UidSet::new);
  }

  /** The known UIDs the mailbox no longer holds. */
  private void gone(SequenceSet known, UidSet present) {
    UidSet missing = UidSet.of(known);
    missing.removeAll(present);
    missing.forEachRun(vanished::addRange);
  }

  private static boolean valid(long uidValidity, ClientMailbox m) {
    return m.uidValidity().orElse(0) == uidValidity;
  }

  /**
   * The answer: with known UIDs, the changes of those only (as QRESYNC reports them, RFC 7162 §3.2.5.1), so each path
   * answers alike; without CONDSTORE no mod-sequence, since nothing could be resynchronised with it.
   */
  private MailboxChanges result(Path path, long uidValidity, ClientMailbox m, Optional<SequenceSet> known) {
    OptionalLong highest = path == Path.FULL && !client.hasCapability("CONDSTORE") ? OptionalLong.empty()
        : m.highestModSeq();
    long now = m.uidValidity().orElse(0);
    if (!valid(uidValidity, m)) {
      return new MailboxChanges(path, false, now, highest, Optional.empty(), List.of());
    }
    vanished.forEachRun((first, last) -> changed.subMap(first, true, last, true).clear());
    if (known.isPresent()) {
      UidSet cached = UidSet.of(known.get());
      changed.keySet().removeIf(uid -> !cached.contains(uid));
    }
    return new MailboxChanges(path, true, now, highest, Optional.ofNullable(vanished.toSequenceSet()),
        List.copyOf(changed.values()));
  }
}
