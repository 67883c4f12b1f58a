package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.transport.Transport;
import java.util.Arrays;
import org.apache.commons.net.imap.AuthenticatingIMAPClient;
import org.apache.commons.net.imap.IMAPClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Apache Commons Net's {@link IMAPClient} (every command it has; it has no IDLE) against ImapListener on both
 * transports over loopback: CAPABILITY, LOGIN and AUTHENTICATE PLAIN (RFC 4616), LIST, LSUB, CREATE, RENAME,
 * SUBSCRIBE, STATUS, SELECT and EXAMINE, FETCH of ENVELOPE, BODYSTRUCTURE and a section, UID FETCH, SEARCH, STORE,
 * COPY, EXPUNGE, APPEND with a synchronizing literal, CHECK, CLOSE, DELETE and LOGOUT (RFC 3501 §6).
 */
class CommonsNetInteropTest {

  private static String replies(IMAPClient client) {
    return String.join("\n", client.getReplyStrings());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyCommandOfTheClient(Transport transport) throws Exception {
    try (JavaClients server = new JavaClients(transport, false)) {
      IMAPClient c = new IMAPClient();
      c.setDefaultTimeout(20_000);
      c.connect("127.0.0.1", server.port());
      c.setSoTimeout(20_000);
      assertThat(c.capability()).isTrue();
      assertThat(replies(c)).contains("IMAP4rev1", "LITERAL+");
      assertThat(c.login("alice", "wrong")).isFalse();
      assertThat(c.login("alice", "secret")).isTrue();

      assertThat(c.create("Work")).isTrue();
      assertThat(c.rename("Work", "Projects")).isTrue();
      assertThat(c.subscribe("Projects")).isTrue();
      assertThat(c.list("", "*")).isTrue();
      assertThat(replies(c)).contains("* LIST (\\HasNoChildren) \"/\" INBOX", "\"/\" Projects");
      assertThat(c.lsub("", "*")).isTrue();
      assertThat(replies(c)).contains("* LSUB () \"/\" Projects");
      assertThat(c.unsubscribe("Projects")).isTrue();
      assertThat(c.status("INBOX", new String[] {"MESSAGES", "UIDNEXT", "UNSEEN"})).isTrue();
      assertThat(replies(c)).contains("* STATUS INBOX (MESSAGES 2 UIDNEXT 3 UNSEEN 2)");

      assertThat(c.examine("INBOX")).isTrue();
      assertThat(replies(c)).contains("* 2 EXISTS", "[READ-ONLY]");
      assertThat(c.select("INBOX")).isTrue();
      assertThat(replies(c)).contains("[READ-WRITE]");
      assertThat(c.fetch("1:2", "(ENVELOPE BODYSTRUCTURE)")).isTrue();
      assertThat(replies(c)).contains("\"report\"", "\"lunch\"", "\"MIXED\" (\"BOUNDARY\" \"b1\")");
      assertThat(c.fetch("1", "BODY.PEEK[1]")).isTrue();
      assertThat(replies(c)).contains("BODY[1] {18}", "the report follows");
      assertThat(c.uid("FETCH", "2 (FLAGS RFC822.SIZE)")).isTrue();
      // EXAMINE left the messages \Recent, SELECT made them recent to this session (RFC 3501 §2.3.2, §6.3.2)
      assertThat(replies(c)).contains("* 2 FETCH (UID 2 FLAGS (\\Recent) RFC822.SIZE " + JavaClients.PLAIN.length()
          + ")");
      assertThat(c.search("SUBJECT lunch")).isTrue();
      assertThat(replies(c)).contains("* SEARCH 2");
      assertThat(c.store("2", "+FLAGS", "(\\Deleted)")).isTrue();
      assertThat(replies(c)).contains("* 2 FETCH (FLAGS (\\Deleted \\Recent))");
      assertThat(c.copy("2", "Projects")).isTrue();
      assertThat(c.expunge()).isTrue();
      assertThat(replies(c)).contains("* 2 EXPUNGE");
      assertThat(c.check()).isTrue();
      assertThat(c.append("Projects", "(\\Seen)", null, "Subject: note\r\n\r\nkept\r\n")).isTrue();
      assertThat(replies(c)).contains("[APPENDUID ");
      assertThat(c.close()).isTrue();
      assertThat(c.delete("Nowhere")).isFalse();
      assertThat(replies(c)).contains("NO [NONEXISTENT]");
      assertThat(c.logout()).isTrue();
      c.disconnect();

      assertThat(server.store.messages("alice", "INBOX")).hasSize(1);
      assertThat(server.store.messages("alice", "Projects")).hasSize(2);
      assertThat(server.store.messages("alice", "Projects").get(1).flags()).containsExactly(Flag.SEEN);
      assertThat(server.failures).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void authenticatePlain(Transport transport) throws Exception {
    try (JavaClients server = new JavaClients(transport, false)) {
      AuthenticatingIMAPClient c = new AuthenticatingIMAPClient();
      c.setDefaultTimeout(20_000);
      c.connect("127.0.0.1", server.port());
      assertThat(c.auth(AuthenticatingIMAPClient.AUTH_METHOD.PLAIN, "alice", "secret")).isTrue();
      assertThat(c.select("INBOX")).isTrue();
      assertThat(Arrays.toString(c.getReplyStrings())).contains("* 2 EXISTS");
      assertThat(c.logout()).isTrue();
      c.disconnect();
      assertThat(server.failures).isEmpty();
    }
  }
}
