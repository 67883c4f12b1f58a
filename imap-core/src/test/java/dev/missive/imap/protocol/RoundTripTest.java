package dev.missive.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Section;
import dev.missive.imap.command.Command;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.testkit.Feeding;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * What a writer writes, the matching reader reads back unchanged: commands through {@link CommandEncoder} and
 * {@link CommandDecoder}, responses through {@link ResponseEncoder} and {@link ResponseDecoder}, with and without
 * UTF-8, with every literal mode, fed in random pieces.
 */
class RoundTripTest {

  @Provide
  Arbitrary<Command> commands() {
    return Arbs.command();
  }

  @Property(tries = 300)
  void commandsRoundTrip(@ForAll("commands") Command command, @ForAll boolean utf8,
                         @ForAll NonSynchronizingLiterals mode, @ForAll long seed) {
    CommandEncoder encoder = new CommandEncoder(mode);
    encoder.setUtf8(utf8);
    CommandEncoder.Encoded encoded = encoder.encode(command);
    assertThat(encoded.awaitsContinuation()).isFalse();
    CommandDecoder decoder = new CommandDecoder(ImapLimits.DEFAULT, mode);
    decoder.setUtf8Names(utf8);
    List<String> out = Decoding.decode(decoder, encoded.joined(), Feeding.random(seed), a -> true);
    assertThat(out).as(new String(encoded.joined(), StandardCharsets.UTF_8)).hasSize(encoded.segments().size());
    for (int i = 0; i < out.size() - 1; i++) {
      assertThat(out.get(i)).startsWith("ContinuationNeeded[");
    }
    assertThat(out.get(out.size() - 1)).isEqualTo(new CommandInput.Received(command).toString());
    if (mode == NonSynchronizingLiterals.LITERAL_PLUS) {
      assertThat(encoded.segments()).hasSize(1);
    }
  }

  @Provide
  Arbitrary<Tuple.Tuple2<Boolean, Response>> responses() {
    return Arbitraries.of(true, false).flatMap(utf8 -> Arbs.response(utf8).map(r -> Tuple.of(utf8, r)));
  }

  @Property(tries = 400)
  void responsesRoundTrip(@ForAll("responses") Tuple.Tuple2<Boolean, Response> case_, @ForAll long seed) {
    boolean utf8 = case_.get1();
    Response response = case_.get2();
    OutputQueue out = new OutputQueue(1 << 20);
    ResponseEncoder encoder = new ResponseEncoder(out);
    encoder.setUtf8(utf8);
    encoder.write(response);
    byte[] bytes = drain(out);
    ResponseDecoder decoder = new ResponseDecoder(ImapLimits.DEFAULT);
    decoder.setUtf8Names(utf8);
    List<String> read = ClientDecoding.decode(decoder, bytes, Feeding.random(seed));
    assertThat(read).as(new String(bytes, StandardCharsets.UTF_8))
        .containsExactly(new ResponseInput.Received(response).toString());
  }

  @Property(tries = 200)
  void fetchContentsStreamBothWays(@ForAll("contents") List<byte[]> contents, @ForAll boolean literal8,
                                   @ForAll long seed) {
    OutputQueue out = new OutputQueue(1 << 20);
    ResponseEncoder encoder = new ResponseEncoder(out);
    encoder.fetchBegin(7);
    encoder.fetchAttribute(new FetchAttribute.Uid(42));
    List<FetchAttribute> attributes = new ArrayList<>();
    attributes.add(new FetchAttribute.Uid(42));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < contents.size(); i++) {
      byte[] c = contents.get(i);
      FetchAttribute.Content content = new FetchAttribute.Content(
          i % 2 == 0 ? FetchAttribute.ContentName.BODY : FetchAttribute.ContentName.BINARY,
          Section.part(i + 1), i == 0 ? OptionalLong.of(10) : OptionalLong.empty(), OptionalLong.of(c.length));
      boolean l8 = literal8 && content.name() == FetchAttribute.ContentName.BINARY;
      encoder.contentHeader(content, l8);
      encoder.content(ByteBuffer.wrap(c));
      attributes.add(content);
      expected.add(new ResponseInput.SectionBegin(7, content, l8, List.copyOf(attributes.subList(0, i + 1)))
          .toString());
      if (c.length > 0) {
        expected.add("SectionData[" + new String(c, StandardCharsets.ISO_8859_1) + "]");
      }
      expected.add("SectionEnd[]");
    }
    encoder.fetchAttribute(new FetchAttribute.Flags(List.of()));
    attributes.add(new FetchAttribute.Flags(List.of()));
    encoder.fetchEnd();
    expected.add(new ResponseInput.Received(new UntaggedResponse.Fetch(7, attributes)).toString());
    List<String> read = ClientDecoding.decode(new ResponseDecoder(ImapLimits.DEFAULT), drain(out),
        Feeding.random(seed));
    assertThat(read).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<byte[]>> contents() {
    return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        Arbitraries.of("", "x", ")\r\n* 1 FETCH (UID 9)\r\n", "{5}\r\n").map(s -> s.getBytes(StandardCharsets.UTF_8)))
        .list().ofMinSize(1).ofMaxSize(3);
  }

  static byte[] drain(OutputQueue out) {
    ByteBuffer b = ByteBuffer.allocate(out.size());
    out.drainTo(b);
    return b.array();
  }
}
