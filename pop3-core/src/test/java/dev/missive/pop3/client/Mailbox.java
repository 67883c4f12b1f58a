package dev.missive.pop3.client;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import dev.missive.pop3.server.Pop3Handler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One user's maildrop for the client-against-server tests: a password, an APOP secret, messages held with CRLF
 * line endings (so each size is its length, RFC 1939 §11), unique ids {@code id-1}, {@code id-2}…, a lock, and a
 * log of what UPDATE removed (RFC 1939 §6).
 */
final class Mailbox implements Pop3Handler {

  final String user;
  final String password;
  final List<String> messages;
  final Set<String> locked = new HashSet<>();
  final List<String> log = new ArrayList<>();

  Mailbox(String user, String password, String... messages) {
    this.user = user;
    this.password = password;
    this.messages = new ArrayList<>(List.of(messages));
  }

  @Override
  public boolean login(String name, Password given) {
    return name.equals(user) && given.matches(password);
  }

  @Override
  public Optional<Password> apopSecret(String name) {
    return name.equals(user) ? Optional.of(Password.of(password)) : Optional.empty();
  }

  @Override
  public Maildrop open(String name) throws MaildropLockedException {
    if (!locked.add(name)) {
      throw new MaildropLockedException(name + " is locked");
    }
    return new Maildrop() {
      @Override
      public List<MaildropEntry> messages() {
        List<MaildropEntry> infos = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
          infos.add(new MaildropEntry(messages.get(i).getBytes(StandardCharsets.UTF_8).length, "id-" + (i + 1)));
        }
        return infos;
      }

      @Override
      public InputStream retrieve(int messageNumber) {
        return new ByteArrayInputStream(messages.get(messageNumber - 1).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void update(List<Integer> deleted) {
        log.add("update " + deleted);
      }

      @Override
      public void close() {
        locked.remove(name);
      }
    };
  }
}
