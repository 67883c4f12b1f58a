package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.message.MessageLayout;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A store holding exactly the mailbox state one of RFC 7162's example sessions starts from: its UIDs, flags and
 * mod-sequences (the RFC's own numbers), the mod-sequence each message's next change gets (the RFC's numbers grow by
 * leaps, as if other sessions changed things in between), the expunges it remembers, and the changes other sessions
 * make once the client selected the mailbox. The handler engine answers from it like from any store, so the lines
 * the examples show come from the engine's own logic.
 */
final class SampleMailbox implements OpenMailbox, MailStore, MailSession {

  private static final byte[] OCTETS = "Subject: sample\r\n\r\nsample\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final OffsetDateTime DATE = OffsetDateTime.parse("2014-05-01T12:00:00Z");

  private final String name;
  private final long uidValidity;
  private final TreeMap<Long, Set<Flag>> flags = new TreeMap<>();
  private final Map<Long, Long> modSeqs = new HashMap<>();
  private final Map<Long, ArrayDeque<Long>> next = new HashMap<>();
  private final TreeMap<Long, Long> expunged = new TreeMap<>();
  private final Map<String, MailboxCounts> others = new LinkedHashMap<>();
  private final List<Consumer<MailboxListener>> afterSelect = new ArrayList<>();
  private final boolean keepsModSeqs;
  private long uidNext;
  private long highestModSeq;
  private long recent;
  private long nextExpungeModSeq;
  private MailboxListener listener;

  /** An empty mailbox {@code name} with that UIDVALIDITY; {@code keepsModSeqs} false for a NOMODSEQ one. */
  SampleMailbox(String name, long uidValidity, boolean keepsModSeqs) {
    this.name = name;
    this.uidValidity = uidValidity;
    this.keepsModSeqs = keepsModSeqs;
  }

  /** Adds messages {@code from..to} (UIDs) with these flags and mod-sequence. */
  SampleMailbox messages(long from, long to, long modSeq, Flag... messageFlags) {
    for (long u = from; u <= to; u++) {
      flags.put(u, new LinkedHashSet<>(List.of(messageFlags)));
      modSeqs.put(u, modSeq);
      highestModSeq = Math.max(highestModSeq, modSeq);
      uidNext = Math.max(uidNext, u + 1);
    }
    return this;
  }

  /** The mod-sequences the next changes of {@code uid} get, in order. */
  SampleMailbox nextModSeqs(long uid, long... values) {
    ArrayDeque<Long> q = next.computeIfAbsent(uid, u -> new ArrayDeque<>());
    for (long v : values) {
      q.add(v);
    }
    return this;
  }

  SampleMailbox uidNext(long value) {
    uidNext = value;
    return this;
  }

  SampleMailbox highestModSeq(long value) {
    highestModSeq = value;
    return this;
  }

  SampleMailbox recent(long count) {
    recent = count;
    return this;
  }

  /** UIDs expunged before, with the mod-sequence of their expunge. */
  SampleMailbox expunged(long from, long to, long modSeq) {
    for (long u = from; u <= to; u++) {
      expunged.put(u, modSeq);
    }
    return this;
  }

  /** The mod-sequence the next expunge of this session gets. */
  SampleMailbox nextExpungeModSeq(long value) {
    nextExpungeModSeq = value;
    return this;
  }

  /** Another mailbox of the user, for STATUS. */
  SampleMailbox other(String mailbox, MailboxCounts counts) {
    others.put(mailbox, counts);
    return this;
  }

  /** What other sessions do once the client selected the mailbox, reported through its listener. */
  SampleMailbox afterSelect(Consumer<MailboxListener> change) {
    afterSelect.add(change);
    return this;
  }

  /** Another session changed a message's flags: the store's state follows. */
  void changedElsewhere(MailboxListener l, long uid, long modSeq, Flag... now) {
    flags.put(uid, new LinkedHashSet<>(List.of(now)));
    modSeqs.put(uid, modSeq);
    highestModSeq = Math.max(highestModSeq, modSeq);
    l.flagsChanged(uid, List.of(now), modSeq);
  }

  /** Another session expunged a message. */
  void expungedElsewhere(MailboxListener l, long uid, long modSeq) {
    flags.remove(uid);
    expunged.put(uid, modSeq);
    highestModSeq = Math.max(highestModSeq, modSeq);
    l.messageExpunged(uid, modSeq);
  }

  // ---------------------------------------------------------------- MailStore, MailSession

  @Override
  public boolean checkPassword(String user, char[] password) {
    return true;
  }

  @Override
  public MailSession open(String user) {
    return this;
  }

  @Override
  public Optional<Character> delimiter() {
    return Optional.of('/');
  }

  @Override
  public List<MailboxInfo> mailboxes() {
    return List.of();
  }

  @Override
  public void create(String mailbox, List<MailboxAttribute> specialUse) throws StoreException {
    throw new StoreException(ResponseCode.CANNOT, "not in this sample");
  }

  @Override
  public void delete(String mailbox) throws StoreException {
    throw new StoreException(ResponseCode.CANNOT, "not in this sample");
  }

  @Override
  public void rename(String from, String to) throws StoreException {
    throw new StoreException(ResponseCode.CANNOT, "not in this sample");
  }

  @Override
  public void subscribe(String mailbox, boolean subscribe) throws StoreException {
    throw new StoreException(ResponseCode.CANNOT, "not in this sample");
  }

  @Override
  public MailboxCounts status(String mailbox) throws StoreException {
    MailboxCounts c = others.get(mailbox);
    if (c == null) {
      throw new StoreException(ResponseCode.NONEXISTENT, "No such mailbox");
    }
    return c;
  }

  @Override
  public OpenMailbox select(String mailbox, boolean readOnly, MailboxListener listener) throws StoreException {
    if (!mailbox.equalsIgnoreCase(name)) {
      throw new StoreException(ResponseCode.NONEXISTENT, "No such mailbox");
    }
    this.listener = listener;
    return this;
  }

  @Override
  public MessageSink startAppend(String mailbox, List<Flag> messageFlags, Optional<OffsetDateTime> date, long size)
      throws StoreException {
    throw new StoreException(ResponseCode.CANNOT, "not in this sample");
  }

  @Override
  public ResponseCode.AppendUid commitAppend(String mailbox, List<MessageSink> messages) throws StoreException {
    throw new StoreException(ResponseCode.CANNOT, "not in this sample");
  }

  // ---------------------------------------------------------------- OpenMailbox

  @Override
  public SelectedMailbox snapshot() {
    UidSet uids = new UidSet();
    flags.keySet().forEach(uids::add);
    long firstUnseen = 0;
    long seq = 0;
    for (Set<Flag> f : flags.values()) {
      seq++;
      if (!f.contains(Flag.SEEN)) {
        firstUnseen = seq;
        break;
      }
    }
    List<Flag> permanent = List.of(Flag.DELETED, Flag.SEEN, Flag.ANY_KEYWORD); // "Limited", as the examples say
    SelectedMailbox m = new SelectedMailbox(SelectedMailbox.SYSTEM_FLAGS, permanent, uids, uidValidity, uidNext,
        recent, firstUnseen, false, keepsModSeqs ? highestModSeq : 0);
    afterSelect.forEach(c -> c.accept(listener)); // once the session holds the state before them
    afterSelect.clear();
    return m;
  }

  @Override
  public StoredMessage message(long uid) {
    Set<Flag> f = flags.get(uid);
    if (f == null) {
      return null;
    }
    long modSeq = keepsModSeqs ? modSeqs.get(uid) : 0;
    return StoredMessage.of(uid, f, modSeq, DATE, OCTETS, () -> MessageLayout.of(OCTETS));
  }

  @Override
  public List<Flag> store(long uid, StoreAction action, List<Flag> changed) {
    FlagChange c = store(uid, action, changed, OptionalLong.empty());
    return c == null ? null : c.flags();
  }

  @Override
  public FlagChange store(long uid, StoreAction action, List<Flag> changed, OptionalLong unchangedSince) {
    Set<Flag> f = flags.get(uid);
    if (f == null) {
      return null;
    }
    long modSeq = keepsModSeqs ? modSeqs.get(uid) : 0;
    // RFC 7162 §3.1.3: UNCHANGEDSINCE 0 always fails, as every message has a mod-sequence
    if (unchangedSince.isPresent() && modSeq > unchangedSince.getAsLong()) {
      return FlagChange.modifiedSince(List.copyOf(f), modSeq);
    }
    switch (action) {
      case REPLACE -> {
        f.clear();
        f.addAll(changed);
      }
      case ADD -> f.addAll(changed);
      case REMOVE -> changed.forEach(f::remove);
    }
    if (keepsModSeqs) {
      ArrayDeque<Long> q = next.get(uid);
      modSeq = q != null && !q.isEmpty() ? q.poll() : highestModSeq + 1;
      modSeqs.put(uid, modSeq);
      highestModSeq = Math.max(highestModSeq, modSeq);
    }
    return FlagChange.stored(List.copyOf(f), modSeq);
  }

  @Override
  public long highestModSeq() {
    return keepsModSeqs ? highestModSeq : 0;
  }

  @Override
  public Optional<UidSet> expungedSince(long modSeq) {
    UidSet gone = new UidSet();
    expunged.forEach((uid, m) -> {
      if (m > modSeq) {
        gone.add(uid);
      }
    });
    return Optional.of(gone);
  }

  @Override
  public List<Long> expunge(Optional<UidSet> uids) {
    List<Long> removed = new ArrayList<>();
    long modSeq = nextExpungeModSeq > 0 ? nextExpungeModSeq : highestModSeq + 1;
    for (Map.Entry<Long, Set<Flag>> e : List.copyOf(flags.entrySet())) {
      if (e.getValue().contains(Flag.DELETED) && uids.map(u -> u.contains(e.getKey())).orElse(true)) {
        removed.add(e.getKey());
        flags.remove(e.getKey());
        expunged.put(e.getKey(), modSeq);
      }
    }
    if (!removed.isEmpty()) {
      highestModSeq = Math.max(highestModSeq, modSeq);
    }
    return removed;
  }

  @Override
  public ResponseCode.CopyUid copy(UidSet uids, String target, boolean move) throws StoreException {
    throw new StoreException(ResponseCode.CANNOT, "not in this sample");
  }

  @Override
  public void close() {
    // one session per sample
  }
}
