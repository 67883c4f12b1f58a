package dev.missive.examples.imap;

import dev.missive.imap.Flag;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.server.MailSession;
import dev.missive.imap.server.OpenMailbox;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The child JVM of {@link MaildirCrashTest}: APPEND, STORE and EXPUNGE on alice's INBOX as fast as it can, each
 * operation announced on stdout before it starts ({@code B}) and after the store acknowledged it ({@code A}, with the
 * message's mod-sequence after a STORE and the folder's highest after an EXPUNGE, RFC 7162), until the test kills
 * it with SIGKILL. Every fifth round another program (this one, behind the store's back) drops a batch of messages
 * into {@code new/} and the session's refresh numbers the whole batch at once: each is acknowledged ({@code A A})
 * once the session was told its UID.
 */
public final class CrashLoad {

  private CrashLoad() {}

  /** The message numbered {@code i}: whole only if it ends with its own END line. */
  static byte[] message(long i) {
    StringBuilder m = new StringBuilder("From: load@example.org\r\nSubject: m" + i + "\r\n\r\n");
    for (int line = 0; line < 150; line++) {
      m.append("line ").append(line).append(" of message ").append(i).append(" .........................\r\n");
    }
    return m.append("END ").append(i).append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Runs the load.
   *
   * @param args the Maildir root and the first message number
   * @throws Exception when the store fails (the test then sees no further acknowledgements)
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.US_ASCII);
    StoreFixture f = new StoreFixture(Path.of(args[0]));
    long i = Long.parseLong(args[1]);
    List<Long> appended = new ArrayList<>();
    StoreFixture.Recorder told = new StoreFixture.Recorder();
    try (MailSession s = f.login(); OpenMailbox inbox = s.select("INBOX", false, told)) {
      out.println("READY");
      for (; ; i++) {
        byte[] m = message(i);
        out.println("B A " + i);
        var sink = s.startAppend("INBOX", List.of(), Optional.empty(), m.length);
        sink.write(ByteBuffer.wrap(m));
        long uid = UidSet.of(s.commitAppend("INBOX", List.of(sink)).uids()).select(1);
        out.println("A A " + i + " " + uid);
        appended.add(uid);
        if (i % 3 == 0) {
          out.println("B S " + uid);
          long modSeq = inbox.store(uid, StoreAction.ADD, List.of(Flag.FLAGGED), java.util.OptionalLong.empty())
              .modSeq();
          out.println("A S " + uid + " " + modSeq);
        }
        if (i % 5 == 0) {
          i = deliverBatch(f, inbox, told, i + 1, 3 + (int) (i % 7), out) - 1;
        }
        if (i % 4 == 0 && appended.size() > 2) {
          long victim = appended.remove(appended.size() - 3);
          out.println("B X " + victim);
          inbox.store(victim, StoreAction.ADD, List.of(Flag.DELETED));
          UidSet only = new UidSet();
          only.add(victim);
          inbox.expunge(Optional.of(only));
          out.println("A X " + victim + " " + inbox.highestModSeq());
        }
      }
    }
  }

  /**
   * Writes messages {@code first} onwards into {@code new/} as a delivery agent does (tmp/, then a rename), then
   * refreshes the session, which numbers them in one batch; returns the next message number.
   */
  private static long deliverBatch(StoreFixture f, OpenMailbox inbox, StoreFixture.Recorder told, long first,
                                   int count, PrintStream out) throws Exception {
    Path maildir = f.root.resolve("alice");
    for (long n = first; n < first + count; n++) {
      byte[] m = message(n);
      out.println("B D " + n);
      Path tmp = Files.write(maildir.resolve("tmp").resolve(n + ".batch"), m);
      Files.move(tmp, maildir.resolve("new").resolve(n + ".batch,S=" + m.length), StandardCopyOption.ATOMIC_MOVE);
    }
    told.take();
    inbox.refresh();
    for (String event : told.take()) {
      if (event.startsWith("added ")) {
        long uid = Long.parseLong(event.substring(6));
        String text = new String(MaildirCrashTest.read(inbox, uid), StandardCharsets.US_ASCII);
        out.println("A A " + text.substring(text.indexOf("Subject: m") + 10, text.indexOf("\r\n\r\n")) + " " + uid);
      }
    }
    return first + count;
  }
}
