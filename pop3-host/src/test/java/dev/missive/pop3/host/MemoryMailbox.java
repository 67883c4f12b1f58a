package dev.missive.pop3.host;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Password;
import dev.missive.pop3.server.Pop3Handler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** alice:secret's maildrop in memory for the transport tests: the given messages, deletions recorded at UPDATE. */
final class MemoryMailbox implements Pop3Handler {

  private final List<String> messages;
  private final List<Integer> deleted;

  /**
   * Creates the mailbox.
   *
   * @param deleted  where the message numbers deleted at QUIT go (RFC 1939 §6)
   * @param messages the messages, numbered from 1; their unique ids are uid-1, uid-2, …
   */
  public MemoryMailbox(List<Integer> deleted, String... messages) {
    this.messages = List.of(messages);
    this.deleted = deleted;
  }

  @Override
  public boolean login(String user, Password password) {
    return user.equals("alice") && password.matches("secret");
  }

  @Override
  public Maildrop open(String user) {
    return new Maildrop() {
      @Override
      public List<MaildropEntry> messages() {
        List<MaildropEntry> infos = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
          infos.add(new MaildropEntry(messages.get(i).length(), "uid-" + (i + 1)));
        }
        return infos;
      }

      @Override
      public InputStream retrieve(int messageNumber) {
        return new ByteArrayInputStream(messages.get(messageNumber - 1).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void update(List<Integer> deletedMessages) {
        deleted.addAll(deletedMessages);
      }

      @Override
      public void close() {
        // nothing held
      }
    };
  }
}
