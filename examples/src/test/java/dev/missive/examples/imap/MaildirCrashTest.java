package dev.missive.examples.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.OpenMailbox;
import dev.missive.imap.server.SelectedMailbox;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the Maildir store (RFC 9051 §2.3.1.1: a UID is never given to another message): a child JVM
 * appends, flags and expunges until it is killed with SIGKILL at a point that differs each round; the store opened
 * again holds every acknowledged change, reuses no UID, and shows no partial message; its mod-sequences (RFC 7162)
 * never go back: the folder's highest is at least every one acknowledged, a flagged message's at least its STORE's,
 * and every acknowledged expunge is still known for VANISHED (EARLIER). The child also drops batches of messages
 * into {@code new/}, which one scan numbers with one append to the UID list and one to the mod-sequence log: a kill
 * in the middle of a batch loses and reuses nothing either.
 */
class MaildirCrashTest {

  @TempDir
  Path dir;

  @Test
  void killedDuringAppendStoreAndExpungeLosesNothingAcknowledgedAndReusesNoUid() throws Exception {
    Map<Long, Long> messageOfUid = new HashMap<>(); // every UID ever acknowledged, and its message number
    long uidValidity = 0;
    long start = 1;
    long highestAcknowledged = 0; // the largest mod-sequence any acknowledgement reported, over all rounds
    for (int round = 0; round < 3; round++) {
      List<String> log = runAndKill(start, 40 + 70 * round);
      Set<Long> flagged = new HashSet<>();
      Set<Long> expungeBegun = new HashSet<>();
      Set<Long> expunged = new HashSet<>();
      Map<Long, Long> flaggedModSeq = new HashMap<>();
      long highestBefore = messageOfUid.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
      for (String line : log) {
        String[] w = line.split(" ");
        if (line.startsWith("A A ")) {
          long uid = Long.parseLong(w[3]);
          assertThat(uid).as("a UID given before the crash is given again").isGreaterThan(highestBefore);
          assertThat(messageOfUid.put(uid, Long.parseLong(w[2]))).as("UID reused").isNull();
          start = Long.parseLong(w[2]) + 1;
        } else if (line.startsWith("A S ")) {
          flagged.add(Long.parseLong(w[2]));
          flaggedModSeq.put(Long.parseLong(w[2]), Long.parseLong(w[3]));
          highestAcknowledged = Math.max(highestAcknowledged, Long.parseLong(w[3]));
        } else if (line.startsWith("B X ")) {
          expungeBegun.add(Long.parseLong(w[2]));
        } else if (line.startsWith("A X ")) {
          expunged.add(Long.parseLong(w[2]));
          highestAcknowledged = Math.max(highestAcknowledged, Long.parseLong(w[3]));
        }
      }
      start += 1000; // the message in flight may or may not be there: later numbers never clash with it
      assertThat(log).as("the child did some work before it was killed").anyMatch(l -> l.startsWith("A A "));
      assertThat(log).as("a batch numbered at once by a refresh").anyMatch(l -> l.startsWith("B D "));

      StoreFixture restarted = new StoreFixture(dir);
      try (MailSession s = restarted.login();
           OpenMailbox inbox = s.select("INBOX", false, new StoreFixture.Recorder())) {
        SelectedMailbox now = inbox.snapshot();
        if (uidValidity != 0) {
          assertThat(now.uidValidity()).isEqualTo(uidValidity);
        }
        uidValidity = now.uidValidity();
        assertThat(now.highestModSeq()).as("HIGHESTMODSEQ went back").isGreaterThanOrEqualTo(highestAcknowledged);
        highestAcknowledged = now.highestModSeq();
        UidSet known = inbox.expungedSince(0).orElseThrow();
        for (long x : expunged) {
          assertThat(known.contains(x)).as("acknowledged expunge of UID %d forgotten", x).isTrue();
        }
        Set<Long> present = new HashSet<>();
        for (long i = 1; i <= now.uids().size(); i++) {
          long uid = now.uids().select(i);
          present.add(uid);
          String text = new String(read(inbox, uid), StandardCharsets.US_ASCII);
          long number = Long.parseLong(text.substring(text.indexOf("Subject: m") + 10, text.indexOf("\r\n\r\n")));
          assertThat(text.getBytes(StandardCharsets.US_ASCII)).as("message %d whole", number)
              .isEqualTo(CrashLoad.message(number));
          Long acknowledgedAs = messageOfUid.get(uid);
          if (acknowledgedAs != null) {
            assertThat(number).as("UID %d holds another message than acknowledged", uid).isEqualTo(acknowledgedAs);
          }
          if (flagged.contains(uid) && !expungeBegun.contains(uid)) {
            assertThat(inbox.message(uid).flags()).contains(Flag.FLAGGED);
            assertThat(inbox.message(uid).modSeq()).isGreaterThanOrEqualTo(flaggedModSeq.get(uid));
          }
        }
        for (Map.Entry<Long, Long> e : messageOfUid.entrySet()) {
          boolean gone = expunged.contains(e.getKey()) || expungeBegun.contains(e.getKey());
          if (!gone && e.getKey() > highestBefore) {
            assertThat(present).as("acknowledged APPEND of message %d lost", e.getValue()).contains(e.getKey());
          }
        }
        assertThat(present).doesNotContainAnyElementsOf(expunged);
      }
    }
  }

  /** Runs the load until it acknowledged {@code acks} operations, then kills it. */
  private List<String> runAndKill(long start, int acks) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        CrashLoad.class.getName(), dir.toString(), Long.toString(start))
        .redirectError(dir.resolve("child.err").toFile()).start();
    List<String> log = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.US_ASCII))) {
      int seen = 0;
      for (String line; (line = in.readLine()) != null; ) {
        log.add(line);
        if (line.startsWith("A ") && ++seen == acks) {
          // SIGKILL, in the middle of whatever the child does now; the handle's signal leaves our end of the pipe
          // open, so what the child printed before the signal landed is still read
          child.toHandle().destroyForcibly();
        }
      }
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(log).as(Files.exists(dir.resolve("child.err")) ? Files.readString(dir.resolve("child.err")) : "")
        .contains("READY");
    return log;
  }

  static byte[] read(OpenMailbox box, long uid) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
    long at = 0;
    for (int n; (n = box.message(uid).source().read(at, buf.clear())) > 0; at += n) {
      out.write(buf.array(), 0, n);
    }
    return out.toByteArray();
  }
}
