package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A handler or maildrop that throws never reaches the host: {@link Pop3HandlerServer} answers
 * {@code -ERR [SYS/TEMP]} (RFC 3206 §4) and logs the failure once with the session id, as
 * {@code SmtpHandlerServer} answers {@code 451 4.3.0} (docs/architecture.md, "Errors").
 */
class HandlerFailureTest {

  /** The RFC 1939 store, failing with a RuntimeException in the step named {@link #failing}. */
  private static final class Failing implements Pop3Handler {
    final MemoryStore store = MemoryStore.rfc1939();
    final String failing;

    Failing(String failing) {
      this.failing = failing;
    }

    void check(String step) {
      if (step.equals(failing)) {
        throw new IllegalStateException("bug in " + step);
      }
    }

    @Override
    public boolean login(String user, Password password) {
      check("login");
      return store.login(user, password);
    }

    @Override
    public Optional<Password> apopSecret(String user) {
      check("apopSecret");
      return failing.equals("apopNull") ? null : store.apopSecret(user);
    }

    @Override
    public Maildrop open(String user) throws MaildropLockedException, IOException {
      check("open");
      Maildrop m = store.open(user);
      return new Maildrop() {
        @Override
        public List<MaildropEntry> messages() throws IOException {
          check("messages");
          return m.messages();
        }

        @Override
        public InputStream retrieve(int messageNumber) throws IOException {
          check("retrieve");
          InputStream in = m.retrieve(messageNumber);
          return new InputStream() {
            @Override
            public int read() throws IOException {
              check("read");
              return in.read();
            }
          };
        }

        @Override
        public void update(List<Integer> deletedMessages) throws IOException {
          check("update");
          m.update(deletedMessages);
        }

        @Override
        public void close() {
          m.close();
          check("close");
        }
      };
    }
  }

  private static Pop3HandlerServer server(Failing handler) {
    return new Pop3HandlerServer(Fixtures.rfcConfig().build(), Fixtures.rfcEnvironment(new ManualTime()),
        Fixtures.peer(ConnectionSecurity.TRUSTED), session -> handler);
  }

  @ParameterizedTest
  @ValueSource(strings = {"login", "apopSecret", "apopNull", "open", "messages"})
  void aLoginStepThatThrowsIsSysTempAndTheSessionGoesOn(String step) {
    Failing handler = new Failing(step);
    String[] replies = new String[1];
    String log = stderrOf(() -> {
      Pop3HandlerServer s = Fixtures.greeted(server(handler));
      String login = step.startsWith("apop") ? "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n"
          : "USER mrose\r\nPASS mrosepass\r\n";
      replies[0] = Fixtures.exchange(s, login);
      assertThat(s.isClosed()).isFalse();
      assertThat(Fixtures.exchange(s, "NOOP\r\n")).startsWith("-ERR"); // still in AUTHORIZATION
    });
    assertThat(replies[0]).endsWith(step.equals("open") || step.equals("messages")
        ? "-ERR [SYS/TEMP] maildrop is not available now\r\n" : "-ERR [SYS/TEMP] login cannot be checked now\r\n");
    assertThat(handler.store.locked).isEmpty();
    assertThat(log.lines().filter(l -> l.contains("ERROR"))).singleElement().asString()
        .contains("[pop3-test] handler failed in " + (step.equals("messages") ? "open" : step.replace("Null", "Secret")));
    assertThat(log).doesNotContain("mrosepass", "tanstaaf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"retrieve", "read"})
  void aRetrievalThatThrowsBeforeTheFirstChunkIsSysTemp(String step) {
    Failing handler = new Failing(step);
    String log = stderrOf(() -> {
      Pop3HandlerServer s = Fixtures.greeted(server(handler));
      Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
      assertThat(Fixtures.exchange(s, "RETR 1\r\n")).isEqualTo("-ERR [SYS/TEMP] message is not available now\r\n");
      assertThat(Fixtures.exchange(s, "STAT\r\n")).isEqualTo("+OK 2 320\r\n");
      assertThat(Fixtures.exchange(s, "QUIT\r\n")).startsWith("+OK");
      assertThat(s.isClosed()).isTrue();
    });
    assertThat(handler.store.locked).isEmpty();
    assertThat(log).contains("ERROR", "[pop3-test] handler failed in " + step, "bug in " + step);
  }

  @ParameterizedTest
  @ValueSource(strings = {"update", "close"})
  void anUpdateOrCloseThatThrowsEndsTheSessionAsUsual(String step) {
    Failing handler = new Failing(step);
    String[] replies = new String[1];
    String log = stderrOf(() -> {
      Pop3HandlerServer s = Fixtures.greeted(server(handler));
      Fixtures.exchange(s, "USER mrose\r\nPASS mrosepass\r\n");
      replies[0] = Fixtures.exchange(s, "DELE 1\r\nQUIT\r\n");
      assertThat(s.isClosed()).isTrue();
    });
    assertThat(replies[0]).endsWith(step.equals("update") ? "-ERR [SYS/TEMP] some deleted messages not removed\r\n"
        : "+OK dewey POP3 server signing off (1 message left)\r\n");
    assertThat(handler.store.maildrops.get("mrose")).hasSize(step.equals("update") ? 2 : 1);
    assertThat(handler.store.locked).isEmpty();
    assertThat(log).contains("ERROR", "[pop3-test] handler failed in " + step);
  }

  static String stderrOf(Runnable action) {
    PrintStream old = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(old);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
