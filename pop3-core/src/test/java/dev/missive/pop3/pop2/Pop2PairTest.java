package dev.missive.pop3.pop2;

import static dev.missive.pop3.pop2.MemoryFolders.canonical;
import static dev.missive.pop3.pop2.MemoryFolders.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.pop3.Password;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The POP2 client engine against the POP2 handler server, in memory (RFC 937, "The Protocol"). */
class Pop2PairTest {

  private final ManualTime time = new ManualTime();

  /** Stored with bare LF, bare CR and a line starting with a dot: POP2 sends it with CRLF and no stuffing. */
  private static final String ODD = "Subject: odd\n\n.a dot line\rend\n";

  private InMemoryPair<Pop2Client, Pop2HandlerServer> pair(MemoryFolders store, String user, String password,
      ClientScript script) {
    Pop2Client client = new Pop2Client(Pop2ClientConfig.of(user, Password.of(password)),
        time.environment(1), Pop2Fixtures.peer(ConnectionSecurity.TRUSTED));
    EngineHost<Pop2Client> host = (c, log) -> {
      for (Pop2ClientEvent e; (e = c.nextEvent()) != null; ) {
        log.add(e);
        script.on(c, e);
      }
    };
    InMemoryPair<Pop2Client, Pop2HandlerServer> p = new InMemoryPair<>(HostedEngine.of(client, host),
        HostedEngine.of(new Pop2HandlerServer(new Pop2ServerConfig("pop2.example", Pop2Fixtures.NO_DELAY),
            time.environment(2), Pop2Fixtures.peer(ConnectionSecurity.TRUSTED), store), EngineHost.none()),
        time);
    p.drive();
    return p;
  }

  /** The test's user: what it does with each event. */
  private interface ClientScript {
    void on(Pop2Client c, Pop2ClientEvent e);
  }

  @Test
  void readsEveryMessageDeletingSomeRetryingOneThenAnotherFolder() {
    MemoryFolders store = new MemoryFolders().user("ann", "pw")
        .folder("ann", "", List.of(message(90, "one"), ODD, message(300, "three"), message(64, "four")))
        .folder("ann", "archive", List.of(message(70, "a1"), message(80, "a2")));
    Map<Long, StringBuilder> received = new TreeMap<>();
    List<String> folders = new ArrayList<>();
    boolean[] retried = {false};
    InMemoryPair<Pop2Client, Pop2HandlerServer> p = pair(store, "ann", "pw", (c, e) -> {
      if (e instanceof Pop2ClientEvent.FolderSelected f) {
        folders.add(f.folder().orElse("") + ":" + f.count());
        if (f.folder().isEmpty()) {
          c.read();
        } else {
          c.read(2);
        }
      } else if (e instanceof Pop2ClientEvent.MessageLength l) {
        if (l.size() > 0) {
          c.retrieve();
        } else if (folders.size() == 1) {
          c.fold("archive");
        } else {
          c.quit();
        }
      } else if (e instanceof Pop2ClientEvent.MessageChunk m) {
        received.computeIfAbsent((long) folders.size() * 100 + m.messageNumber(), n -> new StringBuilder())
            .append(StandardCharsets.ISO_8859_1.decode(m.content()));
      } else if (e instanceof Pop2ClientEvent.MessageEnd end) {
        if (folders.size() == 2) {
          c.delete();
        } else if (end.messageNumber() == 2 && !retried[0]) {
          retried[0] = true;
          received.remove(102L);
          c.again();
        } else if (end.messageNumber() % 2 == 1) {
          c.delete();
        } else {
          c.keep();
        }
      }
    });
    assertThat(p.client().state()).isEqualTo(Pop2ClientState.EXIT);
    assertThat(p.clientLog().entries()).last().hasToString("Closed[orderly=true, reason=signed off: + OK bye]");
    assertThat(folders).containsExactly(":4", "archive:2");
    assertThat(received.get(102L)).hasToString(canonical(ODD));
    assertThat(received.get(103L)).hasToString(message(300, "three"));
    assertThat(received.get(202L)).hasToString(message(80, "a2"));
    assertThat(store.messages("ann", "")).containsExactly(ODD, message(64, "four"));
    assertThat(store.messages("ann", "archive")).containsExactly(message(70, "a1"));
    assertThat(store.log).containsExactly("open ann/", "update ann/ [1, 3]", "close ann/", "open ann/archive",
        "update ann/archive [2]", "close ann/archive");
    assertThat(store.locked).isEmpty();
  }

  @Test
  void aWrongPasswordClosesAndOpensNothing() {
    MemoryFolders store = new MemoryFolders().user("ann", "pw");
    InMemoryPair<Pop2Client, Pop2HandlerServer> p = pair(store, "ann", "nope", (c, e) -> { });
    assertThat(p.clientLog().entries()).last()
        .hasToString("Closed[orderly=false, reason=the server refused: - invalid user name or password]");
    assertThat(store.log).isEmpty();
    assertThat(p.server().isClosed()).isTrue();
  }

  @Test
  void quotedSpacesInUserPasswordAndFolder() {
    MemoryFolders store = new MemoryFolders().user("John Smith", "a b\\c")
        .folder("John Smith", "My Mail", List.of(message(50, "x")));
    InMemoryPair<Pop2Client, Pop2HandlerServer> p = pair(store, "John Smith", "a b\\c", (c, e) -> {
      if (e instanceof Pop2ClientEvent.FolderSelected f) {
        if (f.folder().isEmpty()) {
          c.fold("My Mail");
        } else {
          c.quit();
        }
      }
    });
    assertThat(p.conversation().replace("\\\\", "\\")).contains("C: HELO John\\ Smith a\\ b\\\\c",
        "C: FOLD My\\ Mail", "S: #1 message");
    assertThat(store.log).contains("open John Smith/My Mail");
  }
}
