package dev.missive.pop3.pop2;

import static dev.missive.pop3.pop2.MemoryFolders.lines;
import static dev.missive.pop3.pop2.MemoryFolders.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.Outcome;
import dev.missive.testkit.Side;
import dev.missive.testkit.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * RFC 937's "The Normal Scenario" (in "The Protocol") and "Examples" 1–3, on both sides, each played whole, byte by
 * byte and in random splits with equal outcomes (docs/architecture.md, "Chunking independence"); every line checked
 * against the RFC's text. The messages are made to the lengths the examples give. Deliberate differences: the server
 * side writes its own reply texts after the first character (RFC 937, "Conventions", "Reply Strings": the
 * optional strings are whatever the implementer thinks appropriate), so its greeting is "server ready", its counts "messages" and its QUIT reply
 * "+ OK bye"; the client side plays the RFC's server lines as written. Example 2's {@code READ  27} has two spaces in
 * the RFC: the server takes it so, the client sends one (the formal syntax's single space). Example 3's server closes
 * the connection on READ after {@code #0}; this server answers {@code =0} as READ's definition says (its test's
 * Javadoc).
 */
class Rfc937TranscriptTest {

  private static final String M537 = message(537, "the first message");
  private static final String M234 = message(234, "the second message");
  private static final String M10123 = message(10_123, "message 27 of the folder");

  // ---------------------------------------------------------------- the server

  private static MemoryFolders example1Store() {
    return new MemoryFolders().user("POSTEL", "SECRET").folder("POSTEL", "", List.of(M537, M234));
  }

  private static MemoryFolders example2Store() {
    List<String> default35 = new ArrayList<>();
    List<String> folder27 = new ArrayList<>();
    for (int i = 1; i <= 35; i++) {
      default35.add(message(100 + i, "default " + i));
    }
    for (int i = 1; i <= 26; i++) {
      folder27.add(message(200 + i, "folder " + i));
    }
    folder27.add(M10123);
    return new MemoryFolders().user("smith", "secret").folder("smith", "", default35)
        .folder("smith", "/usr/spool/mail/smith", folder27);
  }

  private static Outcome serverPlays(String transcript, MemoryFolders[] store, Supplier<MemoryFolders> fresh,
      String host) {
    return ChunkingCheck.of(Transcript.parse(transcript), Side.SERVER, () -> {
      store[0] = fresh.get();
      return Pop2Fixtures.server(store[0], host, Pop2Fixtures.NO_DELAY);
    }).assertIndependent(10);
  }

  @Test
  void example1DeletesBothMessagesWhateverTheSplits() {
    String t = """
        S: + POP2 USC-ISIF.ARPA server ready
        C: HELO POSTEL SECRET
        S: #2 messages
        C: READ
        S: =537 characters in message 1
        C: RETR
        %s
        C: ACKD
        S: =234 characters in message 2
        C: RETR
        %s
        C: ACKD
        S: =0 no more messages
        C: QUIT
        S: + OK bye
        -- closed --
        """.formatted(lines("S: ", M537), lines("S: ", M234));
    MemoryFolders[] store = new MemoryFolders[1];
    serverPlays(t, store, Rfc937TranscriptTest::example1Store, "USC-ISIF.ARPA");
    assertThat(store[0].messages("POSTEL", "")).isEmpty();
    assertThat(store[0].log).containsExactly("open POSTEL/", "update POSTEL/ [1, 2]", "close POSTEL/");
  }

  @Test
  void example2ReadsMessage27OfAnotherFolderAndKeepsIt() {
    String t = """
        S: + POP2 ISI-VAXA.ARPA server ready
        C: HELO smith secret
        S: #35 messages
        C: FOLD /usr/spool/mail/smith
        S: #27 messages
        # RFC 937 writes two spaces here; the server takes them like one
        C: READ  27
        S: =10123 characters in message 27
        C: RETR
        %s
        C: ACKS
        S: =0 no more messages
        C: QUIT
        S: + OK bye
        -- closed --
        """.formatted(lines("S: ", M10123));
    MemoryFolders[] store = new MemoryFolders[1];
    serverPlays(t, store, Rfc937TranscriptTest::example2Store, "ISI-VAXA.ARPA");
    assertThat(store[0].messages("smith", "/usr/spool/mail/smith")).hasSize(27);
    assertThat(store[0].log).containsExactly("open smith/", "update smith/ []", "close smith/",
        "open smith//usr/spool/mail/smith", "update smith//usr/spool/mail/smith []",
        "close smith//usr/spool/mail/smith");
  }

  /**
   * Example 3 shows the server closing the connection when READ follows {@code #0}; RFC 937's definition of READ
   * ("If there is no message to be read, the count of zero is returned") and its server decision table (action 6)
   * answer {@code =0}, which this server follows. The client then closes; nothing is removed.
   */
  @Test
  void example3EmptyMailboxAnswersZeroAndTheClientLeaves() {
    String t = """
        S: + POP2 ISI-VAXA.ARPA server ready
        C: HELO Jones secret
        S: #0 messages
        C: READ
        S: =0 no more messages
        -- eof --
        -- closed --
        """;
    MemoryFolders[] store = new MemoryFolders[1];
    serverPlays(t, store, () -> new MemoryFolders().user("Jones", "secret"), "ISI-VAXA.ARPA");
    assertThat(store[0].log).containsExactly("open Jones/", "close Jones/");
  }

  @Test
  void theNormalScenarioReadsTheThirteenthMessage() {
    List<String> thirteen = new ArrayList<>();
    for (int i = 1; i <= 13; i++) {
      thirteen.add(i == 13 ? M537 : message(60 + i, "n" + i));
    }
    String t = """
        S: + POP2 DOG-HOUSE.ARPA server ready
        C: HELO Fred Secret
        S: #13 messages
        C: READ 13
        S: =537 characters in message 13
        C: RETR
        %s
        C: ACKS
        S: =0 no more messages
        C: QUIT
        S: + OK bye
        -- closed --
        """.formatted(lines("S: ", M537));
    MemoryFolders[] store = new MemoryFolders[1];
    serverPlays(t, store, () -> new MemoryFolders().user("Fred", "Secret").folder("Fred", "", thirteen),
        "DOG-HOUSE.ARPA");
    assertThat(store[0].messages("Fred", "")).hasSize(13);
  }

  // ---------------------------------------------------------------- the client

  private static Outcome clientPlays(String transcript, String user, String password,
      BiConsumer<Pop2Client, Pop2ClientEvent> script) {
    return ChunkingCheck.of(Transcript.parse(transcript), Side.CLIENT,
        () -> Pop2Fixtures.client(user, password, script)).assertIndependent(10);
  }

  /** RFC 937's client decision table, actions 3–5, for a user who reads every message and deletes or keeps it. */
  private static BiConsumer<Pop2Client, Pop2ClientEvent> readAll(boolean delete) {
    return reading((c, f) -> {
      if (f.count() > 0) {
        c.read();
      } else {
        c.quit();
      }
    }, delete);
  }

  /**
   * RFC 937's client decision table, actions 3–5, after {@code onFolder} chose what to read in a selected folder:
   * RETR while a message has characters, QUIT at {@code =0}, then ACKD ({@code delete}) or ACKS.
   */
  private static BiConsumer<Pop2Client, Pop2ClientEvent> reading(
      BiConsumer<Pop2Client, Pop2ClientEvent.FolderSelected> onFolder, boolean delete) {
    return (c, e) -> {
      if (e instanceof Pop2ClientEvent.FolderSelected f) {
        onFolder.accept(c, f);
      } else if (e instanceof Pop2ClientEvent.MessageLength l) {
        if (l.size() > 0) {
          c.retrieve();
        } else {
          c.quit();
        }
      } else if (e instanceof Pop2ClientEvent.MessageEnd) {
        if (delete) {
          c.delete();
        } else {
          c.keep();
        }
      }
    };
  }

  @Test
  void clientPlaysExample1AsWritten() {
    String t = """
        S: + POP2 USC-ISIF.ARPA Server
        C: HELO POSTEL SECRET
        S: #2 messages in your mailbox
        C: READ
        S: =537 characters in message 1
        C: RETR
        %s
        C: ACKD
        S: =234 characters in message 2
        C: RETR
        %s
        C: ACKD
        S: =0 no more messages
        C: QUIT
        S: + OK, bye, bye
        -- closed --
        """.formatted(lines("S: ", M537), lines("S: ", M234));
    Outcome o = clientPlays(t, "POSTEL", "SECRET", readAll(true));
    assertThat(o.events()).contains(new Pop2ClientEvent.MessageEnd(1, 537).toString(),
        new Pop2ClientEvent.MessageEnd(2, 234).toString(),
        new Pop2ClientEvent.Closed(true, "signed off: + OK, bye, bye").toString());
    assertThat(o.events()).contains("content 1 " + M537, "content 2 " + M234);
  }

  @Test
  void clientPlaysExample2AsWritten() {
    String t = """
        S: + POP2 ISI-VAXA.ARPA server here
        C: HELO smith secret
        S: #35 messages
        C: FOLD /usr/spool/mail/smith
        S: #27 messages
        # RFC 937 writes READ with two spaces; the client sends one, as the formal syntax has it
        C: READ 27
        S: =10123 characters in that message
        C: RETR
        %s
        C: ACKS
        S: =0 no more messages
        C: QUIT
        S: + bye, call again sometime.
        -- closed --
        """.formatted(lines("S: ", M10123));
    Outcome o = clientPlays(t, "smith", "secret", reading((c, f) -> {
      if (f.folder().isEmpty()) {
        c.fold("/usr/spool/mail/smith");
      } else {
        c.read(27);
      }
    }, false));
    assertThat(o.events()).contains(
        new Pop2ClientEvent.FolderSelected(Optional.of("/usr/spool/mail/smith"), 27).toString(),
        new Pop2ClientEvent.MessageLength(27, 10_123).toString(), new Pop2ClientEvent.MessageEnd(27, 10_123)
            .toString(), new Pop2ClientEvent.MessageLength(28, 0).toString());
  }

  @Test
  void clientPlaysTheNormalScenarioAsWritten() {
    String t = """
        S: + POP2 Server Ready
        C: HELO Fred Secret
        S: #13 messages for you
        C: READ 13
        S: =537 characters in that message
        C: RETR
        %s
        C: ACKS
        S: =0 no more messages
        C: QUIT
        S: + OK
        -- closed --
        """.formatted(lines("S: ", M537));
    Outcome o = clientPlays(t, "Fred", "Secret", reading((c, f) -> c.read(13), false));
    assertThat(o.events()).contains(new Pop2ClientEvent.MessageEnd(13, 537).toString(), "content 13 " + M537,
        new Pop2ClientEvent.Closed(true, "signed off: + OK").toString());
  }

  @Test
  void clientPlaysExample3AsWritten() {
    String t = """
        S: + POP2 ISI-VAXA.ARPA server here
        C: HELO Jones secret
        S: #0 messages
        C: READ
        -- eof --
        -- closed --
        """;
    Outcome o = clientPlays(t, "Jones", "secret", (c, e) -> {
      if (e instanceof Pop2ClientEvent.FolderSelected) {
        c.read(); // as the example's client does, though the decision table says QUIT on #0
      }
    });
    assertThat(o.events()).endsWith(
        new Pop2ClientEvent.Closed(false, "the server closed the connection").toString());
  }
}
