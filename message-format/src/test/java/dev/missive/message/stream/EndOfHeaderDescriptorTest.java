package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.header.BodyDescriptor;
import dev.missive.message.tree.Entity;
import dev.missive.message.tree.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The stream's {@link MimeEvent.EndOfHeader} carries what a consumer needs to handle a part without parsing its
 * header again (issue 17): the content type with its parameters, the disposition, the file name in its RFC 2231
 * and RFC 2047 forms, the transfer encoding and the content id — the same {@link BodyDescriptor} the tree's
 * {@link Entity} gives.
 */
class EndOfHeaderDescriptorTest {

  private static final String MESSAGE = String.join("\r\n",
      "Content-Type: multipart/mixed; boundary=m",
      "",
      "--m",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "the body",
      "--m",
      "Content-Type: application/pdf; name=\"=?utf-8?q?r=C3=A9sum=C3=A9.pdf?=\"",
      "Content-Transfer-Encoding: BASE64",
      "",
      "JVBERi0=",
      "--m",
      "Content-Type: text/plain",
      "Content-Disposition: attachment; filename*0*=utf-8''%C3%A9t%C3%A9;",
      " filename*1=\".txt\"",
      "",
      "summer",
      "--m",
      "Content-Type: image/png",
      "Content-Disposition: inline; filename=\"=?iso-8859-1?q?caf=E9.png?=\"",
      "Content-ID: <logo@example.org>",
      "Content-Transfer-Encoding: base64",
      "",
      "iVBORw==",
      "--m--",
      "");

  @Test
  void theEventDescribesEachPartAsTheTreeDoes() throws IOException {
    List<BodyDescriptor> streamed = new ArrayList<>();
    new MessageReader(new ByteArrayInputStream(bytes())).forEach(e -> {
      if (e instanceof MimeEvent.EndOfHeader h) {
        streamed.add(h.descriptor());
      }
    });
    List<BodyDescriptor> tree = Message.parse(bytes()).root().walk().stream().map(Entity::descriptor).toList();
    assertThat(streamed).isEqualTo(tree).hasSize(5);

    BodyDescriptor pdf = streamed.get(2);
    assertThat(pdf.mimeType()).isEqualTo("application/pdf");
    assertThat(pdf.transferEncoding()).isEqualTo("base64");
    assertThat(pdf.filename()).contains("r\u00e9sum\u00e9.pdf"); // RFC 2047 in the Content-Type name
    assertThat(pdf.isAttachment()).isTrue();
    assertThat(pdf.disposition()).isEmpty();

    BodyDescriptor summer = streamed.get(3);
    assertThat(summer.filename()).contains("\u00e9t\u00e9.txt"); // RFC 2231 continuations with a charset
    assertThat(summer.isAttachment()).isTrue();

    BodyDescriptor logo = streamed.get(4);
    assertThat(logo.filename()).contains("caf\u00e9.png"); // RFC 2047 in a quoted filename
    assertThat(logo.contentId()).contains("logo@example.org");
    assertThat(logo.isAttachment()).isFalse();
    assertThat(logo.disposition().orElseThrow().isInline()).isTrue();

    assertThat(streamed.get(1).contentType().charset()).contains("utf-8");
    assertThat(streamed.get(1).filename()).isEmpty();
  }

  /** The use the README shows: each attachment's decoded octets collected while they stream past. */
  @Test
  void attachmentsCanBeSavedAsTheyStreamPast() throws IOException {
    Map<String, ByteArrayOutputStream> saved = new LinkedHashMap<>();
    ByteArrayOutputStream[] current = {null};
    ParserOptions decoded = ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED);
    new MessageReader(new ByteArrayInputStream(bytes()), decoded).forEach(e -> {
      if (e instanceof MimeEvent.EndOfHeader h) {
        Optional<String> name = h.descriptor().isAttachment() ? h.descriptor().filename() : Optional.empty();
        current[0] = name.map(n -> saved.computeIfAbsent(n, k -> new ByteArrayOutputStream())).orElse(null);
      } else if (e instanceof MimeEvent.DecodedBodyBytes b && current[0] != null) {
        ByteBuffer chunk = b.bytes();
        byte[] octets = new byte[chunk.remaining()];
        chunk.get(octets);
        current[0].writeBytes(octets);
      }
    });
    assertThat(saved.keySet()).containsExactly("r\u00e9sum\u00e9.pdf", "\u00e9t\u00e9.txt");
    assertThat(saved.get("r\u00e9sum\u00e9.pdf").toByteArray()).isEqualTo("%PDF-".getBytes(StandardCharsets.US_ASCII));
    assertThat(saved.get("\u00e9t\u00e9.txt").toString(StandardCharsets.US_ASCII)).isEqualTo("summer");
  }

  private static byte[] bytes() {
    return MESSAGE.getBytes(StandardCharsets.US_ASCII);
  }
}
