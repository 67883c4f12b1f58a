package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.store.InMemoryMailStore;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenMailbox#refresh()}: a store that learns of changes only when it looks (a Maildir another program writes
 * into) is asked before every command and at each IDLE poll, so NOOP reports what changed (RFC 9051 §6.1.2, §7.5.1)
 * and IDLE tells the client without a command (RFC 9051 §6.3.13).
 */
class RefreshTest {

  /** INBOX of an in-memory store where a message "appears on disk" each time the session refreshes. */
  private static final class LookingStore implements MailStore {
    final InMemoryMailStore memory = Sessions.store();
    final AtomicInteger refreshes = new AtomicInteger();
    volatile boolean deliverOnRefresh;

    @Override
    public boolean checkPassword(String user, char[] password) {
      return memory.checkPassword(user, password);
    }

    @Override
    public MailSession open(String user) throws StoreException {
      MailSession inner = memory.open(user);
      return new MailSession() {
        @Override
        public Optional<Character> delimiter() {
          return inner.delimiter();
        }

        @Override
        public List<MailboxInfo> mailboxes() {
          return inner.mailboxes();
        }

        @Override
        public void create(String name, List<MailboxAttribute> specialUse) throws StoreException {
          inner.create(name, specialUse);
        }

        @Override
        public void delete(String name) throws StoreException {
          inner.delete(name);
        }

        @Override
        public void rename(String from, String to) throws StoreException {
          inner.rename(from, to);
        }

        @Override
        public void subscribe(String name, boolean subscribe) throws StoreException {
          inner.subscribe(name, subscribe);
        }

        @Override
        public MailboxCounts status(String name) throws StoreException {
          return inner.status(name);
        }

        @Override
        public OpenMailbox select(String name, boolean readOnly, MailboxListener listener) throws StoreException {
          return looking(inner.select(name, readOnly, listener));
        }

        @Override
        public MessageSink startAppend(String mailbox, List<Flag> flags, Optional<OffsetDateTime> date, long size)
            throws StoreException {
          return inner.startAppend(mailbox, flags, date, size);
        }

        @Override
        public ResponseCode.AppendUid commitAppend(String mailbox, List<MessageSink> messages)
            throws StoreException {
          return inner.commitAppend(mailbox, messages);
        }

        @Override
        public void close() {
          inner.close();
        }
      };
    }

    private OpenMailbox looking(OpenMailbox inner) {
      return new OpenMailbox() {
        @Override
        public SelectedMailbox snapshot() {
          return inner.snapshot();
        }

        @Override
        public StoredMessage message(long uid) {
          return inner.message(uid);
        }

        @Override
        public List<Flag> store(long uid, StoreAction action, List<Flag> flags) throws StoreException {
          return inner.store(uid, action, flags);
        }

        @Override
        public List<Long> expunge(Optional<UidSet> uids) throws StoreException {
          return inner.expunge(uids);
        }

        @Override
        public ResponseCode.CopyUid copy(UidSet uids, String target, boolean move) throws StoreException {
          return inner.copy(uids, target, move);
        }

        @Override
        public void refresh() {
          refreshes.incrementAndGet();
          if (deliverOnRefresh) {
            deliverOnRefresh = false;
            memory.deliver("alice", "INBOX", Sessions.HELLO); // found on disk now, reported to the listener
          }
        }

        @Override
        public void close() {
          inner.close();
        }
      };
    }
  }

  private static ImapHandlerServer loggedIn(LookingStore store) {
    return Sessions.selectedInbox(store);
  }

  @Test
  void noopReportsWhatTheStoreFindsWhenItLooks() {
    LookingStore store = new LookingStore();
    ImapHandlerServer a = loggedIn(store);
    store.deliverOnRefresh = true;
    assertThat(Sessions.exchange(a, "n NOOP\r\n")).isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\nn OK NOOP completed\r\n");
  }

  @Test
  void idlePollsTheStore() {
    LookingStore store = new LookingStore();
    ImapHandlerServer a = loggedIn(store);
    assertThat(Sessions.exchange(a, "i IDLE\r\n")).isEqualTo("+ idling\r\n");
    store.deliverOnRefresh = true;
    a.onTimeout();
    assertThat(Sessions.drain(a)).isEqualTo("* 2 EXISTS\r\n* 2 RECENT\r\n");
    assertThat(Sessions.exchange(a, "DONE\r\n")).isEqualTo("i OK IDLE terminated\r\n");
  }

  @Test
  void noMailboxNoRefresh() {
    LookingStore store = new LookingStore();
    ImapHandlerServer a = loggedIn(store);
    int before = store.refreshes.get();
    Sessions.exchange(a, "c CLOSE\r\n");
    Sessions.exchange(a, "n NOOP\r\n");
    assertThat(store.refreshes.get()).isEqualTo(before + 1); // before CLOSE only
  }
}
