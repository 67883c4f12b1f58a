package dev.missive.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Address;
import dev.missive.imap.BodyStructure;
import dev.missive.imap.Envelope;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.testkit.Feeding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The client's reader of server responses: values, leniency, limits and hostile servers. */
class ResponseDecoderTest {

  private static Response parse(String line) {
    ResponseInput r = new ResponseDecoder(ImapLimits.DEFAULT).next(ByteBuffer.wrap(
        (line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(r).as(line).isInstanceOf(ResponseInput.Received.class);
    return ((ResponseInput.Received) r).response();
  }

  @Test
  void fetchOfRfc9051Section8WithEnvelopeAndBody() {
    UntaggedResponse.Fetch f = (UntaggedResponse.Fetch) parse("* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "
        + "\"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" "
        + "\"IMAP4rev2 WG mtg summary and minutes\" ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
        + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" "
        + "\"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" "
        + "\"CNRI.Reston.VA.US\") (\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
        + "\"<B27397-0100000@cac.washington.edu>\") BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL "
        + "\"7BIT\" 3028 92))");
    assertThat(f.seq()).isEqualTo(12);
    Envelope e = ((FetchAttribute.EnvelopeData) f.attributes().get(3)).envelope();
    assertThat(e.subject()).contains("IMAP4rev2 WG mtg summary and minutes");
    assertThat(e.cc()).containsExactly(Address.of(null, "minutes", "CNRI.Reston.VA.US"),
        Address.of("John Klensin", "KLENSIN", "MIT.EDU"));
    assertThat(e.bcc()).isEmpty();
    BodyStructure.SinglePart b = (BodyStructure.SinglePart) ((FetchAttribute.Structure) f.attributes().get(4))
        .structure();
    assertThat(b.lines()).isEqualTo(OptionalLong.of(92));
    assertThat(b.extension()).isEmpty();
  }

  @Test
  void multipartBodyStructureWithExtensionData() {
    // RFC 9051 §7.5.2's two-part example, with extension data
    UntaggedResponse.Fetch f = (UntaggedResponse.Fetch) parse("* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" "
        + "(\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23 NIL NIL NIL NIL)(\"TEXT\" \"PLAIN\" (\"CHARSET\" "
        + "\"US-ASCII\" \"NAME\" \"cc.diff\") \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" "
        + "\"BASE64\" 4554 73 NIL (\"attachment\" (\"filename\" \"cc.diff\")) (\"en\" \"de\") NIL (1 NIL)) "
        + "\"MIXED\" (\"BOUNDARY\" \"x\") NIL NIL NIL))");
    BodyStructure.Multipart m = (BodyStructure.Multipart) ((FetchAttribute.Structure) f.attributes().get(0))
        .structure();
    assertThat(m.subtype()).isEqualTo("MIXED");
    assertThat(m.parameters()).containsExactly(new BodyStructure.Parameter("BOUNDARY", "x"));
    BodyStructure.SinglePart diff = (BodyStructure.SinglePart) m.parts().get(1);
    assertThat(diff.extension().get().disposition().get().type()).isEqualTo("attachment");
    assertThat(diff.extension().get().language()).containsExactly("en", "de");
  }

  @Test
  void responseCodes() {
    Response.Tagged t = (Response.Tagged) parse("A1 OK [COPYUID 38505 304,319:320 3956:3958] Done");
    assertThat(t.code()).contains(new ResponseCode.CopyUid(38505, dev.missive.imap.SequenceSet.parse("304,319:320"),
        dev.missive.imap.SequenceSet.parse("3956:3958")));
    assertThat(((Response.Tagged) parse("A1 NO [UIDNEXT abc] odd")).code())
        .contains(new ResponseCode.Other("UIDNEXT", "abc"));
    assertThat(((Response.Tagged) parse("A1 OK [READ-WRITE]")).text()).isEmpty();
    assertThat(((Response.Tagged) parse("A1 OK")).text()).isEmpty();
    assertThat(((UntaggedResponse.Condition) parse("* OK [ALERT]  System shutdown in 10 minutes")).text())
        .isEqualTo("System shutdown in 10 minutes");
    assertThat(((Response.Tagged) parse("A1 NO caf\u00e9 \u00ff\u0000")).text()).isEqualTo("caf\u00e9 \u00ff\uFFFD");
  }

  @Test
  void unknownUntaggedResponsesAreKept() {
    assertThat(parse("* QUOTA \"\" (STORAGE 10 512)")).isEqualTo(new UntaggedResponse.Unknown("QUOTA",
        "QUOTA \"\" (STORAGE 10 512)"));
    assertThat(parse("* 5 VANISHED")).isEqualTo(new UntaggedResponse.Unknown("VANISHED", "5 VANISHED"));
    UntaggedResponse.Fetch f = (UntaggedResponse.Fetch) parse("* 1 FETCH (X-GM-MSGID (12345) UID 4)");
    assertThat(f.attributes()).containsExactly(new FetchAttribute.Other("X-GM-MSGID", "(12345)"),
        new FetchAttribute.Uid(4));
  }

  @Test
  void bytesAfterTheTaggedOkToStartTlsStayInTheInput() {
    // RFC 9051 §11.1, Poddebniak et al. 2021: the engine must see the injected response and close
    ByteBuffer in = ByteBuffer.wrap("a OK Begin TLS negotiation now\r\n* OK [CAPABILITY IMAP4rev2] injected\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    ResponseDecoder d = new ResponseDecoder(ImapLimits.DEFAULT);
    assertThat(d.next(in)).isInstanceOf(ResponseInput.Received.class);
    assertThat(in.hasRemaining()).isTrue();
    assertThat(d.inResponse()).isFalse();
  }

  @Test
  void hostileServers() {
    ImapLimits small = ImapLimits.builder().maxResponseLength(8_000).build();
    // a huge literal in a non-section position is skipped, the next response read
    String huge = "* 1 FETCH (ENVELOPE (\"x\" {9000}\r\n" + "y".repeat(9000) + " NIL NIL NIL NIL NIL NIL NIL NIL "
        + "NIL))\r\n* 2 EXISTS\r\n";
    assertThat(ClientDecoding.decode(new ResponseDecoder(small), huge.getBytes(StandardCharsets.US_ASCII),
        Feeding.random(9))).containsExactly("Malformed[text=response longer than 8000 octets, framingLost=false]",
        "Received[response=Exists[count=2]]");
    // a response line without end
    List<String> out = ClientDecoding.decode(new ResponseDecoder(small),
        ("* OK " + "x".repeat(20_000) + "\r\n* 3 EXISTS\r\n").getBytes(StandardCharsets.US_ASCII),
        Feeding.whole());
    assertThat(out).containsExactly("Malformed[text=response longer than 8000 octets, framingLost=false]",
        "Received[response=Exists[count=3]]");
    // a literal size that is no number64: framing is lost
    out = ClientDecoding.decode("* 1 FETCH (BODY[] {99999999999999999999}\r\nabc\r\n", Feeding.whole());
    assertThat(out).containsExactly("Malformed[text=literal size is not a number64, framingLost=true]");
    // deep nesting
    out = ClientDecoding.decode("* 1 FETCH (BODY " + "(".repeat(500) + "\r\n", Feeding.whole());
    assertThat(out.get(0)).contains("nested too deeply");
  }

  @Test
  void fourGibibyteSectionStreamsInBoundedMemory() {
    ResponseDecoder d = new ResponseDecoder(ImapLimits.DEFAULT);
    ResponseInput r = d.next(ByteBuffer.wrap("* 1 FETCH (UID 5 BODY[] {4294967296}\r\n"
        .getBytes(StandardCharsets.US_ASCII)));
    assertThat(r).isInstanceOf(ResponseInput.SectionBegin.class);
    assertThat(((ResponseInput.SectionBegin) r).earlier()).containsExactly(new FetchAttribute.Uid(5));
    ByteBuffer mib = ByteBuffer.allocate(1 << 20);
    long seen = 0;
    for (int i = 0; i < 4096; i++) {
      mib.clear();
      while (mib.hasRemaining()) {
        ResponseInput u = d.next(mib);
        if (u instanceof ResponseInput.SectionData s) {
          seen += s.bytes().remaining();
        }
      }
    }
    assertThat(seen).isEqualTo(4294967296L);
    ByteBuffer rest = ByteBuffer.wrap(")\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(d.next(rest)).isInstanceOf(ResponseInput.SectionEnd.class);
    assertThat(((ResponseInput.Received) d.next(rest)).response()).isEqualTo(new UntaggedResponse.Fetch(1, List.of(
        new FetchAttribute.Uid(5), new FetchAttribute.Content(FetchAttribute.ContentName.BODY,
            dev.missive.imap.Section.WHOLE, OptionalLong.empty(), OptionalLong.of(4294967296L)))));
  }

  private static final List<String> TOKENS = List.of("* ", "a1 ", "+ ", "OK", "NO", "FETCH", "1", " ", " ", "\r\n",
      "\r\n", "\n", "(", ")", "\"", "\\", "NIL", "BODY[]", "BODY[1.2]<0>", "BINARY[1]", "~{3}\r\nab\0", "{3}\r\n",
      "{0}\r\n", "{5}\r\nhello", "[ALERT]", "ENVELOPE", "UID 5", "\0", "\u00e9", "{99999999999999999999}\r\n",
      "EXISTS", "LIST", "\"/\"", "INBOX");

  @Provide
  Arbitrary<byte[]> inputs() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(50).map(tokens -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      tokens.forEach(t -> out.writeBytes(t.getBytes(StandardCharsets.UTF_8)));
      return out.toByteArray();
    });
  }

  @Property(tries = 200)
  void totalAndChunkingIndependent(@ForAll("inputs") byte[] input, @ForAll long seed) {
    ImapLimits small = new ImapLimits(8_000, 8_000, 8, 8, 1_000);
    List<String> whole = ClientDecoding.decode(new ResponseDecoder(small), input, Feeding.whole());
    assertThat(ClientDecoding.decode(new ResponseDecoder(small), input, Feeding.byteByByte())).isEqualTo(whole);
    assertThat(ClientDecoding.decode(new ResponseDecoder(small), input, Feeding.random(seed))).isEqualTo(whole);
  }

  @Property(tries = 100)
  void totalOnRandomBytes(@ForAll byte[] input) {
    ClientDecoding.decode(new ResponseDecoder(ImapLimits.DEFAULT), input, Feeding.whole());
  }
}
