package dev.missive.message.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.header.HeaderField;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Pass-through writing keeps every untouched octet of any input, damaged or not (docs/architecture.md, "Keep the
 * bytes").
 */
class PassThroughPropertyTest {

  private static final String[] PIECES = {
      "Content-Type: multipart/mixed; boundary=b\r\n", "Content-Type: message/rfc822\r\n", "Subject: x\r\n",
      " folded\r\n", "\r\n", "\n", "\r", "--b\r\n", "--b--\r\n", "--b \r\n", "--bx\r\n", "-", "text", "caf\u00e9",
      "no colon\r\n", "X:\n", "\u0000", "Content-Type: multipart/alternative; boundary=\"c d\"\r\n", "--c d\r\n"};

  @Provide
  Arbitrary<byte[]> messages() {
    return Arbitraries.of(PIECES).list().ofMaxSize(40)
        .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 200)
  void unchangedInputIsWrittenBackExactly(@ForAll("messages") byte[] data) {
    assertThat(Message.parse(data).toByteArray()).isEqualTo(data);
  }

  @Property(tries = 200)
  void addingAFieldToEveryEntityKeepsTheStructure(@ForAll("messages") byte[] data) {
    Message m = Message.parse(data);
    int entities = m.root().walk().size();
    for (Entity e : m.root().walk()) {
      e.header().addFirst(HeaderField.of("X-Seen", "1"));
    }
    byte[] out = m.toByteArray();
    String prefix = "X-Seen: 1\r\n";
    assertThat(new String(out, StandardCharsets.UTF_8)).startsWith(prefix);
    Message again = Message.parse(out);
    assertThat(again.root().walk()).hasSize(entities);
    assertThat(again.root().walk()).allSatisfy(e -> assertThat(e.header().get("X-Seen")).isPresent());
  }
}
