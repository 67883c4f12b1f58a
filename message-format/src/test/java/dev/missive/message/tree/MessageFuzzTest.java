package dev.missive.message.tree;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.message.FuzzInputs;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.ParserOptions;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the message tree ({@link Message#parse}, RFC 5322 and RFC 2045–2046), under default and tight
 * limits: no unchecked exception from any octets or from any view of the result; {@link Message#writeTo}
 * reproduces the input octet for octet, and after a field is added at the top only that field is new;
 * {@link Message#canonicalized()} either refuses as documented or is idempotent (its result re-parsed under the
 * same options canonicalises, without a refusal, to the same octets) and at most {@link #CANONICAL_GROWTH} times the input plus {@link #CANONICAL_SLACK} octets.
 * Seeded with the shared Mime4j corpus by {@code fuzz/run.sh}; replayed from {@code MessageFuzzTestInputs/}.
 */
class MessageFuzzTest {

  /**
   * Canonicalisation at most doubles a line (bare CR or LF to CRLF) and quoted-printable at most triples an octet
   * and adds a soft break per 76 characters; what it adds per entity (a close delimiter, a header-ending CRLF, a
   * Content-Transfer-Encoding field) is paid for by the octets that made the entity.
   */
  static final int CANONICAL_GROWTH = 4;
  /** Room for a close delimiter and a header end on an input too short to pay for them. */
  static final int CANONICAL_SLACK = 256;

  private static final byte[] RECEIVED = "Received: from fuzz\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * The target; a {@link CanonicalizationException} (issue 12 item 4) from the input is a documented outcome, not a
   * finding, but one from an already canonical message is.
   */
  @FuzzTest
  void parsesWritesBackAndCanonicalizes(FuzzedDataProvider data) throws CanonicalizationException {
    ParserOptions options = FuzzInputs.options(data);
    byte[] input = data.consumeRemainingAsBytes();

    Message message = Message.parse(input, options);
    assertThat(message.toByteArray()).isEqualTo(input);
    readEveryView(message);

    Message canonical = null;
    try {
      canonical = message.canonicalized();
    } catch (CanonicalizationException refused) {
      // the documented refusal: no canonical form reads back as itself under these limits
    }
    if (canonical != null) {
      byte[] once = canonical.toByteArray();
      assertThat(once.length).isLessThanOrEqualTo(CANONICAL_GROWTH * input.length + CANONICAL_SLACK);
      assertThat(canonical.canonicalized().toByteArray()).as("canonicalized() is idempotent").isEqualTo(once);
      readEveryView(canonical);
    }

    message.header().addFirst(HeaderField.of("Received", "from fuzz"));
    byte[] changed = message.toByteArray();
    byte[] expected = java.util.Arrays.copyOf(RECEIVED, RECEIVED.length + input.length);
    System.arraycopy(input, 0, expected, RECEIVED.length, input.length);
    assertThat(changed).as("only the added field is new").isEqualTo(expected);
  }

  private static void readEveryView(Message message) {
    message.allDefects();
    message.subject();
    message.from();
    message.to();
    message.date();
    for (Entity e : message.root().walk()) {
      e.decodedBody();
      e.text();
      e.filename();
      e.isAttachment();
      e.preamble();
      e.epilogue();
      assertThat(e.toString()).isNotNull();
    }
    message.root().attachments();
  }
}
