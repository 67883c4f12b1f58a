package dev.missive.imap.protocol;

import static dev.missive.imap.protocol.Decoding.bytes;
import static dev.missive.imap.protocol.Decoding.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.testkit.Feeding;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command framing of RFC 9051 §2.2.1 and §4.3 and RFC 7888, every literal form and its refusals. */
class CommandDecoderTest {

  private static List<String> run(NonSynchronizingLiterals mode, String input) {
    return decode(new CommandDecoder(ImapLimits.DEFAULT, mode), bytes(input), Feeding.whole(), a -> true);
  }

  @Test
  void synchronizingLiteralAsksForContinuationThenCompletes() {
    // RFC 9051 §8: C: A001 LOGIN {11} / S: + Ready / C: FRED FOOBAR {7} / S: + Ready / C: fat man
    assertThat(decode("A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n")).containsExactly(
        "ContinuationNeeded[tag=A001]",
        "ContinuationNeeded[tag=A001]",
        "Received[command=Login[tag=A001, userId=FRED FOOBAR, password=***]]");
  }

  @Test
  void nonSynchronizingLiteralsNeedNoContinuation() {
    // RFC 7888 §3's example
    List<String> out = decode("A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n");
    assertThat(out).containsExactly("Received[command=Login[tag=A001, userId=FRED FOOBAR, password=***]]");
  }

  @Test
  void loginPasswordIsDecodedAndNeverShown() {
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    CommandInput r = d.next(ByteBuffer.wrap(bytes("a LOGIN fred \"p\\\"ss w\"\r\n")));
    NotAuthenticatedCommand.Login login =
        (NotAuthenticatedCommand.Login) ((CommandInput.Received) r).command();
    assertThat(login.password()).containsExactly('p', '"', 's', 's', ' ', 'w');
    assertThat(login.toString()).doesNotContain("ss w");
  }

  @Test
  void literalMayCarryCrLfAndLiteralHeaders() {
    // "a literal inside a literal": the octets of a literal are data, whatever they look like
    List<String> out = decode("a1 SEARCH TEXT {13}\r\nx {5}\r\n\r\nA2 y\r\nb2 NOOP\r\n");
    assertThat(out).hasSize(3);
    assertThat(out.get(1)).isEqualTo("Received[command=Search[tag=a1, uid=false, returnOptions=Optional.empty, "
        + "charset=Optional.empty, criteria=Contains[target=TEXT, value=x {5}\r\n\r\nA2 y]]]");
    assertThat(out.get(2)).isEqualTo("Received[command=Noop[tag=b2]]");
  }

  @Test
  void zeroLengthLiterals() {
    assertThat(decode("a1 SELECT {0}\r\n\r\n")).containsExactly("ContinuationNeeded[tag=a1]",
        "Received[command=Select[tag=a1, mailbox=, readOnly=false, condstore=false, qresync=Optional.empty]]");
    assertThat(decode("a1 SELECT {0+}\r\n\r\n"))
        .containsExactly("Received[command=Select[tag=a1, mailbox=, readOnly=false, condstore=false, qresync=Optional.empty]]");
  }

  @Test
  void nulInLiteralIsRefusedButLiteral8CarriesAppendData() {
    assertThat(decode("a1 SELECT {3+}\r\na\0b\r\nb NOOP\r\n")).containsExactly(
        "Refused[tag=Optional[a1], status=BAD, code=Optional.empty, text=NUL in literal, discarding=0]",
        "Received[command=Noop[tag=b]]");
    List<String> out = decode("a APPEND INBOX ~{3+}\r\na\0b\r\n");
    assertThat(out.get(1)).isEqualTo("AppendData[a\0b]");
    assertThat(out.get(0)).contains("binary=true");
  }

  @Test
  void literal8OutsideAppendIsRefusedAndSkipped() {
    assertThat(decode("a1 SELECT ~{3+}\r\nabc\r\nb NOOP\r\n")).containsExactly(
        "Refused[tag=Optional[a1], status=BAD, code=Optional.empty, text=literal8 only carries APPEND messages,"
            + " discarding=3]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void nonSynchronizingLiteralsRefusedWithoutTheCapability() {
    assertThat(run(NonSynchronizingLiterals.REFUSED, "a1 SELECT {5+}\r\nINBOX\r\nb NOOP\r\n")).containsExactly(
        "Refused[tag=Optional[a1], status=BAD, code=Optional.empty, text=Non-synchronizing literals are not "
            + "supported, discarding=5]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void literalMinusLimitsNonSynchronizingLiteralsTo4096() {
    String big = "x".repeat(4097);
    assertThat(run(NonSynchronizingLiterals.LITERAL_MINUS, "a1 SELECT {4097+}\r\n" + big + "\r\nb NOOP\r\n"))
        .containsExactly("Refused[tag=Optional[a1], status=BAD, code=Optional[Atom[name=TOOBIG]], "
            + "text=Non-synchronizing literals are limited to 4096 octets (LITERAL-), discarding=4097]",
            "Received[command=Noop[tag=b]]");
    assertThat(run(NonSynchronizingLiterals.LITERAL_MINUS, "a1 SELECT {5+}\r\nINBOX\r\n"))
        .containsExactly("Received[command=Select[tag=a1, mailbox=INBOX, readOnly=false, condstore=false, qresync=Optional.empty]]");
  }

  @Test
  void synchronizingLiteralOverTheLimitIsRefusedBeforeItIsSent() {
    // the client waits for "+": it sends nothing, and the next line is a new command
    assertThat(decode("a1 LOGIN {4294967296}\r\nb NOOP\r\n")).containsExactly(
        "Refused[tag=Optional[a1], status=BAD, code=Optional[Atom[name=TOOBIG]], text=Literal too large, "
            + "discarding=0]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void literalSizeThatIsNoNumber64CannotBeFramedAndEndsTheCommand() {
    assertThat(decode("a1 LOGIN {99999999999999999999}\r\nb NOOP\r\n")).containsExactly(
        "Refused[tag=Optional[a1], status=BAD, code=Optional.empty, text=Literal size is not a number64, "
            + "discarding=0]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void negativeAndNonNumericSizesAreSyntaxErrors() {
    for (String bad : List.of("{-5}", "{abc}", "{}", "{5-}", "{+5}", "{ 5}", "{5 }", "{5++}")) {
      assertThat(decode("a1 LOGIN " + bad + "\r\nb NOOP\r\n"))
          .as(bad)
          .hasSize(2)
          .last().isEqualTo("Received[command=Noop[tag=b]]");
      assertThat(decode("a1 LOGIN " + bad + "\r\n").get(0)).as(bad).startsWith("Refused[tag=Optional[a1], status=BAD");
    }
  }

  @Test
  void commandLineOverTheLimitIsRefusedAtOnceAndSkippedToItsEnd() {
    ImapLimits limits = ImapLimits.builder().maxCommandLength(8_000).build();
    CommandDecoder d = new CommandDecoder(limits, NonSynchronizingLiterals.LITERAL_PLUS);
    List<String> out = decode(d, bytes("a1 SELECT " + "x".repeat(9_000) + "\r\nb NOOP\r\n"), Feeding.whole(),
        a -> true);
    assertThat(out).containsExactly(
        "Refused[tag=Optional[a1], status=BAD, code=Optional[Atom[name=TOOBIG]], text=Command line too long, "
            + "discarding=0]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void overlongLineEndingInANonSynchronizingLiteralSkipsTheLiteralToo() {
    ImapLimits limits = ImapLimits.builder().maxCommandLength(8_000).build();
    CommandDecoder d = new CommandDecoder(limits, NonSynchronizingLiterals.LITERAL_PLUS);
    String input = "a1 SELECT " + "x".repeat(9_000) + " {12+}\r\nb1 LOGOUT\r\n\r\nb NOOP\r\n";
    for (Feeding f : List.of(Feeding.whole(), Feeding.byteByByte(), Feeding.random(7))) {
      assertThat(decode(d, bytes(input), f, a -> true)).as(f.toString()).containsExactly(
          "Refused[tag=Optional[a1], status=BAD, code=Optional[Atom[name=TOOBIG]], text=Command line too long, "
              + "discarding=0]",
          "Received[command=Noop[tag=b]]");
    }
  }

  @Test
  void nonSynchronizingLiteralOverTheLimitIsRefusedAndItsOctetsSkipped() {
    ImapLimits limits = ImapLimits.builder().maxCommandLength(8_000).build();
    CommandDecoder d = new CommandDecoder(limits, NonSynchronizingLiterals.LITERAL_PLUS);
    String payload = ("A9 LOGOUT\r\n").repeat(1_000);
    List<String> out = decode(d, bytes("a1 SELECT {" + payload.length() + "+}\r\n" + payload + " {3+}\r\nxyz"
        + "\r\nb NOOP\r\n"), Feeding.random(3), a -> true);
    assertThat(out).containsExactly(
        "Refused[tag=Optional[a1], status=BAD, code=Optional[Atom[name=TOOBIG]], text=Literal too large, "
            + "discarding=11000]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void untaggedBadWhenNoTagCanBeRead() {
    assertThat(decode("(bad\r\n")).containsExactly(
        "Refused[tag=Optional.empty, status=BAD, code=Optional.empty, text=tag expected, discarding=0]");
    assertThat(decode("{5}\r\n")).containsExactly(
        "Refused[tag=Optional.empty, status=BAD, code=Optional.empty, text=Command must start with a tag, "
            + "discarding=0]");
  }

  @Test
  void emptyLinesBetweenCommandsAreIgnoredAndBareLfEndsALine() {
    assertThat(decode("\r\n\r\na NOOP\nb NOOP\r\n")).containsExactly("Received[command=Noop[tag=a]]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void stopsAfterEachCommandLeavingPipelinedBytesUnread() {
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    ByteBuffer in = ByteBuffer.wrap(bytes("a STARTTLS\r\nb CAPABILITY\r\n"));
    CommandInput r = d.next(in);
    assertThat(((CommandInput.Received) r).command()).isInstanceOf(NotAuthenticatedCommand.StartTls.class);
    // what follows STARTTLS was not consumed: the engine discards it (RFC 9051 §6.2.1, CVE-2011-0411)
    assertThat(in.remaining()).isEqualTo("b CAPABILITY\r\n".length());
    assertThat(d.inCommand()).isFalse();
  }

  @Test
  void appendStreamsTheMessageAfterTheDecision() {
    // RFC 9051 §6.3.12's example (the message shortened)
    String msg = "Subject: afternoon meeting\r\n\r\nHello Joe\r\n";
    String input = "A003 APPEND saved-messages (\\Seen) {" + msg.length() + "}\r\n" + msg + "\r\n";
    for (Feeding f : List.of(Feeding.whole(), Feeding.byteByByte(), Feeding.random(11))) {
      List<String> out = decode(new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS),
          bytes(input), f, a -> true);
      assertThat(out).as(f.toString()).containsExactly(
          "AppendMessage[tag=A003, mailbox=saved-messages, flags=[\\Seen], internalDate=Optional.empty, size=41, "
              + "synchronizing=true, binary=false, utf8=false, index=0]",
          "AppendData[" + msg + "]",
          "AppendMessageEnd[index=0]",
          "AppendComplete[tag=A003, mailbox=saved-messages, count=1]");
    }
  }

  @Test
  void multiappendStreamsEachMessageWithItsOwnMetadata() {
    // RFC 3502 §6.3.11's shape: two messages, the second with a date
    String input = "A003 APPEND saved-messages (\\Seen) {5+}\r\nhello (\\Flagged) \"07-Feb-1994 22:43:04 -0800\""
        + " {3+}\r\nbye\r\n";
    List<String> out = decode(input);
    assertThat(out).containsExactly(
        "AppendMessage[tag=A003, mailbox=saved-messages, flags=[\\Seen], internalDate=Optional.empty, size=5, "
            + "synchronizing=false, binary=false, utf8=false, index=0]",
        "AppendData[hello]",
        "AppendMessageEnd[index=0]",
        "AppendMessage[tag=A003, mailbox=saved-messages, flags=[\\Flagged], "
            + "internalDate=Optional[1994-02-07T22:43:04-08:00], size=3, synchronizing=false, binary=false, "
            + "utf8=false, index=1]",
        "AppendData[bye]",
        "AppendMessageEnd[index=1]",
        "AppendComplete[tag=A003, mailbox=saved-messages, count=2]");
  }

  @Test
  void appendMailboxAsLiteralIsBufferedTheMessageStreamed() {
    List<String> out = decode("a APPEND {5}\r\nINBOX {2}\r\nhi\r\n");
    assertThat(out).containsExactly("ContinuationNeeded[tag=a]",
        "AppendMessage[tag=a, mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, synchronizing=true, "
            + "binary=false, utf8=false, index=0]",
        "AppendData[hi]", "AppendMessageEnd[index=0]", "AppendComplete[tag=a, mailbox=INBOX, count=1]");
  }

  @Test
  void appendUtf8FormOfRfc6855() {
    List<String> out = decode("a APPEND INBOX UTF8 (~{2+}\r\nhi)\r\n");
    assertThat(out.get(0)).contains("binary=true, utf8=true");
    assertThat(out).last().isEqualTo("AppendComplete[tag=a, mailbox=INBOX, count=1]");
  }

  @Test
  void rejectedSynchronizingAppendSkipsNothing() {
    List<String> out = decode(new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS),
        bytes("a APPEND nosuch {5}\r\nb NOOP\r\n"), Feeding.byteByByte(), a -> false);
    assertThat(out).containsExactly(
        "AppendMessage[tag=a, mailbox=nosuch, flags=[], internalDate=Optional.empty, size=5, synchronizing=true, "
            + "binary=false, utf8=false, index=0]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void rejectedNonSynchronizingAppendSkipsTheMessageAndTheRestOfTheCommand() {
    List<String> out = decode(new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS),
        bytes("a APPEND nosuch {12+}\r\nx LOGOUT\r\nx (\\Seen) {4+}\r\nabcd\r\nb NOOP\r\n"), Feeding.random(5),
        a -> false);
    assertThat(out).hasSize(2).last().isEqualTo("Received[command=Noop[tag=b]]");
  }

  @Test
  void appendOverTheLimitIsRefusedWithTooBig() {
    ImapLimits limits = ImapLimits.builder().maxAppendSize(10).build();
    List<String> out = decode(new CommandDecoder(limits, NonSynchronizingLiterals.LITERAL_PLUS),
        bytes("a APPEND INBOX {11}\r\nb APPEND INBOX {11+}\r\nhello world\r\nc NOOP\r\n"), Feeding.whole(),
        x -> true);
    assertThat(out).containsExactly(
        "Refused[tag=Optional[a], status=NO, code=Optional[Atom[name=TOOBIG]], text=Message too large, "
            + "discarding=0]",
        "Refused[tag=Optional[b], status=NO, code=Optional[Atom[name=TOOBIG]], text=Message too large, "
            + "discarding=11]",
        "Received[command=Noop[tag=c]]");
  }

  @Test
  void malformedEndOfAppendIsRefusedAfterTheData() {
    List<String> out = decode("a APPEND INBOX {2+}\r\nhi junk\r\nb NOOP\r\n");
    assertThat(out).containsExactly(
        "AppendMessage[tag=a, mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, synchronizing=false, "
            + "binary=false, utf8=false, index=0]",
        "AppendData[hi]", "AppendMessageEnd[index=0]",
        "Refused[tag=Optional[a], status=BAD, code=Optional.empty, text=message literal expected, discarding=0]",
        "Received[command=Noop[tag=b]]");
  }

  @Test
  void appendWithoutMessageIsBad() {
    assertThat(decode("a APPEND INBOX\r\n")).containsExactly(
        "Refused[tag=Optional[a], status=BAD, code=Optional.empty, text=APPEND needs a message, discarding=0]");
  }

  @Test
  void decisionIsRequiredBeforeMoreInput() {
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    ByteBuffer in = ByteBuffer.wrap(bytes("a APPEND INBOX {2+}\r\nhi\r\n"));
    assertThat(d.next(in)).isInstanceOf(CommandInput.AppendMessage.class);
    assertThatThrownBy(() -> d.next(in)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(d::expectLine).isInstanceOf(IllegalStateException.class);
    assertThat(d.acceptAppend()).isFalse();
    assertThatThrownBy(d::acceptAppend).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void idleDoneAndAuthenticateResponsesComeAsLines() {
    assertThat(decode("a IDLE\r\nDONE\r\nb NOOP\r\n")).containsExactly("Received[command=Idle[tag=a]]",
        "Line[DONE]", "Received[command=Noop[tag=b]]");
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    ByteBuffer in = ByteBuffer.wrap(bytes("dGVzdAB0ZXN0AHRlc3Q=\r\n"));
    d.expectLine();
    CommandInput.Line line = (CommandInput.Line) d.next(in);
    assertThat(line.tooLong()).isFalse();
    assertThat(line.line().remaining()).isEqualTo(20);
  }

  @Test
  void overlongExpectedLineIsReportedAndSkipped() {
    ImapLimits limits = ImapLimits.builder().maxCommandLength(8_000).build();
    CommandDecoder d = new CommandDecoder(limits, NonSynchronizingLiterals.LITERAL_PLUS);
    d.expectLine();
    ByteBuffer in = ByteBuffer.wrap(bytes("x".repeat(10_000) + "\r\nb NOOP\r\n"));
    CommandInput r = d.next(in);
    assertThat(r).isInstanceOf(CommandInput.Line.class);
    assertThat(((CommandInput.Line) r).tooLong()).isTrue();
    assertThat(((CommandInput.Received) d.next(in)).command()).isEqualTo(
        new dev.missive.imap.command.AnyStateCommand.Noop("b"));
  }

  @Test
  void utf8NamesOnlyOnceEnabled() {
    CommandDecoder d = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS);
    CommandInput r = d.next(ByteBuffer.wrap(bytes("a SELECT \"Entw\u00fcrfe\"\r\n")));
    assertThat(r.toString()).contains("8-bit mailbox name");
    r = d.next(ByteBuffer.wrap(bytes("a SELECT Entw&APw-rfe\r\n")));
    assertThat(((AuthenticatedCommand.Select) ((CommandInput.Received) r).command()).mailbox())
        .isEqualTo("Entw\u00fcrfe");
    d.setUtf8Names(true);
    r = d.next(ByteBuffer.wrap(bytes("a SELECT \"Entw\u00fcrfe\"\r\n")));
    assertThat(((AuthenticatedCommand.Select) ((CommandInput.Received) r).command()).mailbox())
        .isEqualTo("Entw\u00fcrfe");
    r = d.next(ByteBuffer.wrap(bytes("a SELECT Entw&APw-rfe\r\n")));
    assertThat(((AuthenticatedCommand.Select) ((CommandInput.Received) r).command()).mailbox())
        .isEqualTo("Entw&APw-rfe");
  }

  @Test
  void tooManyLiteralsIsRefused() {
    StringBuilder sb = new StringBuilder("a ID (");
    for (int i = 0; i < 10; i++) {
      sb.append(i == 0 ? "" : " ").append("{1+}\r\nx {1+}\r\ny");
    }
    sb.append(")\r\nb NOOP\r\n");
    ImapLimits limits = new ImapLimits(64 * 1024, 1 << 20, 100, 8, 1 << 20);
    List<String> out = decode(new CommandDecoder(limits, NonSynchronizingLiterals.LITERAL_PLUS),
        bytes(sb.toString()), Feeding.whole(), a -> true);
    assertThat(out).containsExactly(
        "Refused[tag=Optional[a], status=BAD, code=Optional[Atom[name=LIMIT]], text=Too many literals in one "
            + "command, discarding=1]",
        "Received[command=Noop[tag=b]]");
  }
}
