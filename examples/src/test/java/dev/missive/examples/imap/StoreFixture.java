package dev.missive.examples.imap;

import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.Flag;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.MailboxListener;
import dev.missive.imap.server.MessageSink;
import dev.missive.imap.server.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A Maildir tree with the user alice (password secret), and what the tests do to it. */
final class StoreFixture {

  final Path root;
  final Maildir maildir;
  final MaildirMailStore store;

  StoreFixture(Path root) {
    this.root = root;
    this.maildir = new Maildir(root, "mx.example");
    this.store = new MaildirMailStore(maildir, new MaildirMailStore.Accounts() {
      @Override
      public boolean check(String user, char[] password) {
        return user.equals("alice") && Arrays.equals(password, "secret".toCharArray());
      }

      @Override
      public Optional<String> canonical(String user) {
        return user.equalsIgnoreCase("alice") ? Optional.of("alice") : Optional.empty();
      }
    });
    maildir.onDelivery(store::delivered);
  }

  /** The same Maildir opened by a new store, as after a restart. */
  StoreFixture restarted() {
    return new StoreFixture(root);
  }

  MailSession login() throws StoreException {
    return store.open("alice");
  }

  static byte[] message(String subject) {
    return ("From: bob@example.org\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Delivers as the SMTP side does. */
  Path deliver(String subject) throws IOException {
    Maildir.Delivery d = maildir.begin("alice");
    d.write(message(subject));
    return d.commit();
  }

  long append(MailSession s, String mailbox, String subject, List<Flag> flags) throws StoreException,
      IOException {
    byte[] m = message(subject);
    MessageSink sink = s.startAppend(mailbox, flags, Optional.empty(), m.length);
    sink.write(ByteBuffer.wrap(m));
    return dev.missive.imap.mailbox.UidSet.of(s.commitAppend(mailbox, List.of(sink)).uids()).select(1);
  }

  long append(MailSession s, String mailbox, String subject, List<Flag> flags, OffsetDateTime date)
      throws StoreException, IOException {
    byte[] m = message(subject);
    MessageSink sink = s.startAppend(mailbox, flags, Optional.of(date), m.length);
    sink.write(ByteBuffer.wrap(m));
    return dev.missive.imap.mailbox.UidSet.of(s.commitAppend(mailbox, List.of(sink)).uids()).select(1);
  }

  /** The message file names of a folder's cur/ and new/ ("" for INBOX, ".Sent" for Sent). */
  List<String> files(String folder) throws IOException {
    List<String> out = new ArrayList<>();
    for (String sub : new String[] {"new", "cur"}) {
      try (Stream<Path> s = Files.list(root.resolve("alice").resolve(folder).resolve(sub))) {
        s.forEach(p -> out.add(sub + "/" + p.getFileName()));
      }
    }
    return out;
  }

  /** Records what a store reports to a session. */
  static class Recorder implements MailboxListener {
    final List<String> events = new ArrayList<>();

    @Override
    public synchronized void messageAdded(long uid) {
      events.add("added " + uid);
    }

    @Override
    public synchronized void messageExpunged(long uid) {
      events.add("expunged " + uid);
    }

    @Override
    public synchronized void flagsChanged(long uid, List<Flag> flags) {
      events.add("flags " + uid + " " + flags);
    }

    synchronized List<String> take() {
      List<String> out = List.copyOf(events);
      events.clear();
      return out;
    }
  }
}
