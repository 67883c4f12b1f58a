package dev.missive.examples.server;

import static dev.missive.examples.server.ImapServiceTest.engine;
import static dev.missive.examples.server.ImapServiceTest.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.maildir.Maildir;
import dev.missive.wire.ProtocolEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QRESYNC (RFC 7162) between two IMAP sessions of the example server on one Maildir folder: the store tells a session
 * of another's expunge with the expunge's own mod-sequence, so while the session holds the expunge back (RFC 9051
 * §7.5.1) the {@code HIGHESTMODSEQ} it reports is exactly the one below it (RFC 7162 §3.2, the example of §6), not a
 * lower guess.
 */
class MaildirQresyncTest {

  private static final Pattern HIGHEST = Pattern.compile("HIGHESTMODSEQ (\\d+)");

  @TempDir
  Path dir;

  private static ProtocolEngine session(ImapService service) {
    ProtocolEngine s = engine(service, "127.0.0.1");
    exchange(s, "");
    assertThat(exchange(s, "a LOGIN alice secret\r\n")).contains("a OK");
    return s;
  }

  private static void deliver(Maildir maildir, String subject) throws Exception {
    Maildir.Delivery d = maildir.begin("alice");
    d.write(("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    d.commit();
  }

  private static long highest(String answer) {
    Matcher m = HIGHEST.matcher(answer);
    assertThat(m.find()).as("HIGHESTMODSEQ in %s", answer).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void aHeldBackExpungeKeepsHighestModSeqJustBelowItsOwn() throws Exception {
    Maildir maildir = new Maildir(dir, "example.org");
    ImapService service = ImapServiceTest.service(maildir);
    deliver(maildir, "one");
    deliver(maildir, "two");
    ProtocolEngine a = session(service);
    ProtocolEngine b = session(service);
    assertThat(exchange(a, "e ENABLE QRESYNC\r\n")).contains("* ENABLED QRESYNC");
    long selected = highest(exchange(a, "s SELECT INBOX\r\n"));
    exchange(b, "e ENABLE QRESYNC\r\ns SELECT INBOX\r\n"); // its EXPUNGE then says HIGHESTMODSEQ (§3.2.7)
    // b changes flags a has not heard of yet, then expunges UID 2: the expunge's mod-sequence is above them all
    exchange(b, "t STORE 1 +FLAGS.SILENT (\\Flagged)\r\nu STORE 1 +FLAGS.SILENT (\\Answered)\r\n"
        + "v STORE 2 +FLAGS.SILENT (\\Deleted)\r\n");
    long expunge = highest(exchange(b, "x EXPUNGE\r\n"));
    assertThat(expunge).isEqualTo(selected + 4);
    // a's STORE cannot announce the expunge (RFC 9051 §7.5.1) but tells a MODSEQ above it (UNCHANGEDSINCE: even a
    // silent STORE tells it, §3.1.3): the completion says the mod-sequence just below the expunge's (§3.2, §6),
    // not one above the last a was told before the expunge (the engine's guess without the expunge's own)
    String store = exchange(a, "f STORE 1 (UNCHANGEDSINCE " + expunge + ") +FLAGS.SILENT (\\Seen)\r\n");
    assertThat(store).doesNotContain("VANISHED").contains("MODSEQ (" + (expunge + 1) + ")");
    assertThat(highest(store)).isEqualTo(expunge - 1);
    // the NOOP that announces it gives the highest again
    String noop = exchange(a, "n NOOP\r\n");
    assertThat(noop).contains("* VANISHED 2");
    assertThat(highest(noop)).isEqualTo(expunge + 1);
  }
}
