package dev.missive.examples.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.examples.maildir.MaildirMessage;
import dev.missive.imap.Flag;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.MailboxInfo;
import dev.missive.imap.server.OpenMailbox;
import dev.missive.imap.server.SelectedMailbox;
import dev.missive.imap.server.StoreException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Maildir++ store: layout, flags in file names, UIDs across restarts, subscriptions, special uses. */
class MaildirMailStoreTest {

  @TempDir
  Path dir;

  private static List<Long> uids(SelectedMailbox m) {
    List<Long> out = new java.util.ArrayList<>();
    for (long i = 1; i <= m.uids().size(); i++) {
      out.add(m.uids().select(i));
    }
    return out;
  }

  @Test
  void firstLoginMakesTheSpecialUseFoldersOnce() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    try (MailSession s = f.login()) {
      assertThat(s.mailboxes()).containsExactlyInAnyOrder(
          new MailboxInfo("INBOX", List.of(), true),
          new MailboxInfo("Sent", List.of(MailboxAttribute.SENT), true),
          new MailboxInfo("Drafts", List.of(MailboxAttribute.DRAFTS), true),
          new MailboxInfo("Trash", List.of(MailboxAttribute.TRASH), true),
          new MailboxInfo("Junk", List.of(MailboxAttribute.JUNK), true));
      assertThat(dir.resolve("alice/.Sent/maildirfolder")).exists();
      assertThat(dir.resolve("alice/.Sent/cur")).isDirectory();
      s.delete("Junk");
    }
    try (MailSession s = f.restarted().login()) { // not made again: the user deleted it (still subscribed)
      assertThat(s.mailboxes()).contains(new MailboxInfo("Junk", List.of(MailboxAttribute.NONEXISTENT), true));
      assertThat(dir.resolve("alice/.Junk")).doesNotExist();
    }
  }

  @Test
  void uidsAndUidValiditySurviveARestartAndExpungedUidsAreNeverReused() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    f.deliver("one");
    f.deliver("two");
    f.deliver("three");
    SelectedMailbox before;
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      before = inbox.snapshot();
      assertThat(uids(before)).containsExactly(1L, 2L, 3L);
      inbox.store(3, StoreAction.ADD, List.of(Flag.DELETED));
      assertThat(inbox.expunge(Optional.empty())).containsExactly(3L);
    }
    StoreFixture again = f.restarted();
    again.deliver("four");
    try (MailSession s = again.login(); OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      SelectedMailbox after = inbox.snapshot();
      assertThat(after.uidValidity()).isEqualTo(before.uidValidity());
      assertThat(uids(after)).containsExactly(1L, 2L, 4L);
      assertThat(new String(read(inbox, 4), StandardCharsets.US_ASCII)).contains("Subject: four");
    }
  }

  private static byte[] read(OpenMailbox box, long uid) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(7);
    long at = 0;
    for (int n; (n = box.message(uid).source().read(at, buf.clear())) > 0; at += n) {
      out.write(buf.array(), 0, n);
    }
    return out.toByteArray();
  }

  @Test
  void flagsAreTheFileNamesInfoAndKeywordsSurviveARestart() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    f.deliver("one");
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      // the first session told of it took its \Recent and moved it to cur/, flags unchanged (RFC 3501 §2.3.2)
      assertThat(f.files("")).singleElement().asString().startsWith("cur/").endsWith(":2,");
      assertThat(inbox.store(1, StoreAction.ADD, List.of(Flag.SEEN, Flag.FLAGGED, new Flag("$Label1"))))
          .containsExactly(new Flag("$Label1"), Flag.FLAGGED, Flag.SEEN);
      assertThat(f.files("")).singleElement().asString().startsWith("cur/").endsWith(":2,FSa");
      inbox.store(1, StoreAction.ADD, List.of(Flag.ANSWERED, Flag.DRAFT, Flag.DELETED, new Flag("Work")));
      assertThat(f.files("")).singleElement().asString().endsWith(":2,DFRSTab");
      inbox.store(1, StoreAction.REMOVE, List.of(Flag.DELETED, new Flag("$label1")));
      assertThat(f.files("")).singleElement().asString().endsWith(":2,DFRSb");
    }
    try (MailSession s = f.restarted().login();
         OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      assertThat(inbox.message(1).flags()).containsExactlyInAnyOrder(Flag.ANSWERED, Flag.DRAFT, Flag.FLAGGED,
          Flag.SEEN, new Flag("Work"));
      assertThat(inbox.snapshot().flags()).contains(new Flag("$Label1"), new Flag("Work"));
    }
  }

  @Test
  void lettersOfOtherProgramsAreKept() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    Path cur = dir.resolve("alice/cur");
    Files.createDirectories(cur);
    Files.write(cur.resolve("1700000000.M1P1.other:2,PS"), StoreFixture.message("passed"));
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      assertThat(inbox.message(1).flags()).containsExactly(Flag.SEEN);
      inbox.store(1, StoreAction.REPLACE, List.of(Flag.FLAGGED));
      assertThat(f.files("")).containsExactly("cur/1700000000.M1P1.other:2,FP");
    }
  }

  @Test
  void appendWithFlagsAndDateCopyAndMoveAreFilesOnDisk() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    try (MailSession s = f.login()) {
      OffsetDateTime date = OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
      long uid = f.append(s, "Drafts", "draft", List.of(Flag.DRAFT, Flag.SEEN), date);
      assertThat(uid).isEqualTo(1);
      assertThat(f.files(".Drafts")).singleElement().asString().startsWith("cur/").contains(",S=")
          .endsWith(":2,DS");
      try (OpenMailbox drafts = s.select("Drafts", false, new StoreFixture.Recorder())) {
        assertThat(drafts.message(1).internalDate()).isEqualTo(date);
        assertThat(drafts.message(1).size()).isEqualTo(StoreFixture.message("draft").length);
        ResponseCode.CopyUid copy = drafts.copy(UidSet.of(dev.missive.imap.SequenceSet.parse("1")), "Sent", false);
        assertThat(copy.destination().toString()).isEqualTo("1");
        assertThat(f.files(".Sent")).singleElement().asString().endsWith(":2,DS");
        drafts.copy(UidSet.of(dev.missive.imap.SequenceSet.parse("1")), "Trash", true);
        assertThat(f.files(".Drafts")).isEmpty();
        assertThat(f.files(".Trash")).hasSize(1);
        assertThat(drafts.message(1)).isNull();
        assertThatThrownBy(() -> drafts.copy(UidSet.of(dev.missive.imap.SequenceSet.parse("1")), "Nowhere", false))
            .isInstanceOf(StoreException.class).extracting(e -> ((StoreException) e).code().orElseThrow())
            .isEqualTo(ResponseCode.TRYCREATE);
      }
      try (OpenMailbox trash = s.select("Trash", false, new StoreFixture.Recorder())) {
        assertThat(new String(read(trash, 1), StandardCharsets.US_ASCII)).contains("body of draft");
      }
    }
  }

  @Test
  void createRenameDeleteAreDirectories() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    try (MailSession s = f.login()) {
      s.create("Projects/2026/Q1.plan", List.of());
      assertThat(dir.resolve("alice/.Projects")).isDirectory();
      assertThat(dir.resolve("alice/.Projects.2026")).isDirectory();
      assertThat(dir.resolve("alice/.Projects.2026.Q1\\2eplan/cur")).isDirectory();
      assertThatThrownBy(() -> s.create("Projects", List.of())).isInstanceOf(StoreException.class);
      assertThatThrownBy(() -> s.delete("Projects")).extracting(e -> ((StoreException) e).code().orElseThrow())
          .isEqualTo(ResponseCode.HASCHILDREN);
      f.append(s, "Projects/2026", "kept", List.of());
      s.rename("Projects", "Archive/Old");
      assertThat(dir.resolve("alice/.Projects")).doesNotExist();
      assertThat(dir.resolve("alice/.Archive.Old.2026.Q1\\2eplan")).isDirectory();
      assertThat(f.files(".Archive.Old.2026")).hasSize(1);
      s.delete("Archive/Old/2026/Q1.plan");
      assertThat(dir.resolve("alice/.Archive.Old.2026.Q1\\2eplan")).doesNotExist();
      try (var left = Files.list(dir.resolve("alice"))) {
        assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".."));
      }
      f.deliver("in inbox");
      s.rename("INBOX", "Old inbox"); // RFC 9051 §6.3.6: the messages move, INBOX stays
      assertThat(f.files("")).isEmpty();
      assertThat(f.files(".Old inbox")).hasSize(1);
      assertThat(s.status("Old inbox").messages()).isEqualTo(1);
    }
  }

  @Test
  void refusedNamesTouchNothing() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    try (MailSession s = f.login()) {
      for (String bad : new String[] {"..", "../bob", "a/../../bob", "~bob", "&AC4ALg-", "x\u0000y", "/etc"}) {
        assertThatThrownBy(() -> s.create(bad, List.of())).as(bad).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> s.select(bad, false, new StoreFixture.Recorder())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> s.rename("Sent", bad)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> s.subscribe(bad, true)).isInstanceOf(StoreException.class);
      }
      try (var all = Files.list(dir)) {
        assertThat(all.map(p -> p.getFileName().toString())).containsExactly("alice");
      }
    }
  }

  @Test
  void subscriptionsSurviveARestart() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    try (MailSession s = f.login()) {
      s.create("Lists", List.of());
      s.subscribe("Lists", true);
      s.subscribe("Trash", false);
      s.subscribe("Later", true); // RFC 9051 §6.3.7: a name that does not exist may be subscribed
    }
    try (MailSession s = f.restarted().login()) {
      assertThat(s.mailboxes()).contains(new MailboxInfo("Lists", List.of(), true),
          new MailboxInfo("Trash", List.of(MailboxAttribute.TRASH), false),
          new MailboxInfo("Later", List.of(MailboxAttribute.NONEXISTENT), true));
    }
  }

  @Test
  void otherProgramsChangesAreReportedWhenTheSessionLooks() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    f.deliver("one");
    f.deliver("two");
    StoreFixture.Recorder seen = new StoreFixture.Recorder();
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, seen);
         MailSession other = f.login();
         OpenMailbox second = other.select("INBOX", false, new StoreFixture.Recorder())) {
      f.deliver("three"); // through the store's delivery hook: reported at once
      assertThat(seen.take()).containsExactly("added 3");
      // a POP3 session deletes message 1 through the Maildir
      List<MaildirMessage> pop = f.maildir.list("alice");
      second.store(2, StoreAction.ADD, List.of(Flag.SEEN)); // renamed into cur/ after POP3 listed it
      assertThat(seen.take()).containsExactly("flags 2 [\\Seen]");
      f.maildir.delete(pop.get(0));
      try (InputStream in = f.maildir.open(pop.get(1))) { // POP3 still finds the renamed file
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).contains("Subject: two");
      }
      f.maildir.delete(pop.get(1));
      Thread.sleep(5); // the directory times move on
      inbox.refresh();
      assertThat(seen.take()).containsExactly("expunged 1", "expunged 2");
      Files.move(f.files("").stream().map(n -> dir.resolve("alice").resolve(n)).findFirst().orElseThrow(),
          dir.resolve("alice/cur/1700000000.M1P1.reader:2,S"));
      Files.write(dir.resolve("alice/new/1800000000.M1P1.mda"), StoreFixture.message("four"));
      inbox.refresh();
      assertThat(seen.take()).containsExactly("expunged 3", "added 4", "added 5");
    }
  }

  @Test
  void aDeliveryIsReportedAtOnceAlsoUnderARelativeMaildirRoot() throws Exception {
    Path relative = Path.of("").toAbsolutePath().relativize(dir); // --maildir mail-data is relative
    StoreFixture f = new StoreFixture(relative);
    StoreFixture.Recorder seen = new StoreFixture.Recorder();
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, seen)) {
      f.deliver("one");
      assertThat(seen.take()).containsExactly("added 1"); // no refresh: the delivery hook found the folder
    }
  }
}
