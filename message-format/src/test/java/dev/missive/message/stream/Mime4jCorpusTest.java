package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.missive.message.SharedCorpus;
import dev.missive.message.tree.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apache Mime4j's test messages ({@code ../shared/corpus/mime4j-testmsgs}): every message parses, its part
 * structure agrees with Mime4j's {@code .xml} expectation, and its decoded bodies with the {@code _decoded_*}
 * files named in its {@code _decoded.xml} except the few listed in {@link #DECODED_EXCEPTIONS}.
 */
class Mime4jCorpusTest {

  /**
   * Messages whose decoded bodies differ from Mime4j's on purpose. Both are read with Mime4j's
   * "malformed header starts body" setting; Mime4j then drops the line that follows the malformed one (its
   * expectation loses "AnotherHeader: …" and "The whole text should be recognized as body."). RFC 5322 §2.1 and
   * §3.5: the body is every line after the header, so no line may vanish; we keep them all.
   */
  static final Map<String, String> DECODED_EXCEPTIONS = Map.of(
      "malformedHeaderStartsBody-nocrlfcrlf", "RFC 5322 §2.1/§3.5: Mime4j drops the line after the first body line",
      "malformedHeaderStartsBody-noheader", "RFC 5322 §2.1/§3.5: Mime4j drops the second line of the body");

  private static final Pattern TAG =
      Pattern.compile("<(/?)(message|header|field|multipart|preamble|body-part|body|epilogue)>(.*?)(?=<|\\z)",
          Pattern.DOTALL);

  static Path corpus;

  @BeforeAll
  static void locate() {
    corpus = SharedCorpus.mime4jTestMessages();
  }

  static List<Path> messages() throws IOException {
    return SharedCorpus.mime4jMessages();
  }

  static String base(Path msg) {
    String n = msg.getFileName().toString();
    return n.substring(0, n.length() - 4);
  }

  static ParserOptions options(Path msg) {
    return ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED)
        .withMalformedHeaderStartsBody(base(msg).startsWith("malformedHeaderStartsBody"));
  }

  @Test
  void everyMessageParsesAndPassesThroughUnchanged() throws IOException {
    for (Path msg : messages()) {
      byte[] data = Files.readAllBytes(msg);
      assertThatCode(() -> EventRecorder.record(data, options(msg), i -> 7)).as(msg.toString())
          .doesNotThrowAnyException();
      assertThat(Message.parse(data).toByteArray()).as(msg.toString()).isEqualTo(data);
    }
  }

  @Test
  void everyMessageCanonicalisesOnceAndKeepsItsPartStructure() throws Exception {
    for (Path msg : messages()) {
      Message original = Message.parse(Files.readAllBytes(msg));
      Message canonical = original.canonicalized();
      byte[] bytes = canonical.toByteArray();
      boolean binary = canonical.root().walk().stream().anyMatch(e -> "binary".equals(e.transferEncoding()));
      for (int i = 0; i < bytes.length; i++) {
        boolean bareCr = bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n');
        boolean bareLf = bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r');
        assertThat(!binary && (bareCr || bareLf)).as(msg + " bare line ending at " + i).isFalse();
      }
      assertThat(canonical.root().walk()).as(msg.toString()).extracting(e -> e.contentType().mimeType())
          .isEqualTo(original.root().walk().stream().map(e -> e.contentType().mimeType()).collect(Collectors.toList()));
      assertThat(canonical.canonicalized().toByteArray()).as(msg + " idempotent").isEqualTo(bytes);
    }
  }

  @Test
  void structureAgreesWithMime4jOnEveryMessage() throws IOException {
    List<String> disagree = new ArrayList<>();
    List<Path> all = messages();
    for (Path msg : all) {
      Parsed p = parse(msg);
      String xml = Files.readString(corpus.resolve(base(msg) + ".xml"), StandardCharsets.ISO_8859_1);
      if (!expectedStructure(xml).equals(p.structure)) {
        disagree.add(base(msg) + "\n  expected " + expectedStructure(xml) + "\n  actual   " + p.structure);
      }
    }
    System.out.println("Mime4j corpus structure: " + (all.size() - disagree.size()) + "/" + all.size() + " agree");
    assertThat(disagree).isEmpty();
  }

  @Test
  void decodedBodiesAgreeExceptTheListedOnes() throws IOException {
    List<String> disagree = new ArrayList<>();
    List<Path> all = messages();
    int agreed = 0;
    for (Path msg : all) {
      Parsed p = parse(msg);
      Map<String, byte[]> expected = new TreeMap<>();
      String decodedXml = Files.readString(corpus.resolve(base(msg) + "_decoded.xml"), StandardCharsets.ISO_8859_1);
      Matcher names = Pattern.compile("name=\"(" + Pattern.quote(base(msg)) + "_decoded_([0-9_]+)\\.(txt|bin))\"")
          .matcher(decodedXml);
      while (names.find()) {
        expected.put(names.group(2), Files.readAllBytes(corpus.resolve(names.group(1))));
      }
      boolean same = expected.keySet().equals(p.bodies.keySet());
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        same &= Arrays.equals(e.getValue(), p.bodies.get(e.getKey()));
      }
      if (same) {
        agreed++;
      } else if (!DECODED_EXCEPTIONS.containsKey(base(msg))) {
        disagree.add(base(msg) + " expected " + expected.keySet() + " actual " + p.bodies.keySet());
      }
    }
    System.out.println("Mime4j corpus decoded bodies: " + agreed + "/" + all.size() + " agree");
    assertThat(disagree).isEmpty();
    assertThat(agreed).isGreaterThanOrEqualTo(all.size() - 3);
  }

  /** The structural skeleton of Mime4j's expectation; empty preambles and epilogues are left out. */
  static String expectedStructure(String xml) {
    StringBuilder out = new StringBuilder();
    Matcher m = TAG.matcher(xml);
    String open = null;
    while (m.find()) {
      String name = m.group(2);
      boolean close = !m.group(1).isEmpty();
      if (name.equals("preamble") || name.equals("epilogue")) {
        if (!close) {
          open = m.group(3).replace("\r\n", "").replace("\n", "").isEmpty() ? null : name;
        } else if (open != null) {
          out.append('<').append(open).append('>');
        }
        continue;
      }
      if (name.equals("body") && close) {
        continue;
      }
      if (!name.equals("header") && !name.equals("field") || !close) {
        out.append('<').append(m.group(1)).append(name).append('>');
      }
    }
    return out.toString();
  }

  record Parsed(String structure, Map<String, byte[]> bodies) {}

  static Parsed parse(Path msg) throws IOException {
    byte[] data = Files.readAllBytes(msg);
    MessageStreamParser p = new MessageStreamParser(options(msg));
    ByteBuffer in = ByteBuffer.wrap(data);
    StringBuilder s = new StringBuilder();
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    Deque<String> ids = new ArrayDeque<>();
    Deque<int[]> partCounters = new ArrayDeque<>();
    Map<String, ByteArrayOutputStream> open = new LinkedHashMap<>();
    boolean afterHeader = false;
    boolean nonEmptyPreamble = false;
    boolean nonEmptyEpilogue = false;
    String leaf = null;
    while (!p.isFinished()) {
      MimeEvent e = p.next();
      if (e == null) {
        if (in.hasRemaining()) {
          p.feed(in);
        } else {
          p.end();
        }
        continue;
      }
      if (e instanceof MimeEvent.DefectEvent) {
        continue;
      }
      if (afterHeader) {
        afterHeader = false;
        if (!(e instanceof MimeEvent.StartMultipart) && !(e instanceof MimeEvent.StartMessage)) {
          s.append("<body>");
          leaf = ids.peek();
          open.put(leaf, new ByteArrayOutputStream());
        }
      }
      if (e instanceof MimeEvent.StartMessage) {
        s.append("<message><header>");
        ids.push(ids.isEmpty() ? "1" : ids.peek() + "_1");
      } else if (e instanceof MimeEvent.StartPart) {
        s.append("<body-part><header>");
        int n = ++partCounters.peek()[0];
        ids.push(ids.peek() + "_" + n);
      } else if (e instanceof MimeEvent.HeaderFieldEvent) {
        s.append("<field>");
      } else if (e instanceof MimeEvent.EndOfHeader) {
        afterHeader = true;
      } else if (e instanceof MimeEvent.StartMultipart) {
        s.append("<multipart>");
        partCounters.push(new int[1]);
        nonEmptyPreamble = false;
        nonEmptyEpilogue = false;
      } else if (e instanceof MimeEvent.Preamble pr) {
        if (!nonEmptyPreamble && hasText(pr.bytes())) {
          nonEmptyPreamble = true;
          s.append("<preamble>");
        }
      } else if (e instanceof MimeEvent.Epilogue ep) {
        if (!nonEmptyEpilogue && hasText(ep.bytes())) {
          nonEmptyEpilogue = true;
          s.append("<epilogue>");
        }
      } else if (e instanceof MimeEvent.EndMultipart) {
        s.append("</multipart>");
        partCounters.pop();
        nonEmptyPreamble = false;
        nonEmptyEpilogue = false;
      } else if (e instanceof MimeEvent.DecodedBodyBytes b) {
        ByteBuffer x = b.bytes();
        byte[] copy = new byte[x.remaining()];
        x.get(copy);
        open.get(leaf).writeBytes(copy);
      } else if (e instanceof MimeEvent.EndPart) {
        s.append("</body-part>");
        close(ids.pop(), open, bodies);
      } else if (e instanceof MimeEvent.EndMessage) {
        s.append("</message>");
        close(ids.pop(), open, bodies);
      }
    }
    return new Parsed(s.toString(), bodies);
  }

  private static boolean hasText(ByteBuffer b) {
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) != '\r' && b.get(i) != '\n') {
        return true;
      }
    }
    return false;
  }

  private static void close(String id, Map<String, ByteArrayOutputStream> open, Map<String, byte[]> bodies) {
    ByteArrayOutputStream body = open.remove(id);
    if (body != null) {
      bodies.put(id, body.toByteArray());
    }
  }
}
