package dev.missive.message.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.SharedCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Message#textBody()} and {@link Message#htmlBody()}: the part a reader shows, following
 * multipart/alternative (RFC 2046 §5.1.4), multipart/related (RFC 2387) and attachments (RFC 2183).
 */
class BodySelectorTest {

  private static Message parse(String crlfLines) {
    return Message.parse(crlfLines.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Where {@code e} is below {@code root}: "root", or part numbers such as "1.2". */
  static String path(Entity root, Entity e) {
    return root == e ? "root" : find(root, e, "");
  }

  private static String find(Entity at, Entity e, String prefix) {
    for (int i = 0; i < at.parts().size(); i++) {
      String here = prefix + (i + 1);
      Entity part = at.parts().get(i);
      String found = part == e ? here : find(part, e, here + ".");
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String text(Optional<Entity> e) {
    return e.map(Entity::text).orElse("-");
  }

  @Test
  void aSingleTextPartIsTheBodyOfItsKind() {
    Message m = parse("Subject: x\n\nhello\n");
    assertThat(text(m.textBody())).isEqualTo("hello\r\n");
    assertThat(m.htmlBody()).isEmpty();
    Message h = parse("Content-Type: text/html\n\n<p>hi</p>");
    assertThat(h.textBody()).isEmpty();
    assertThat(text(h.htmlBody())).isEqualTo("<p>hi</p>");
  }

  @Test
  void alternativeTakesTheLastVersionOfEachKind() {
    Message m = parse("Content-Type: multipart/alternative; boundary=a\n\n"
        + "--a\nContent-Type: text/plain\n\nplain one\n"
        + "--a\nContent-Type: text/html\n\n<p>html</p>\n"
        + "--a\nContent-Type: text/plain; charset=utf-8\n\nplain two\n--a--\n");
    assertThat(text(m.textBody())).isEqualTo("plain two");
    assertThat(text(m.htmlBody())).isEqualTo("<p>html</p>");
  }

  @Test
  void relatedCountsOnlyItsRootTheStartPartElseTheFirst() {
    String related = "Content-Type: multipart/alternative; boundary=a\n\n"
        + "--a\nContent-Type: text/plain\n\nplain\n"
        + "--a\nContent-Type: multipart/related; boundary=r%s\n\n"
        + "--r\nContent-Type: text/html\nContent-ID: <first@x>\n\n<p>first</p>\n"
        + "--r\nContent-Type: text/html\nContent-ID: <second@x>\n\n<p>second</p>\n"
        + "--r\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\niVBO\n"
        + "--r--\n--a--\n";
    Message first = parse(String.format(related, ""));
    assertThat(text(first.htmlBody())).isEqualTo("<p>first</p>");
    assertThat(path(first.root(), first.htmlBody().orElseThrow())).isEqualTo("2.1");
    Message started = parse(String.format(related, "; start=\"<second@x>\""));
    assertThat(text(started.htmlBody())).isEqualTo("<p>second</p>");
    assertThat(started.htmlBody().orElseThrow().contentId()).contains("second@x");
    assertThat(text(started.textBody())).isEqualTo("plain");
  }

  @Test
  void mixedTakesTheFirstInlineMatchAndSkipsAttachmentsAndEncapsulatedMessages() {
    Message m = parse("Content-Type: multipart/mixed; boundary=m\n\n"
        + "--m\nContent-Type: message/rfc822\n\nSubject: forwarded\n\nnot the body\n"
        + "--m\nContent-Type: text/plain\nContent-Disposition: attachment; filename=notes.txt\n\nattached\n"
        + "--m\nContent-Type: text/plain\nContent-Disposition: inline\n\nthe body\n"
        + "--m\nContent-Type: text/plain\n\nlater text\n--m--\n");
    assertThat(text(m.textBody())).isEqualTo("the body");
    assertThat(path(m.root(), m.textBody().orElseThrow())).isEqualTo("3");
  }

  @Test
  void signedAndUnknownMultipartsAreReadAsMixed() {
    Message m = parse("Content-Type: multipart/signed; boundary=s; protocol=\"application/pgp-signature\"\n\n"
        + "--s\nContent-Type: multipart/x-unknown; boundary=u\n\n--u\nContent-Type: text/html\n\n<b>signed</b>\n"
        + "--u--\n--s\nContent-Type: application/pgp-signature\n\nsig\n--s--\n");
    assertThat(text(m.htmlBody())).isEqualTo("<b>signed</b>");
    assertThat(m.textBody()).isEmpty();
  }

  @Test
  void anAttachedMultipartIsNotTheBody() {
    Message m = parse("Content-Type: multipart/mixed; boundary=m\n\n"
        + "--m\nContent-Type: multipart/alternative; boundary=a\nContent-Disposition: attachment\n\n"
        + "--a\nContent-Type: text/plain\n\nin an attachment\n--a--\n--m--\n");
    assertThat(m.textBody()).isEmpty();
  }

  /**
   * Every multipart message of the shared corpus ({@code ../shared/corpus/mime4j-testmsgs}): where the plain-text
   * and HTML bodies are. The table was checked against CPython 3.11's {@code EmailMessage.get_body(('plain',))}
   * and {@code get_body(('html',))}, which agree on every message whose structure CPython reads as Mime4j and
   * Missive do; for the three marked, CPython finds no parts at all (it does not take a delimiter line with text
   * after the boundary, or without a close delimiter).
   */
  @Test
  void theSharedCorpusMultipartsHaveTheirBodiesWhereCPythonFindsThem() throws IOException {
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("bad-newlines-multiple-parts-base64", "plain=- html=-"),
        Map.entry("bad-newlines-multiple-parts", "plain=1 html=-"),
        Map.entry("base64encoded-rfc822message-nested", "plain=- html=-"),
        Map.entry("base64encoded-rfc822message", "plain=- html=-"),
        Map.entry("boundary-name-clash", "plain=1.1 html=1.2"),
        Map.entry("ending-boundaries", "plain=1 html=-"), // CPython: no parts
        Map.entry("example", "plain=1 html=-"),
        Map.entry("intermediate-boundaries", "plain=1 html=-"),
        Map.entry("misplaced-boundary", "plain=1 html=-"),
        Map.entry("missing-boundary", "plain=- html=-"), // CPython: no parts
        Map.entry("missing-inner-boundary", "plain=1 html=-"),
        Map.entry("missing-inner-start-boundary", "plain=1 html=-"),
        Map.entry("multipartdigestnestedemptyparts", "plain=- html=-"),
        Map.entry("multipartemptypart", "plain=1 html=-"),
        Map.entry("multipartnestedemptyparts", "plain=- html=-"),
        Map.entry("multipartnestedemptypartsnorfc822", "plain=1.1 html=-"),
        Map.entry("multipartnopart", "plain=- html=-"), // CPython: no parts
        Map.entry("simple-attachment", "plain=1 html=-"),
        Map.entry("very-long-boundary", "plain=1 html=-"),
        Map.entry("very-very-long-boundary", "plain=1 html=-"),
        Map.entry("weird-boundary", "plain=1 html=-")));
    Map<String, String> found = new TreeMap<>();
    for (Path msg : SharedCorpus.mime4jMessages()) {
      Message m = Message.parse(msg);
      if (m.root().isMultipart() || m.root().embeddedMessage().isPresent()) {
        String name = msg.getFileName().toString().replace(".msg", "");
        found.put(name, "plain=" + m.textBody().map(e -> path(m.root(), e)).orElse("-")
            + " html=" + m.htmlBody().map(e -> path(m.root(), e)).orElse("-"));
      }
    }
    assertThat(found).isEqualTo(expected);
  }
}
