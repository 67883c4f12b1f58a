package dev.missive.examples.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirTest {

  @TempDir
  Path root;

  @Test
  void deliveryLandsInNewOnlyAfterCommit() throws IOException {
    Maildir maildir = new Maildir(root, "mx.example");
    Maildir.Delivery d = maildir.begin("alice");
    d.write("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(maildir.list("alice")).isEmpty();
    try (var tmp = Files.list(root.resolve("alice/tmp"))) {
      assertThat(tmp.count()).isEqualTo(1);
    }
    Path file = d.commit();
    assertThat(file.getParent()).isEqualTo(root.resolve("alice/new"));
    List<MaildirMessage> list = maildir.list("alice");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).crlfSize()).isEqualTo(21);
    try (InputStream in = maildir.open(list.get(0))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
    }
    try (var tmp = Files.list(root.resolve("alice/tmp"))) {
      assertThat(tmp.count()).isZero();
    }
  }

  @Test
  void abortLeavesNothing() throws IOException {
    Maildir maildir = new Maildir(root, "mx");
    try (Maildir.Delivery d = maildir.begin("bob")) {
      d.write(new byte[] {'x'});
    }
    assertThat(maildir.list("bob")).isEmpty();
    try (var tmp = Files.list(root.resolve("bob/tmp"))) {
      assertThat(tmp.count()).isZero();
    }
  }

  /** RFC 1939 §11: the size POP3 reports counts CRLF line endings, also for files stored with bare LFs. */
  @Test
  void sizeCountsCrlfForBareLfFiles() throws IOException {
    Maildir maildir = new Maildir(root, "mx");
    Path box = maildir.mailbox("carol");
    Files.writeString(box.resolve("cur/1700000000.M1P1.host:2,S"), "a\nb\r\nc\n");
    MaildirMessage m = maildir.list("carol").get(0);
    assertThat(m.uniqueName()).isEqualTo("1700000000.M1P1.host");
    assertThat(m.crlfSize()).isEqualTo(9);
    Maildir.Delivery d = maildir.begin("carol");
    d.write("a\nb\r\nc\n".getBytes(StandardCharsets.US_ASCII));
    d.commit();
    assertThat(maildir.list("carol")).extracting(MaildirMessage::crlfSize).containsExactly(9L, 9L);
  }

  @Test
  void uniqueNamesAreDistinctAndDeleteWorks() throws IOException {
    Maildir maildir = new Maildir(root, "mx");
    for (int i = 0; i < 20; i++) {
      Maildir.Delivery d = maildir.begin("dave");
      d.write(new byte[] {'x', '\r', '\n'});
      d.commit();
    }
    List<MaildirMessage> list = maildir.list("dave");
    assertThat(list).extracting(MaildirMessage::uniqueName).doesNotHaveDuplicates().hasSize(20);
    maildir.delete(list.get(0));
    maildir.delete(list.get(0));
    assertThat(maildir.list("dave")).hasSize(19);
  }

  /** POP3 numbers messages in list() order, which must be delivery order: unique names are time.Musec, padded. */
  @Test
  void listIsInDeliveryOrder() throws IOException {
    Maildir maildir = new Maildir(root, "mx");
    for (int i = 0; i < 30; i++) {
      Maildir.Delivery d = maildir.begin("erin");
      d.write(("n" + i).getBytes(StandardCharsets.US_ASCII));
      d.commit();
    }
    List<MaildirMessage> list = maildir.list("erin");
    for (int i = 0; i < list.size(); i++) {
      assertThat(list.get(i).uniqueName()).matches("[0-9]{10}\\.M[0-9]{6}P[0-9]+Q[0-9]+\\.mx");
      try (InputStream in = maildir.open(list.get(i))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("n" + i);
      }
    }
  }

  @Test
  void refusesPathTricks() {
    Maildir maildir = new Maildir(root, "mx");
    assertThatThrownBy(() -> maildir.mailbox("../etc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> maildir.mailbox("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Maildir.isValidUser("john.doe")).isTrue();
  }
}
