package dev.missive.imap.store;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.MailboxCounts;
import dev.missive.imap.server.MailboxInfo;
import dev.missive.imap.server.MailboxListener;
import dev.missive.imap.server.MessageSink;
import dev.missive.imap.server.OpenMailbox;
import dev.missive.imap.server.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One user's session on an {@link InMemoryMailStore}. CREATE makes missing parents; DELETE refuses INBOX and
 * mailboxes with children ({@code HASCHILDREN}); RENAME moves children along, and of INBOX moves its messages
 * (RFC 9051 §6.3.4–§6.3.6).
 */
final class MemorySession implements MailSession {

  private final InMemoryMailStore store;
  private final String user;

  MemorySession(InMemoryMailStore store, String user) {
    this.store = store;
    this.user = user;
  }

  private Map<String, MemoryMailbox> boxes() {
    return store.mailboxes(user);
  }

  MemoryMailbox mailbox(String name) {
    return boxes().get(name);
  }

  private MemoryMailbox existing(String name) throws StoreException {
    MemoryMailbox box = mailbox(name);
    if (box == null) {
      throw new StoreException(ResponseCode.NONEXISTENT, "No such mailbox");
    }
    return box;
  }

  @Override
  public Optional<Character> delimiter() {
    return Optional.of(InMemoryMailStore.DELIMITER);
  }

  @Override
  public List<MailboxInfo> mailboxes() {
    synchronized (store.lock) {
      List<MailboxInfo> out = new ArrayList<>();
      boxes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
          out.add(new MailboxInfo(e.getKey(), e.getValue().specialUse, e.getValue().subscribed)));
      return out;
    }
  }

  /**
   * The name a CREATE or RENAME makes, checked: a trailing delimiter only declares the name a parent (RFC 9051
   * §6.3.4); no empty hierarchy level; no control character (names are Net-Unicode, RFC 9051 §5.1, RFC 5198 §2);
   * no list wildcard {@code %} or {@code *}, which LIST patterns could never name alone (RFC 9051 §5.1).
   */
  static String checkedName(String name) throws StoreException {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.contains("//") || n.startsWith("/")) {
      throw new StoreException(ResponseCode.CANNOT, "Invalid mailbox name: an empty hierarchy level");
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
        throw new StoreException(ResponseCode.CANNOT, "Invalid mailbox name: a control character");
      }
      if (c == '%' || c == '*') {
        throw new StoreException(ResponseCode.CANNOT, "Invalid mailbox name: a list wildcard");
      }
    }
    return n;
  }

  @Override
  public void create(String name, List<MailboxAttribute> specialUse) throws StoreException {
    String n = checkedName(name);
    for (MailboxAttribute a : specialUse) {
      if (!a.isSpecialUse()) {
        throw new StoreException(new ResponseCode.Atom("USEATTR"), "Not a special use"); // RFC 6154 §3
      }
    }
    synchronized (store.lock) {
      if (mailbox(n) != null || n.equalsIgnoreCase("INBOX")) {
        throw new StoreException(ResponseCode.ALREADYEXISTS, "Mailbox already exists");
      }
      createParents(n);
      boxes().put(n, store.newMailbox(n, specialUse));
    }
  }

  /** RFC 9051 §6.3.4: the superior hierarchical names a new name needs; under the store's lock. */
  private void createParents(String name) {
    for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
      String parent = name.substring(0, i);
      if (!boxes().containsKey(parent)) {
        boxes().put(parent, store.newMailbox(parent, List.of()));
      }
    }
  }

  @Override
  public void delete(String name) throws StoreException {
    synchronized (store.lock) {
      if (name.equals("INBOX")) {
        throw new StoreException(ResponseCode.CANNOT, "INBOX cannot be deleted");
      }
      existing(name);
      if (boxes().keySet().stream().anyMatch(k -> k.startsWith(name + "/"))) {
        throw new StoreException(ResponseCode.HASCHILDREN, "Mailbox has children");
      }
      boxes().remove(name);
    }
  }

  @Override
  public void rename(String from, String to) throws StoreException {
    String target = checkedName(to);
    synchronized (store.lock) {
      MemoryMailbox box = existing(from);
      if (mailbox(target) != null || target.equalsIgnoreCase("INBOX")) {
        throw new StoreException(ResponseCode.ALREADYEXISTS, "Mailbox already exists");
      }
      if (target.startsWith(from + "/") && !from.equals("INBOX")) {
        throw new StoreException(ResponseCode.CANNOT, "A mailbox cannot move under itself");
      }
      if (from.equals("INBOX")) { // RFC 9051 §6.3.6: INBOX's messages move, INBOX stays
        create(target, List.of());
        MemoryMailbox moved = mailbox(target);
        for (MemoryMessage m : List.copyOf(box.messages.values())) {
          moved.add(m.octets, List.copyOf(m.flags), m.date);
          box.expunged(m.uid, null);
        }
        return;
      }
      for (String k : List.copyOf(boxes().keySet())) {
        if (k.equals(from) || k.startsWith(from + "/")) {
          boxes().put(target + k.substring(from.length()), boxes().remove(k));
        }
      }
      createParents(target); // RFC 9051 §6.3.6: superior names the new name needs are created
    }
  }

  @Override
  public void subscribe(String name, boolean subscribe) throws StoreException {
    synchronized (store.lock) {
      existing(name).subscribed = subscribe;
    }
  }

  @Override
  public MailboxCounts status(String name) throws StoreException {
    synchronized (store.lock) {
      MemoryMailbox box = existing(name);
      long deleted = box.messages.values().stream().filter(m -> m.flags.contains(Flag.DELETED)).count();
      long size = box.messages.values().stream().mapToLong(m -> m.octets.length).sum();
      return new MailboxCounts(box.messages.size(), box.uidNext, box.uidValidity, box.unseen(), deleted, size,
          box.recent(), box.highestModSeq);
    }
  }

  @Override
  public OpenMailbox select(String name, boolean readOnly, MailboxListener listener) throws StoreException {
    synchronized (store.lock) {
      return new MemoryOpenMailbox(this, existing(name), readOnly, listener);
    }
  }

  @Override
  public MessageSink startAppend(String mailbox, List<Flag> flags, Optional<OffsetDateTime> date, long size)
      throws StoreException {
    synchronized (store.lock) {
      if (mailbox(mailbox) == null) {
        throw new StoreException(ResponseCode.TRYCREATE, "No such mailbox");
      }
    }
    return new Sink(flags, date.orElseGet(() -> OffsetDateTime.now(store.clock)), size);
  }

  @Override
  public ResponseCode.AppendUid commitAppend(String mailbox, List<MessageSink> messages) throws StoreException {
    synchronized (store.lock) {
      MemoryMailbox box = mailbox(mailbox);
      if (box == null) {
        throw new StoreException(ResponseCode.TRYCREATE, "No such mailbox");
      }
      UidSet uids = new UidSet();
      for (MessageSink m : messages) {
        Sink s = (Sink) m;
        uids.add(box.add(s.octets.toByteArray(), s.flags, s.date));
      }
      return new ResponseCode.AppendUid(box.uidValidity, uids.toSequenceSet());
    }
  }

  @Override
  public void close() {
    // nothing is held per session
  }

  /** An APPEND message kept in memory until the command commits. */
  private static final class Sink implements MessageSink {
    final List<Flag> flags;
    final OffsetDateTime date;
    final ByteArrayOutputStream octets;

    Sink(List<Flag> flags, OffsetDateTime date, long size) {
      this.flags = List.copyOf(flags);
      this.date = date;
      this.octets = new ByteArrayOutputStream((int) Math.min(size, 1 << 20));
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      octets.write(b);
    }

    @Override
    public void discard() {
      octets.reset();
    }
  }
}
