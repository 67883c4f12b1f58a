package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.mailbox.MailboxUpdate;
import dev.missive.imap.mailbox.MailboxView;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.mailbox.UpdatePolicy;
import dev.missive.imap.protocol.ResponseEncoder;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The selected mailbox of one session (RFC 9051 §3.3): its {@link MailboxView}, the flags of changes not yet
 * announced, and the saved SEARCH result of SEARCHRES (RFC 5182), kept as UIDs so expunges drop out of it.
 */
final class SelectedSession {

  final String mailbox;
  final boolean readOnly;
  final MailboxView view;
  /** Whether the store keeps mod-sequences for the mailbox (it was selected with HIGHESTMODSEQ, RFC 7162 §3.1.2). */
  final boolean modSeqs;
  private final Map<Long, List<Flag>> changedFlags = new HashMap<>();
  private final Map<Long, Long> changedModSeqs = new HashMap<>();
  /** Expunges reported by the host and not announced yet, with their mod-sequences (RFC 7162 §3.2). */
  private final Map<Long, Long> heldExpunges = new HashMap<>();
  /** The highest MODSEQ told the client since the last completion. */
  private long toldInCommand;
  /** Whether a completion gave a {@code HIGHESTMODSEQ} below a held-back expunge (RFC 7162 §6). */
  private boolean lowered;
  private UidSet saved = new UidSet();
  /** The messages {@code \Recent} to this session (RFC 3501 §2.3.2), for the RECENT counts of IMAP4rev1. */
  private final UidSet recent = new UidSet();

  /**
   * The session's view of a mailbox just selected, with {@code recentCount} of its messages {@code \Recent} to it.
   * Those are its newest: a message stops being recent to every later session once a read-write session was told of
   * it (RFC 3501 §2.3.2), and each session is told of every message there is when it selects and of every arrival
   * while it has the mailbox selected, whose UIDs are higher than all before (RFC 3501 §2.3.1.1). A positive
   * {@code highestModSeq} says the store keeps mod-sequences (RFC 7162 §3.1.2.1).
   */
  SelectedSession(String mailbox, boolean readOnly, UidSet uids, long recentCount, long highestModSeq) {
    this.mailbox = mailbox;
    this.readOnly = readOnly;
    this.view = new MailboxView(uids);
    this.modSeqs = highestModSeq > 0;
    view.setHighestModSeq(highestModSeq);
    if (recentCount > 0 && !uids.isEmpty()) {
      long floor = uids.select(Math.max(1, uids.size() - recentCount + 1));
      uids.forEachRun((x, y) -> {
        if (y >= floor) {
          recent.addRange(Math.max(x, floor), y);
        }
      });
    }
  }

  /** A message arrived; {@code isRecent} whether it is {@code \Recent} to this session (RFC 3501 §2.3.2). */
  void added(long uid, boolean isRecent) {
    view.added(uid);
    if (isRecent) {
      recent.add(uid);
    }
  }

  /**
   * A message left the store; one the client never learnt of is forgotten at once. {@code modSeq} is the expunge's
   * mod-sequence (RFC 7162 §3.2), 0 when the host did not say: then it counts as above every one told so far.
   */
  void expunged(long uid, long modSeq) {
    if (view.seqOf(uid) == 0) {
      recent.remove(uid);
    } else if (modSeqs && !view.isExpunged(uid)) {
      heldExpunges.put(uid, modSeq > 0 ? modSeq : view.highestModSeq() + 1);
    }
    view.expunged(uid);
  }

  /** A message's flags changed elsewhere; {@code modSeq} is its mod-sequence now, 0 when the store keeps none. */
  void flagsChanged(long uid, List<Flag> flags, long modSeq) {
    if (view.seqOf(uid) != 0 && !view.isExpunged(uid)) {
      changedFlags.put(uid, List.copyOf(flags));
      if (modSeq > 0) {
        changedModSeqs.merge(uid, modSeq, Math::max);
      }
      view.flagsChanged(uid);
    }
  }

  /** Records a mod-sequence the client was told: the view carries the highest (RFC 7162 §3.1.2.1). */
  void told(long modSeq) {
    toldInCommand = Math.max(toldInCommand, modSeq);
    if (modSeq > view.highestModSeq()) {
      view.setHighestModSeq(modSeq);
    }
  }

  /**
   * The {@code HIGHESTMODSEQ} a command's completion carries (RFC 7162 §3.2 and the example of §6), the mailbox's
   * updates already written. While an expunge is held back (RFC 9051 §7.5.1) and the command told the client a
   * MODSEQ at or above the expunge's, the client would cache a mod-sequence past the expunge and, disconnected
   * before it is announced, never learn of it: the completion then says {@code HIGHESTMODSEQ} just below the lowest
   * held-back expunge, in the tagged response when it has no code of its own, else in an untagged {@code OK} before
   * it. Once every held-back expunge went out, the next completion gives the highest mod-sequence the client was
   * told again. A host's {@code HIGHESTMODSEQ} code (EXPUNGE's, §3.2.7) is kept below a held-back expunge too.
   *
   * @return the tagged response to write
   */
  Response.Tagged completion(Response.Tagged answer, ResponseEncoder enc) {
    long told = toldInCommand;
    toldInCommand = 0;
    if (!modSeqs) {
      return answer;
    }
    long held = heldExpunges.values().stream().mapToLong(Long::longValue).min().orElse(0);
    long safe;
    if (held > 1 && (told >= held || answer.code().orElse(null) instanceof ResponseCode.HighestModSeq h
        && h.modSeq() >= held)) {
      lowered = true;
      safe = held - 1;
    } else if (held == 0 && lowered) {
      lowered = false;
      safe = view.highestModSeq();
    } else {
      return answer;
    }
    ResponseCode code = new ResponseCode.HighestModSeq(safe);
    if (answer.code().isEmpty() || answer.code().get() instanceof ResponseCode.HighestModSeq) {
      return new Response.Tagged(answer.tag(), answer.status(), Optional.of(code), answer.text());
    }
    enc.write(new UntaggedResponse.Condition(ResponseStatus.OK, Optional.of(code), held > 0
        ? "An expunge with a higher mod-sequence is delayed" : "Highest"));
    return answer;
  }

  /**
   * Writes the updates {@code policy} allows (RFC 9051 §7.5.1): EXPUNGE, EXISTS, then FETCH of changed flags. An
   * IMAP4rev1 client gets {@code * n RECENT} after each EXISTS, since the size of the mailbox changed (RFC 3501
   * §7.3.2); an IMAP4rev2 client never does (RFC 9051 Appendix E). Once CONDSTORE is enabled the FETCH responses
   * carry MODSEQ (RFC 7162 §3.1: "UID and mod-sequence data in all subsequent untagged FETCH responses"); once
   * QRESYNC is, {@code * VANISHED uids} replaces the EXPUNGEs (§3.2.10).
   */
  void announce(UpdatePolicy policy, ResponseEncoder enc, boolean rev1, Condstore condstore) {
    boolean withModSeq = condstore.enabled;
    UidSet vanished = new UidSet();
    for (MailboxUpdate u : view.announce(policy)) {
      if (u instanceof MailboxUpdate.Expunge e) {
        Long modSeq = heldExpunges.remove(e.uid());
        if (modSeq != null && withModSeq) {
          told(modSeq);
        }
        changedFlags.remove(e.uid());
        changedModSeqs.remove(e.uid());
        recent.remove(e.uid());
        if (condstore.qresync) {
          vanished.add(e.uid());
        } else {
          enc.write(new UntaggedResponse.Expunge(e.seq()));
        }
        continue;
      }
      if (!vanished.isEmpty()) { // the expunges come first (MailboxView#announce)
        Condstore.writeVanished(enc, vanished, false);
        vanished.clear();
      }
      if (u instanceof MailboxUpdate.Exists e) {
        enc.write(new UntaggedResponse.Exists(e.count()));
        if (rev1) {
          enc.write(new UntaggedResponse.Recent(recent.size()));
        }
      } else if (u instanceof MailboxUpdate.FlagsChanged f) {
        List<Flag> flags = changedFlags.remove(f.uid());
        Long modSeq = changedModSeqs.remove(f.uid());
        if (flags != null) { // RFC 9051 §7.5.2: unsolicited FETCH responses carry the UID
          List<FetchAttribute> items = new ArrayList<>(List.of(new FetchAttribute.Uid(f.uid()),
              new FetchAttribute.Flags(flags)));
          if (withModSeq && modSeq != null) {
            items.add(new FetchAttribute.ModSeq(modSeq));
            told(modSeq);
          }
          enc.write(new UntaggedResponse.Fetch(f.seq(), items));
        }
      }
    }
    Condstore.writeVanished(enc, vanished, false);
  }

  /**
   * The messages a set names in the client's view, {@code $} standing for the saved result (RFC 5182 §2.1).
   *
   * @return the UIDs, or null when a sequence set names a number beyond the mailbox (a BAD, RFC 9051 §9)
   */
  UidSet resolve(SequenceSet set, boolean uid) {
    UidSet found = new UidSet();
    if (set.isSaved()) {
      saved.forEachRun((a, b) -> {
        for (long u = a; u <= b; u++) {
          if (view.seqOf(u) != 0) {
            found.add(u);
          }
        }
      });
      return found;
    }
    if (!uid && !view.inRange(set)) {
      return null;
    }
    view.forEach(set, uid, (s, u) -> found.add(u));
    return found;
  }

  /** Splits off the messages expunged elsewhere and not announced yet (RFC 2180 §4.1). */
  UidSet withoutExpunged(UidSet uids) {
    UidSet kept = new UidSet();
    uids.forEachRun((a, b) -> {
      for (long u = a; u <= b; u++) {
        if (!view.isExpunged(u)) {
          kept.add(u);
        }
      }
    });
    return kept;
  }

  Optional<UidSet> saved() {
    return Optional.of(saved);
  }

  /**
   * Writes the answer to a SEARCH (RFC 9051 §6.4.4, RFC 3501 §7.2.5, ESEARCH RFC 4731 §3.1, SEARCHRES RFC 5182 §2):
   * {@code * ESEARCH} under IMAP4rev2 or with RETURN options, else {@code * SEARCH}; saves the result for SAVE.
   */
  void searchResult(SelectedCommand.Search search, UidSet matches, boolean rev2, ResponseEncoder enc,
                    OptionalLong modSeq) {
    List<Long> numbers = new ArrayList<>();
    UidSet numberSet = new UidSet();
    matches.forEachRun((a, b) -> {
      for (long u = a; u <= b; u++) {
        long seq = view.seqOf(u);
        if (seq != 0) {
          long n = search.uid() ? u : seq;
          numbers.add(n);
          numberSet.add(n);
        }
      }
    });
    Set<SearchReturnOption> options = search.returnOptions().map(o -> o.isEmpty()
        ? EnumSet.of(SearchReturnOption.ALL) : EnumSet.copyOf(o)).orElse(EnumSet.noneOf(SearchReturnOption.class));
    if (options.remove(SearchReturnOption.SAVE)) {
      save(matches, options);
      if (options.isEmpty()) {
        return; // SAVE alone: no ESEARCH response (RFC 5182 §2.4)
      }
    }
    if (search.returnOptions().isEmpty() && !rev2) {
      numbers.sort(null);
      enc.write(new UntaggedResponse.Search(numbers, numbers.isEmpty() ? OptionalLong.empty() : modSeq));
      return;
    }
    if (options.isEmpty()) {
      options.add(SearchReturnOption.ALL);
    }
    boolean any = !numbers.isEmpty();
    long min = any ? numbers.stream().mapToLong(Long::longValue).min().getAsLong() : 0;
    long max = any ? numbers.stream().mapToLong(Long::longValue).max().getAsLong() : 0;
    enc.write(new UntaggedResponse.ESearch(Optional.of(search.tag()), search.uid(),
        any && options.contains(SearchReturnOption.MIN) ? OptionalLong.of(min) : OptionalLong.empty(),
        any && options.contains(SearchReturnOption.MAX) ? OptionalLong.of(max) : OptionalLong.empty(),
        any && options.contains(SearchReturnOption.ALL) ? Optional.of(numberSet.toSequenceSet()) : Optional.empty(),
        options.contains(SearchReturnOption.COUNT) ? OptionalLong.of(numbers.size()) : OptionalLong.empty(),
        any ? modSeq : OptionalLong.empty()));
  }

  /** RFC 5182 §2.4: with MIN and/or MAX but neither ALL nor COUNT, only those messages are saved. */
  private void save(UidSet matches, Set<SearchReturnOption> others) {
    UidSet s = new UidSet();
    boolean minMaxOnly = (others.contains(SearchReturnOption.MIN) || others.contains(SearchReturnOption.MAX))
        && !others.contains(SearchReturnOption.ALL) && !others.contains(SearchReturnOption.COUNT);
    if (!minMaxOnly) {
      matches.forEachRun(s::addRange);
    } else if (!matches.isEmpty()) {
      if (others.contains(SearchReturnOption.MIN)) {
        s.add(matches.select(1));
      }
      if (others.contains(SearchReturnOption.MAX)) {
        s.add(matches.last());
      }
    }
    saved = s;
  }
}
