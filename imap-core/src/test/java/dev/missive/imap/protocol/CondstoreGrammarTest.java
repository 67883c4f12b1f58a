package dev.missive.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.QresyncParameters;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.testkit.Feeding;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The grammar of RFC 7162 (CONDSTORE, QRESYNC) both ways: commands and responses parse, and are written back. */
class CondstoreGrammarTest {

  static List<String> commandLines() {
    return Decoding.exampleLines("rfc7162-commands.txt");
  }

  static List<String> responseLines() {
    return Decoding.exampleLines("rfc7162-responses.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandLines")
  void commandsParseAndEncodeBack(String line) {
    Command c = CommandParserTest.parse(line);
    CommandEncoder.Encoded encoded = new CommandEncoder(NonSynchronizingLiterals.LITERAL_PLUS).encode(c);
    String written = new String(encoded.joined(), StandardCharsets.UTF_8);
    assertThat(written).isEqualTo(line + "\r\n");
  }

  @Test
  void commandsHaveTheirValues() {
    assertThat(CommandParserTest.parse("a SELECT INBOX (CONDSTORE)")).isEqualTo(
        new AuthenticatedCommand.Select("a", "INBOX", false, true, Optional.empty()));
    assertThat(CommandParserTest.parse("B04 EXAMINE INBOX (QRESYNC (67890007 90060115194045000 1:29997 "
        + "(5000,7500 15000,22500)))")).isEqualTo(new AuthenticatedCommand.Select("B04", "INBOX", true, false,
        Optional.of(new QresyncParameters(67890007, 90060115194045000L, Optional.of(SequenceSet.parse("1:29997")),
            Optional.of(SequenceSet.parse("5000,7500")), Optional.of(SequenceSet.parse("15000,22500"))))));
    assertThat(CommandParserTest.parse("B05 SELECT INBOX (QRESYNC (67890007 9 (1:3 4:6)))")).isEqualTo(
        new AuthenticatedCommand.Select("B05", "INBOX", false, false, Optional.of(new QresyncParameters(67890007, 9,
            Optional.empty(), Optional.of(SequenceSet.parse("1:3")), Optional.of(SequenceSet.parse("4:6"))))));
    assertThat(CommandParserTest.parse("d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)"))
        .isEqualTo(new SelectedCommand.Store("d105", false, SequenceSet.parse("7,5,9"), StoreAction.ADD, true,
            List.of(Flag.DELETED), OptionalLong.of(320162338)));
    assertThat(CommandParserTest.parse("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)")).isEqualTo(
        new SelectedCommand.Fetch("s100", true, SequenceSet.parse("300:500"), List.of(FetchItem.Simple.FLAGS),
            OptionalLong.of(12345), true));
    assertThat(((SelectedCommand.Fetch) CommandParserTest.parse("a FETCH 1 (MODSEQ)")).items())
        .containsExactly(FetchItem.Simple.MODSEQ);
    assertThat(((SelectedCommand.Search) CommandParserTest.parse("a SEARCH MODSEQ \"/flags/\\\\draft\" all "
        + "620162338")).criteria()).isEqualTo(new SearchKey.ModSeq(620162338));
    assertThat(((AuthenticatedCommand.Status) CommandParserTest.parse("t STATUS x (HIGHESTMODSEQ)")).items())
        .containsExactly(StatusItem.HIGHESTMODSEQ);
  }

  @Test
  void malformedModifiersAreRefused() {
    CommandParserTest.refused("a FETCH 1 (FLAGS) (CHANGEDSINCE 0)"); // mod-sequence-value is positive
    CommandParserTest.refused("a FETCH 1 (FLAGS) (CHANGEDSINCE 5 VANISHED)"); // VANISHED is for UID FETCH
    CommandParserTest.refused("a UID FETCH 1 (FLAGS) (VANISHED)"); // and needs CHANGEDSINCE
    CommandParserTest.refused("a UID FETCH 1 (FLAGS) (CHANGEDSINCE 5 CHANGEDSINCE 6)");
    CommandParserTest.refused("a FETCH 1 (FLAGS) (PARTIAL 1:5)");
    CommandParserTest.refused("a FETCH 1 (FLAGS) (CHANGEDSINCE 9223372036854775808)");
    CommandParserTest.refused("a STORE 1 (UNCHANGEDSINCE) +FLAGS (\\Seen)");
    CommandParserTest.refused("a STORE 1 (FOO 5) +FLAGS (\\Seen)");
    CommandParserTest.refused("a SELECT INBOX (QRESYNC (0 5))"); // uidvalidity is an nz-number
    CommandParserTest.refused("a SELECT INBOX (QRESYNC (1 0))");
    CommandParserTest.refused("a SELECT INBOX (QRESYNC (1 5 1:*))"); // no * in known-uids
    CommandParserTest.refused("a SELECT INBOX (QRESYNC (1 5 1:4 (1:2)))");
    CommandParserTest.refused("a SELECT INBOX (CONDSTORE CONDSTORE)");
    CommandParserTest.refused("a SELECT INBOX (FOO)");
    CommandParserTest.refused("a SEARCH MODSEQ \"/other\" all 5");
    CommandParserTest.refused("a SEARCH MODSEQ \"/flags/\\\\seen\" most 5");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responseLines")
  void responsesParseTypedAndEncodeBack(String line) {
    List<String> read = ClientDecoding.decode(line + "\r\n", Feeding.whole());
    assertThat(read).as(line).hasSize(1);
    assertThat(read.get(0)).startsWith("Received[").doesNotContain("Unknown[").doesNotContain("Other[");
    assertThat(ClientDecoding.decode(line + "\r\n", Feeding.byteByByte())).isEqualTo(read);
    Response r = decoded(line);
    OutputQueue out = new OutputQueue(1 << 16);
    ResponseEncoder enc = new ResponseEncoder(out);
    enc.write(r);
    assertThat(new String(RoundTripTest.drain(out), StandardCharsets.UTF_8)).isEqualTo(line + "\r\n");
  }

  @Test
  void responsesHaveTheirValues() {
    assertThat(decoded("* OK [HIGHESTMODSEQ 715194045007] Highest")).isEqualTo(new UntaggedResponse.Condition(
        ResponseStatus.OK, Optional.of(new ResponseCode.HighestModSeq(715194045007L)), "Highest"));
    assertThat(decoded("a OK [MODIFIED 7,9] x")).isEqualTo(new Response.Tagged("a", ResponseStatus.OK,
        Optional.of(new ResponseCode.Modified(SequenceSet.parse("7,9"))), "x"));
    assertThat(decoded("* 4 FETCH (UID 6 MODSEQ (12121231000))")).isEqualTo(new UntaggedResponse.Fetch(4,
        List.of(new FetchAttribute.Uid(6), new FetchAttribute.ModSeq(12121231000L))));
    assertThat(decoded("* SEARCH 2 5 (MODSEQ 917162500)")).isEqualTo(new UntaggedResponse.Search(List.of(2L, 5L),
        OptionalLong.of(917162500)));
    assertThat(decoded("* VANISHED (EARLIER) 41,43:116")).isEqualTo(new UntaggedResponse.Vanished(true,
        SequenceSet.parse("41,43:116")));
    assertThat(decoded("* VANISHED 405")).isEqualTo(new UntaggedResponse.Vanished(false, SequenceSet.parse("405")));
  }

  private static Response decoded(String line) {
    ResponseDecoder d = new ResponseDecoder(ImapLimits.DEFAULT);
    ResponseInput in = d.next(ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(in).as(line).isInstanceOf(ResponseInput.Received.class);
    return ((ResponseInput.Received) in).response();
  }
}
