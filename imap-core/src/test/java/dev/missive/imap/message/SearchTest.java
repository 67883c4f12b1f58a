package dev.missive.imap.message;

import static dev.missive.imap.message.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.Flag;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.protocol.CommandDecoder;
import dev.missive.imap.protocol.CommandInput;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.protocol.NonSynchronizingLiterals;
import dev.missive.imap.command.SelectedCommand;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The standard SEARCH evaluator over a real message (RFC 9051 §6.4.4, RFC 5051 i;unicode-casemap). */
class SearchTest {

  private int opens;

  private SearchableMessage message(byte[] octets, Set<Flag> flags) {
    return new SearchableMessage() {
      public long seq() {
        return 3;
      }

      public long uid() {
        return 30;
      }

      public Set<Flag> flags() {
        return flags;
      }

      public OffsetDateTime internalDate() {
        return OffsetDateTime.of(2006, 2, 12, 23, 59, 0, 0, ZoneOffset.ofHours(-8));
      }

      public long size() {
        return octets.length;
      }

      public InputStream open() {
        opens++;
        return new ByteArrayInputStream(octets);
      }
    };
  }

  private boolean matches(String criteria) throws Exception {
    return matches(criteria, Set.of(Flag.SEEN, new Flag("$Junk")));
  }

  private boolean matches(String criteria, Set<Flag> flags) throws Exception {
    CommandInput r = new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS)
        .next(ByteBuffer.wrap(("a SEARCH " + criteria + "\r\n").getBytes(StandardCharsets.UTF_8)));
    SearchKey key = ((SelectedCommand.Search) ((CommandInput.Received) r).command()).criteria();
    SearchContext ctx = new SearchContext(10, 100, Optional.of(UidSet.of(SequenceSet.parse("30,40"))));
    return SearchEvaluator.standard().matches(key, message(bytes(Samples.MIXED), flags), ctx);
  }

  @Test
  void flagsNumbersAndSizes() throws Exception {
    assertThat(matches("SEEN KEYWORD $Junk UNFLAGGED")).isTrue();
    assertThat(matches("UNSEEN")).isFalse();
    assertThat(matches("3 UID 30 UID 1:* 2:*")).isTrue();
    assertThat(matches("4:*")).isFalse();
    assertThat(matches("$ UID $")).isTrue();
    assertThat(matches("LARGER 100 SMALLER 100000")).isTrue();
    assertThat(matches("OR LARGER 100000 NOT SEEN")).isFalse();
    assertThat(opens).isZero();
  }

  @Test
  void dates() throws Exception {
    // the internal date is 12-Feb-2006 in its own zone
    assertThat(matches("ON 12-Feb-2006 SINCE 12-Feb-2006 BEFORE 13-Feb-2006")).isTrue();
    assertThat(matches("BEFORE 12-Feb-2006")).isFalse();
    // the Date field: 17-Jul-1996 in -0700
    assertThat(matches("SENTON 17-Jul-1996 SENTBEFORE 18-Jul-1996 SENTSINCE 17-Jul-1996")).isTrue();
    assertThat(matches("SENTSINCE 18-Jul-1996")).isFalse();
  }

  @Test
  void headerKeysMatchDecodedCasemappedSubstrings() throws Exception {
    assertThat(matches("SUBJECT \"CAF\u00c9\"")).isTrue();
    assertThat(matches("SUBJECT \"\u00c9 TEST\"")).isTrue();
    // casemapping decomposes: "\u00e9" is "E" and a combining accent, so "E TEST" is not in "caf\u00e9 test"
    assertThat(matches("SUBJECT \"E TEST\"")).isFalse();
    assertThat(matches("FROM alice@EXAMPLE")).isTrue();
    assertThat(matches("TO carol")).isTrue();
    assertThat(matches("CC carol")).isFalse();
    assertThat(matches("HEADER Message-ID \"<1@\"")).isTrue();
    assertThat(matches("HEADER X-Missing \"\"")).isFalse();
    assertThat(matches("HEADER MIME-Version \"\"")).isTrue();
    opens = 0;
    assertThat(matches("SUBJECT test FROM alice TO bob HEADER Date 1996 SENTON 17-Jul-1996")).isTrue();
    assertThat(opens).as("the header is read once for every key").isEqualTo(1);
  }

  @Test
  void bodyAndTextReadTheDecodedText() throws Exception {
    assertThat(matches("BODY \"CAF\u00c9 LINE1\"")).isTrue();
    assertThat(matches("BODY line2")).isTrue();
    assertThat(matches("BODY \"inner body\"")).isTrue();
    assertThat(matches("BODY preamble")).isFalse();
    assertThat(matches("BODY \"line1 line2\"")).isFalse();
    assertThat(matches("BODY alice")).isFalse();
    assertThat(matches("TEXT alice")).isTrue();
    assertThat(matches("TEXT line2")).isTrue();
    // the attachment is not text: its octets are not searched
    assertThat(matches("BODY AAECAw")).isFalse();
    opens = 0;
    assertThat(matches("BODY line1 BODY line2 NOT TEXT zebra")).isTrue();
    assertThat(opens).isEqualTo(1);
  }

  @Test
  void casemapFollowsRfc5051() {
    assertThat(dev.missive.imap.internal.text.Casemap.key("\ufb01le")).isEqualTo(
        dev.missive.imap.internal.text.Casemap.key("FILE"));
    assertThat(dev.missive.imap.internal.text.Casemap.key("\u00e9t\u00e9")).isEqualTo(
        dev.missive.imap.internal.text.Casemap.key("E\u0301T\u00c9"));
    assertThat(dev.missive.imap.internal.text.Casemap.key("strasse")).isEqualTo(
        dev.missive.imap.internal.text.Casemap.key("STRASSE"));
  }
}
