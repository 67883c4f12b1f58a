package dev.missive.pop3.pop2;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory folders for the POP2 tests: users with passwords, folders of messages (CRLF text), a log of calls. */
final class MemoryFolders implements Pop2Handler {

  final Map<String, String> passwords = new LinkedHashMap<>();
  /** user -> folder name ("" for the default mailbox) -> messages. */
  final Map<String, Map<String, List<String>>> folders = new LinkedHashMap<>();
  final Set<String> locked = new HashSet<>();
  final List<String> log = new ArrayList<>();

  MemoryFolders user(String user, String password) {
    passwords.put(user, password);
    folders.computeIfAbsent(user, u -> new LinkedHashMap<>()).putIfAbsent("", new ArrayList<>());
    return this;
  }

  MemoryFolders folder(String user, String folder, List<String> messages) {
    folders.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(folder, new ArrayList<>(messages));
    return this;
  }

  List<String> messages(String user, String folder) {
    return folders.get(user).get(folder);
  }

  @Override
  public boolean login(String user, Password password) {
    return passwords.containsKey(user) && password.matches(passwords.get(user));
  }

  @Override
  public Maildrop open(String user, Optional<String> folder) throws MaildropLockedException {
    String name = folder.orElse("");
    String key = user + "/" + name;
    if (!locked.add(key)) {
      throw new MaildropLockedException(key);
    }
    log.add("open " + key);
    List<String> messages = folders.get(user).getOrDefault(name, new ArrayList<>());
    return new Maildrop() {
      @Override
      public List<MaildropEntry> messages() {
        return messages.stream().map(m -> new MaildropEntry(canonical(m).length(), null)).toList();
      }

      @Override
      public InputStream retrieve(int messageNumber) {
        return new ByteArrayInputStream(messages.get(messageNumber - 1).getBytes(StandardCharsets.ISO_8859_1));
      }

      @Override
      public void update(List<Integer> deletedMessages) throws IOException {
        log.add("update " + key + " " + deletedMessages);
        for (int i = deletedMessages.size() - 1; i >= 0; i--) {
          messages.remove((int) deletedMessages.get(i) - 1);
        }
      }

      @Override
      public void close() {
        log.add("close " + key);
        locked.remove(key);
      }
    };
  }

  /** {@code m} with every line ending CRLF, as the server sends it. */
  static String canonical(String m) {
    return m.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
  }

  /** A message of exactly {@code size} octets with CRLF line endings (sizes from 40 up). */
  static String message(int size, String subject) {
    StringBuilder b = new StringBuilder("Subject: " + subject + "\r\n\r\n");
    int rest = size - b.length();
    if (rest < 3) {
      throw new IllegalArgumentException("too small: " + size);
    }
    while (rest > 64 + 2) {
      b.append("x".repeat(60)).append("\r\n");
      rest -= 62;
    }
    b.append("y".repeat(rest - 2)).append("\r\n");
    return b.toString();
  }

  /** {@code message} as transcript lines sent by {@code side} ("S: " or "C: "). */
  static String lines(String side, String message) {
    StringBuilder b = new StringBuilder();
    for (String line : message.split("\r\n", -1)) {
      b.append(side).append(line).append('\n');
    }
    b.setLength(b.length() - side.length() - 1); // the split's empty piece after the last CRLF
    return b.toString();
  }
}
