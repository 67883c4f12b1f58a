package dev.missive.pop3.server;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory, Maildir-like store for tests: users with passwords and APOP secrets, maildrops of stored
 * messages kept as they are (possibly with bare LFs), sizes computed as RFC 1939 §11 asks (CRLF-canonical), a
 * lock per maildrop and a log of what UPDATE removed.
 */
final class MemoryStore implements Pop3Handler {

  /** One stored message: its bytes as kept and its unique id. */
  record Stored(byte[] bytes, String uniqueId) {
  }

  final Map<String, String> passwords = new HashMap<>();
  final Map<String, String> apopSecrets = new HashMap<>();
  final Map<String, List<Stored>> maildrops = new HashMap<>();
  final Set<String> locked = new HashSet<>();
  final List<String> log = new ArrayList<>();
  boolean failUpdate;

  MemoryStore user(String name, String password, String... messages) {
    passwords.put(name, password);
    List<Stored> list = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      list.add(new Stored(messages[i].getBytes(StandardCharsets.UTF_8), "uid-" + name + "-" + (i + 1)));
    }
    maildrops.put(name, list);
    return this;
  }

  MemoryStore apop(String name, String secret) {
    apopSecrets.put(name, secret);
    return this;
  }

  /** The RFC 1939 §10 maildrop of mrose: two messages of 120 and 200 octets; password mrosepass, secret tanstaaf. */
  static MemoryStore rfc1939() {
    return new MemoryStore()
        .user("mrose", "mrosepass",
            "From: mrose@dbc.mtview.ca.us\r\nSubject: one\r\n\r\nHello.\r\n. a line that starts with a dot\r\n"
                + "end\r\nxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
            "From: John Doe <jdoe@machine.example>\r\nTo: Mary Smith <mary@example.net>\r\n"
                + "Subject: Saying Hello\r\n\r\nThis is a message just to say hello.\r\nSo, \"Hello\".\r\n"
                + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n")
        .apop("mrose", "tanstaaf")
        .uniqueIds("mrose", "whqtswO00WBw418f9t5JxYwZ", "QhdPYR:00WBw1Ph7x7");
  }

  /** Replaces the unique ids of {@code name}'s messages, as the storage would give them (not validated here). */
  MemoryStore uniqueIds(String name, String... ids) {
    List<Stored> drop = maildrops.get(name);
    for (int i = 0; i < ids.length; i++) {
      drop.set(i, new Stored(drop.get(i).bytes(), ids[i]));
    }
    return this;
  }

  /**
   * The size RETR sends before stuffing (RFC 1939 §11), as a Maildir-style store computes it for a file that may
   * hold bare line endings: every bare LF and every bare CR becomes CRLF, one octet more each.
   */
  static long canonicalSize(byte[] stored) {
    long size = stored.length;
    for (int i = 0; i < stored.length; i++) {
      boolean lf = stored[i] == '\n' && (i == 0 || stored[i - 1] != '\r');
      boolean cr = stored[i] == '\r' && (i + 1 == stored.length || stored[i + 1] != '\n');
      if (lf || cr) {
        size++;
      }
    }
    return size;
  }

  @Override
  public boolean login(String user, Password password) {
    String expected = passwords.get(user);
    return expected != null && password.matches(expected);
  }

  @Override
  public Optional<Password> apopSecret(String user) {
    return Optional.ofNullable(apopSecrets.get(user)).map(Password::of);
  }

  @Override
  public Maildrop open(String user) throws MaildropLockedException {
    if (!locked.add(user)) {
      throw new MaildropLockedException(user + " is locked");
    }
    log.add("open " + user);
    return new Maildrop() {
      @Override
      public List<MaildropEntry> messages() {
        List<MaildropEntry> infos = new ArrayList<>();
        for (Stored s : maildrops.getOrDefault(user, List.of())) {
          infos.add(new MaildropEntry(canonicalSize(s.bytes()), s.uniqueId()));
        }
        return infos;
      }

      @Override
      public InputStream retrieve(int messageNumber) {
        return new ByteArrayInputStream(maildrops.get(user).get(messageNumber - 1).bytes());
      }

      @Override
      public void update(List<Integer> deletedMessages) throws IOException {
        if (failUpdate) {
          throw new IOException("disk full");
        }
        List<Stored> drop = maildrops.get(user);
        for (int i = deletedMessages.size() - 1; i >= 0; i--) {
          drop.remove(deletedMessages.get(i) - 1);
        }
        log.add("update " + user + " " + deletedMessages);
      }

      @Override
      public void close() {
        locked.remove(user);
        log.add("close " + user);
      }
    };
  }
}
