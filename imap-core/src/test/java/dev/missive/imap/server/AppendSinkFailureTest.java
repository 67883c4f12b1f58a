package dev.missive.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A store's APPEND sink that throws an unchecked exception part-way through a message (RFC 9051 §6.3.12): the
 * command ends {@code NO [SERVERBUG]} (RFC 5530 §3), nothing is committed, the failure is logged once with the
 * session id and the session goes on. Before, the exception was only logged, the later octets were still written
 * and the APPEND was committed and acknowledged with a chunk missing from the stored message.
 */
class AppendSinkFailureTest {

  @Test
  void aSinkThatThrowsMidMessageFailsTheAppendAndCommitsNothing() {
    FailingSinkStore store = new FailingSinkStore(2);
    ImapHandlerServer s = new ImapHandlerServer(store, Sessions.config().build(),
        new ManualTime().environment(), Sessions.peer(ConnectionSecurity.TRUSTED));
    Sessions.drain(s);
    assertThat(Sessions.exchange(s, "a LOGIN alice secret\r\n")).contains("a OK");
    assertThat(Sessions.exchange(s, "b APPEND INBOX {30}\r\n")).isEqualTo("+ Ready for literal data\r\n");
    String[] answer = new String[1];
    String log = SecurityTest.stderrOf(() -> {
      Sessions.exchange(s, "0123456789");
      Sessions.exchange(s, "abcdefghij"); // the sink's second write throws
      answer[0] = Sessions.exchange(s, "ABCDEFGHIJ\r\n");
    });
    assertThat(answer[0]).startsWith("b NO [SERVERBUG] ");
    assertThat(store.writes).isEqualTo(2); // nothing written after the failure
    assertThat(store.memory.messages("alice", "INBOX")).hasSize(1); // only the message that was there
    assertThat(log.split("\\[imap-test\\] APPEND data could not be kept", -1)).hasSize(2); // once
    assertThat(log).contains("store full of bugs").doesNotContain("the store failed on AppendData");
    assertThat(Sessions.exchange(s, "c NOOP\r\n")).endsWith("c OK NOOP completed\r\n");
    assertThat(Sessions.exchange(s, "d APPEND INBOX {5}\r\n")).isEqualTo("+ Ready for literal data\r\n");
    assertThat(Sessions.exchange(s, "hello\r\n")).startsWith("d OK [APPENDUID ");
    assertThat(store.memory.messages("alice", "INBOX")).hasSize(2);
  }

  /** The in-memory store, but the APPEND sink's {@code failAt}-th write (counted over the store) throws. */
  private static final class FailingSinkStore implements MailStore {
    final InMemoryMailStore memory = Sessions.store();
    final int failAt;
    int writes;

    FailingSinkStore(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public boolean checkPassword(String user, char[] password) {
      return memory.checkPassword(user, password);
    }

    @Override
    public MailSession open(String user) throws StoreException {
      MailSession inner = memory.open(user);
      return (MailSession) Proxy.newProxyInstance(MailSession.class.getClassLoader(),
          new Class<?>[] {MailSession.class}, (proxy, method, args) -> {
            try {
              if (method.getName().equals("startAppend")) {
                return new Failing((MessageSink) method.invoke(inner, args));
              }
              if (method.getName().equals("commitAppend")) {
                @SuppressWarnings("unchecked")
                List<MessageSink> sinks = (List<MessageSink>) args[1];
                return inner.commitAppend((String) args[0], sinks.stream().map(m -> ((Failing) m).inner).toList());
              }
              return method.invoke(inner, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    private final class Failing implements MessageSink {
      final MessageSink inner;

      Failing(MessageSink inner) {
        this.inner = inner;
      }

      @Override
      public void write(ByteBuffer octets) throws java.io.IOException {
        if (++writes == failAt) {
          throw new IllegalStateException("store full of bugs");
        }
        inner.write(octets);
      }

      @Override
      public void discard() {
        inner.discard();
      }
    }
  }
}
