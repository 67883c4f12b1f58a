package dev.missive.examples.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.FlagChange;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.OpenMailbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maildir store's mod-sequences (RFC 7162 §3.1.1, §3.2): per message and per folder, surviving a restart, never
 * decreasing (a cut or unreadable log included), raised by other programs' renames, expunged UIDs remembered for
 * VANISHED (EARLIER).
 */
class MaildirModSeqTest {

  @TempDir
  Path dir;

  @Test
  void modSeqsSurviveARestartAndGrowWithEachChange() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    f.deliver("one");
    f.deliver("two");
    long highest;
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      long start = inbox.snapshot().highestModSeq();
      assertThat(start).isPositive();
      assertThat(inbox.message(1).modSeq()).isPositive().isLessThanOrEqualTo(start);
      FlagChange c = inbox.store(1, StoreAction.ADD, List.of(Flag.SEEN), OptionalLong.empty());
      assertThat(c.modSeq()).isGreaterThan(start);
      assertThat(inbox.store(1, StoreAction.ADD, List.of(Flag.SEEN), OptionalLong.empty()).modSeq())
          .as("a STORE that changes nothing").isEqualTo(c.modSeq());
      // RFC 7162 §3.1.3: changed after the UNCHANGEDSINCE mod-sequence, left alone
      FlagChange refused = inbox.store(1, StoreAction.ADD, List.of(Flag.FLAGGED), OptionalLong.of(start));
      assertThat(refused.modified()).isTrue();
      assertThat(refused.flags()).containsExactly(Flag.SEEN);
      inbox.store(2, StoreAction.ADD, List.of(Flag.DELETED), OptionalLong.empty());
      long beforeExpunge = inbox.highestModSeq();
      assertThat(inbox.expunge(Optional.empty())).containsExactly(2L);
      highest = inbox.highestModSeq();
      assertThat(highest).as("an expunge raises the highest (§3.2)").isGreaterThan(beforeExpunge);
      assertThat(inbox.expungedSince(beforeExpunge).map(UidSet::toString)).contains("2");
      assertThat(inbox.expungedSince(highest).orElseThrow().isEmpty()).isTrue();
    }
    StoreFixture again = f.restarted();
    try (MailSession s = again.login(); OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      assertThat(inbox.snapshot().highestModSeq()).isEqualTo(highest);
      assertThat(inbox.message(1).modSeq()).isEqualTo(highest - 2); // the \Seen change, before 2's two changes
      assertThat(inbox.expungedSince(1).orElseThrow().contains(2)).isTrue();
    }
  }

  @Test
  void aRenameByAnotherProgramWhileDownGetsANewModSeq() throws Exception {
    StoreFixture f = new StoreFixture(dir);
    Path delivered = f.deliver("one");
    long before;
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      before = inbox.message(1).modSeq();
    }
    Path cur = delivered.getParent().resolveSibling("cur");
    Path file = Files.list(cur).findFirst().orElseGet(() -> delivered);
    Files.move(file, cur.resolve(file.getFileName().toString().replaceAll(":2,.*$", "") + ":2,F"));
    try (MailSession s = f.restarted().login();
         OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
      assertThat(inbox.message(1).flags()).containsExactly(Flag.FLAGGED);
      assertThat(inbox.message(1).modSeq()).isGreaterThan(before);
    }
  }

  @Test
  void aCutLastLineIsDroppedAndAnUnreadableLogNeverGoesBack() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("f"));
    ModSeqLog log = ModSeqLog.load(folder);
    log.record(List.of(), Map.of(1L, ""));
    assertThat(log.modSeq(1)).isEqualTo(2);
    log.record(List.of(), Map.of(1L, ""));
    assertThat(log.modSeq(1)).as("the same flags: no new mod-sequence").isEqualTo(2);
    log.record(List.of(), Map.of(1L, "\\Seen"));
    assertThat(log.modSeq(1)).isEqualTo(3);
    log.record(List.of(1L), Map.of());
    assertThat(log.highest()).isEqualTo(4);
    Path file = folder.resolve(ModSeqLog.FILE);
    Files.write(file, "+ 2 9".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND); // a crash mid-line
    ModSeqLog read = ModSeqLog.load(folder);
    assertThat(read.highest()).isEqualTo(4);
    assertThat(read.modSeq(2)).isZero();
    assertThat(read.expungedSince(3).map(UidSet::toString)).contains("1");
    assertThat(Files.readString(file)).endsWith("\n");
    Files.writeString(file, "garbage 77 here\n");
    ModSeqLog unreadable = ModSeqLog.load(folder);
    assertThat(unreadable.highest()).isGreaterThanOrEqualTo(77);
    assertThat(unreadable.expungedSince(5)).as("expunges before it are unknown now").isEmpty();
    unreadable.record(List.of(), Map.of(3L, ""));
    assertThat(unreadable.modSeq(3)).isGreaterThan(77);
  }

  @Test
  void aBatchIsOneLinePerChangeInOrderAndACutBatchKeepsItsWholeLines() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("f"));
    ModSeqLog log = ModSeqLog.load(folder);
    Map<Long, String> present = new LinkedHashMap<>();
    for (long uid = 1; uid <= 5; uid++) {
      present.put(uid, "");
    }
    log.record(List.of(), present);
    present.clear();
    present.put(2L, "\\Seen");
    present.put(3L, "");
    assertThat(log.record(List.of(1L, 4L), present)).as("each expunge's own mod-sequence, what sessions are told")
        .containsExactly(Map.entry(1L, 7L), Map.entry(4L, 8L));
    assertThat(log.highest()).isEqualTo(9);
    assertThat(log.modSeq(2)).as("after the batch's expunges, in order").isEqualTo(9);
    assertThat(log.modSeq(3)).as("unchanged").isEqualTo(4);
    assertThat(log.expungedSince(6).map(UidSet::toString)).contains("1,4");
    Path file = folder.resolve(ModSeqLog.FILE);
    String text = Files.readString(file);
    assertThat(text.lines().count()).as("the header, 5 arrivals, 2 expunges, 1 change").isEqualTo(9);
    Files.writeString(file, text.substring(0, text.length() - 4)); // a crash in the middle of the last line
    ModSeqLog read = ModSeqLog.load(folder);
    assertThat(read.highest()).isEqualTo(8);
    assertThat(read.modSeq(2)).isEqualTo(3);
    assertThat(read.expungedSince(6).map(UidSet::toString)).contains("1,4");
  }
}
