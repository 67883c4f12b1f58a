package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.EngineHost;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.LoopbackOptions;
import dev.missive.testkit.LoopbackServer;
import dev.missive.testkit.TestTls;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.Reader;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Test;

/**
 * Real clients over loopback sockets (the testkit's driver) reading from the handler-driven server: Apache
 * Commons Net's {@code POP3Client}/{@code POP3SClient} and Angus Mail's POP3 store, with USER/PASS, APOP, STLS,
 * TOP, UIDL, DELE then QUIT (RFC 1939, RFC 2595).
 */
class InteropTest {

  private final MemoryStore store = MemoryStore.rfc1939();

  private Supplier<HostedEngine<Pop3HandlerServer>> engines(ConnectionSecurity security) {
    return () -> HostedEngine.of(new Pop3HandlerServer(Pop3ServerConfig.builder().hostname("localhost").apop(true).build(),
        EngineEnvironment.system(), Fixtures.peer(security), session -> store), EngineHost.none());
  }

  /** A Commons Net client connected to {@code server}, with the 10 s timeout of the loopback driver. */
  private static <C extends POP3Client> C connect(C client, LoopbackServer server) throws Exception {
    client.setDefaultTimeout(10_000);
    client.connect("127.0.0.1", server.port());
    return client;
  }

  /** Logs out, disconnects and checks that the server side saw no failure. */
  private static void quit(POP3Client client, LoopbackServer server) throws Exception {
    assertThat(client.logout()).isTrue();
    client.disconnect();
    assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
    server.assertNoFailures();
  }

  private static String read(Reader r) throws Exception {
    try (BufferedReader b = new BufferedReader(r)) {
      return b.lines().collect(Collectors.joining("\n"));
    }
  }

  @Test
  void commonsNetUserPassTopUidlDeleQuit() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(engines(ConnectionSecurity.TRUSTED))) {
      POP3Client client = connect(new POP3Client(), server);
      assertThat(client.login("mrose", "mrosepass")).isTrue();
      POP3MessageInfo status = client.status();
      assertThat(status.number).isEqualTo(2);
      assertThat(status.size).isEqualTo(320);
      assertThat(client.listMessages()).extracting(m -> m.size).containsExactly(120, 200);
      assertThat(client.listUniqueIdentifiers()).extracting(m -> m.identifier)
          .containsExactly("whqtswO00WBw418f9t5JxYwZ", "QhdPYR:00WBw1Ph7x7");
      assertThat(read(client.retrieveMessageTop(2, 1)))
          .isEqualTo("From: John Doe <jdoe@machine.example>\nTo: Mary Smith <mary@example.net>\n"
              + "Subject: Saying Hello\n\nThis is a message just to say hello.");
      assertThat(read(client.retrieveMessage(1))).contains("\n. a line that starts with a dot\n");
      assertThat(client.deleteMessage(1)).isTrue();
      quit(client, server);
    }
    assertThat(store.maildrops.get("mrose")).hasSize(1);
    assertThat(store.locked).isEmpty();
  }

  @Test
  void commonsNetApop() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(engines(ConnectionSecurity.TRUSTED))) {
      POP3Client client = connect(new POP3Client(), server);
      String greeting = client.getReplyString().trim();
      String timestamp = greeting.substring(greeting.indexOf('<'));
      assertThat(client.login("mrose", timestamp, "tanstaaf")).isTrue();
      assertThat(client.status().number).isEqualTo(2);
      quit(client, server);
    }
  }

  @Test
  void commonsNetStlsThenUserPass() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(engines(ConnectionSecurity.PLAINTEXT))) {
      POP3SClient client = connect(new POP3SClient(false, TestTls.clientContext()), server);
      assertThat(client.login("mrose", "mrosepass")).isFalse();          // refused before TLS
      assertThat(client.getReplyString()).startsWith("-ERR [AUTH]");
      assertThat(client.execTLS()).isTrue();
      assertThat(client.login("mrose", "mrosepass")).isTrue();
      assertThat(client.status().size).isEqualTo(320);
      quit(client, server);
    }
  }

  @Test
  void commonsNetImplicitTls() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(engines(ConnectionSecurity.IMPLICIT_TLS),
        LoopbackOptions.defaults().withImplicitTls(true))) {
      POP3SClient client = connect(new POP3SClient(true, TestTls.clientContext()), server);
      assertThat(client.login("mrose", "mrosepass")).isTrue();
      assertThat(client.listMessages()).hasSize(2);
      quit(client, server);
    }
  }

  @Test
  void angusMailReadsUidlTopAndDeletes() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(engines(ConnectionSecurity.TRUSTED))) {
      Properties props = new Properties();
      props.put("mail.pop3.connectiontimeout", "10000");
      props.put("mail.pop3.timeout", "10000");
      Session session = Session.getInstance(props);
      Store pop3 = session.getStore("pop3");
      pop3.connect("127.0.0.1", server.port(), "mrose", "mrosepass");
      Folder inbox = pop3.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      assertThat(inbox.getMessageCount()).isEqualTo(2);
      Message[] messages = inbox.getMessages();
      assertThat(messages[1].getSubject()).isEqualTo("Saying Hello");         // headers come from TOP n 0
      assertThat(((POP3Folder) inbox).getUID(messages[1])).isEqualTo("QhdPYR:00WBw1Ph7x7");
      assertThat(messages[0].getSize()).isEqualTo(120 - 46);   // LIST size less the 46-octet header block from TOP
      assertThat(((String) messages[1].getContent()).trim()).startsWith("This is a message just to say hello.");
      messages[0].setFlag(Flags.Flag.DELETED, true);
      inbox.close(true);                                                       // DELE 1, QUIT
      pop3.close();
      server.awaitIdle(1, Duration.ofSeconds(10));
      server.assertNoFailures();
    }
    assertThat(store.maildrops.get("mrose")).hasSize(1);
    assertThat(store.locked).isEmpty();
  }

  @Test
  void angusMailWithApopAndStls() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(engines(ConnectionSecurity.PLAINTEXT))) {
      Properties props = new Properties();
      props.put("mail.pop3.connectiontimeout", "10000");
      props.put("mail.pop3.timeout", "10000");
      props.put("mail.pop3.starttls.enable", "true");
      props.put("mail.pop3.starttls.required", "true");
      props.put("mail.pop3.ssl.socketFactory", TestTls.clientContext().getSocketFactory());
      props.put("mail.pop3.ssl.checkserveridentity", "false");
      props.put("mail.pop3.apop.enable", "true");
      Store pop3 = Session.getInstance(props).getStore("pop3");
      pop3.connect("127.0.0.1", server.port(), "mrose", "tanstaaf");          // APOP after STLS
      Folder inbox = pop3.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isEqualTo(2);
      inbox.close(false);
      pop3.close();
      server.awaitIdle(1, Duration.ofSeconds(10));
      server.assertNoFailures();
    }
  }

  @Test
  void aThousandPipelinedCommandsAndTheOnesBehindADelayedFailedLoginAreAllAnswered() throws Exception {
    // failed logins answered after 200 ms: the engine takes no input meanwhile
    Pop3Limits limits = Pop3Limits.builder().failedLoginDelay(Duration.ofMillis(200)).build();
    Pop3ServerConfig config = Pop3ServerConfig.builder().hostname("localhost").limits(limits).build();
    try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new Pop3HandlerServer(config,
        EngineEnvironment.system(), Fixtures.peer(ConnectionSecurity.TRUSTED), session -> store), EngineHost.none()));
         java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("+OK");
      StringBuilder burst = new StringBuilder("USER mrose\r\nPASS wrong\r\nUSER mrose\r\nPASS mrosepass\r\n");
      for (int i = 0; i < 1000; i++) {
        burst.append("NOOP\r\nLIST\r\nSTAT\r\n"); // RFC 2449 §6.6: a client may pipeline
      }
      s.getOutputStream().write(burst.append("QUIT\r\n").toString()
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("+OK");
      assertThat(in.readLine()).startsWith("-ERR");
      assertThat(in.readLine()).startsWith("+OK");
      assertThat(in.readLine()).startsWith("+OK");
      for (int i = 0; i < 1000; i++) {
        assertThat(in.readLine()).as("NOOP %d", i).isEqualTo("+OK");
        assertThat(in.readLine()).as("LIST %d", i).startsWith("+OK 2 messages");
        assertThat(in.readLine()).isEqualTo("1 120");
        assertThat(in.readLine()).isEqualTo("2 200");
        assertThat(in.readLine()).isEqualTo(".");
        assertThat(in.readLine()).as("STAT %d", i).isEqualTo("+OK 2 320");
      }
      assertThat(in.readLine()).startsWith("+OK");
      assertThat(in.readLine()).isNull();
      assertThat(server.awaitIdle(1, Duration.ofSeconds(10))).isTrue();
      server.assertNoFailures();
    }
  }
}
