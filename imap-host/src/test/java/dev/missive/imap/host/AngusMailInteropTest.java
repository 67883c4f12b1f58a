package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.transport.Transport;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Eclipse Angus Mail's IMAP store (the Jakarta Mail reference implementation) against ImapListener on both
 * transports over loopback: folders (LIST, CREATE), SELECT, FETCH of ENVELOPE, BODYSTRUCTURE, a body part and
 * UIDs (RFC 9051 §6.4.5, §7.5.2), SEARCH, STORE of flags, COPY and MOVE (RFC 6851), EXPUNGE, APPEND with APPENDUID
 * (RFC 4315 §3) and IDLE woken by a delivery (RFC 2177).
 */
class AngusMailInteropTest {

  private static Store connect(JavaClients server) throws Exception {
    Properties p = new Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(server.port()));
    p.put("mail.imap.connectiontimeout", "10000");
    p.put("mail.imap.timeout", "20000");
    Store store = Session.getInstance(p).getStore("imap");
    store.connect("alice", "secret");
    return store;
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void foldersFetchSearchFlagsCopyMoveExpungeAppend(Transport transport) throws Exception {
    try (JavaClients server = new JavaClients(transport)) {
      Store store = connect(server);
      assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName)).containsExactly("INBOX");
      Folder archive = store.getFolder("Archive");
      assertThat(archive.create(Folder.HOLDS_MESSAGES)).isTrue();
      assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
          .containsExactlyInAnyOrder("INBOX", "Archive");

      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      assertThat(inbox.getMessageCount()).isEqualTo(2);
      Message[] all = inbox.getMessages();
      FetchProfile profile = new FetchProfile();
      profile.add(FetchProfile.Item.ENVELOPE);
      profile.add(FetchProfile.Item.CONTENT_INFO);
      profile.add(FetchProfile.Item.FLAGS);
      profile.add(UIDFolder.FetchProfileItem.UID);
      inbox.fetch(all, profile);
      IMAPMessage first = (IMAPMessage) all[0];
      assertThat(first.getSubject()).isEqualTo("report");
      assertThat(((InternetAddress) first.getFrom()[0]).getAddress()).isEqualTo("bob@example.org");
      assertThat(first.getMessageID()).isEqualTo("<report-1@example.org>");
      assertThat(first.getContentType()).startsWithIgnoringCase("multipart/mixed"); // MIME types are case-insensitive
      assertThat(inbox.getUID(first)).isEqualTo(1);
      assertThat(first.isSet(jakarta.mail.Flags.Flag.SEEN)).isFalse();

      Multipart parts = (Multipart) first.getContent(); // BODYSTRUCTURE, then BODY[1] and BODY[2]
      assertThat(parts.getCount()).isEqualTo(2);
      BodyPart text = parts.getBodyPart(0);
      assertThat(text.getContent()).isEqualTo("the report follows");
      byte[] binary = parts.getBodyPart(1).getInputStream().readAllBytes();
      assertThat(binary).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(first.isSet(jakarta.mail.Flags.Flag.SEEN)).isTrue(); // a non-peek BODY[] sets \Seen

      Message byUid = inbox.getMessageByUID(2);
      assertThat(byUid.getSubject()).isEqualTo("lunch");
      assertThat(inbox.search(new SubjectTerm("LUNCH"))).extracting(Message::getMessageNumber).containsExactly(2);

      byUid.setFlag(jakarta.mail.Flags.Flag.FLAGGED, true);
      assertThat(server.store.messages("alice", "INBOX").get(1).flags()).contains(Flag.FLAGGED);

      inbox.copyMessages(new Message[] {first}, archive);
      inbox.moveMessages(new Message[] {byUid}, archive);
      assertThat(byUid.isExpunged()).isTrue(); // the server's EXPUNGE before MOVE's OK (RFC 6851 §4.3)
      assertThat(server.store.messages("alice", "INBOX")).hasSize(1);
      first.setFlag(jakarta.mail.Flags.Flag.DELETED, true);
      assertThat(inbox.expunge()).contains(first); // Angus adds the message MOVE expunged before
      assertThat(server.store.messages("alice", "INBOX")).isEmpty();
      inbox.close(false);

      IMAPFolder archived = (IMAPFolder) store.getFolder("Archive");
      MimeMessage fresh = new MimeMessage(Session.getInstance(new Properties()),
          new ByteArrayInputStream("Subject: appended\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)));
      AppendUID[] uids = archived.appendUIDMessages(new Message[] {fresh});
      assertThat(uids[0].uid).isEqualTo(3);
      archived.open(Folder.READ_ONLY);
      assertThat(Arrays.stream(archived.getMessages()).map(m -> {
        try {
          return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
          throw new IllegalStateException(e);
        }
      })).containsExactly("report", "lunch", "appended");
      archived.close(false);
      store.close();
      assertThat(server.failures).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void idleWakesOnADelivery(Transport transport) throws Exception {
    try (JavaClients server = new JavaClients(transport)) {
      Store store = connect(server);
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      CompletableFuture<Integer> arrived = new CompletableFuture<>();
      inbox.addMessageCountListener(new jakarta.mail.event.MessageCountAdapter() {
        @Override
        public void messagesAdded(jakarta.mail.event.MessageCountEvent e) {
          arrived.complete(e.getMessages()[0].getMessageNumber());
        }
      });
      CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> {
        try {
          inbox.idle(true); // returns after the first notification
        } catch (jakarta.mail.MessagingException e) {
          throw new IllegalStateException(e);
        }
      });
      // either order is right: a delivery before IDLE is announced when it starts, one during it at once (RFC 2177
      // §3); the pause makes the second the usual case, and nothing depends on it
      Thread.sleep(300);
      server.store.deliver("alice", "INBOX", JavaClients.PLAIN.getBytes(StandardCharsets.US_ASCII));
      idle.get(20, TimeUnit.SECONDS);
      assertThat(arrived.get(20, TimeUnit.SECONDS)).isEqualTo(3);
      assertThat(inbox.getMessageCount()).isEqualTo(3);
      inbox.close(false);
      store.close();
      assertThat(server.failures).isEmpty();
    }
  }
}
