package dev.missive.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.mailauth.arc.ArcSeal;
import dev.missive.mailauth.dkim.DkimKeyRecord;
import dev.missive.mailauth.dkim.DkimSignature;
import dev.missive.mailauth.dmarc.DmarcRecord;
import dev.missive.mailauth.results.AuthenticationResults;
import dev.missive.mailauth.spf.MacroString;
import dev.missive.mailauth.spf.SpfRecord;
import dev.missive.message.header.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * Fuzz target for every record and field parser of mail-auth: DKIM-Signature (RFC 6376 §3.5), DKIM key records
 * (§3.6.1), ARC-Seal (RFC 8617 §4.1.3), SPF records (RFC 7208 §4.6) and macro strings (§7), DMARC records
 * (RFC 7489 §6.3) and Authentication-Results (RFC 8601 §2.2). Each parser gets text straight from DNS or a peer's
 * header, so the only exception any input may cause is {@link MalformedRecordException} (docs/security.md,
 * "Hostile DNS records"); an unchecked exception fails the target by itself. An Authentication-Results value that
 * parses is written again and must read back as written, folded or not (the writer's quoting and folding lose
 * nothing).
 */
class RecordParsersFuzzTest {

  @FuzzTest
  void parsersThrowOnlyMalformedRecord(FuzzedDataProvider data) throws MalformedRecordException {
    int which = data.consumeInt(0, 6);
    byte[] raw = data.consumeRemainingAsBytes();
    String text = new String(raw, StandardCharsets.UTF_8);
    try {
      switch (which) {
        case 0 -> DkimSignature.parse(field("DKIM-Signature", raw));
        case 1 -> DkimKeyRecord.parse(text);
        case 2 -> ArcSeal.parse(field("ARC-Seal", raw));
        case 3 -> SpfRecord.parse(text);
        case 4 -> MacroString.parse(text, raw.length % 2 == 0);
        case 5 -> DmarcRecord.parse(text);
        default -> writtenAgainReadsTheSame(AuthenticationResults.parse(text));
      }
    } catch (MalformedRecordException expected) {
      assertThat(expected.getMessage()).as("a malformed record says what is wrong").isNotBlank();
    }
  }

  private static void writtenAgainReadsTheSame(AuthenticationResults parsed) throws MalformedRecordException {
    assertThat(parsed.results().size()).isLessThanOrEqualTo(AuthenticationResults.MAX_RESULTS);
    String written = parsed.payload(); // comments become ASCII once, so compare what is written
    AuthenticationResults again = AuthenticationResults.parse(written);
    assertThat(again.payload()).isEqualTo(written);
    assertThat(AuthenticationResults.parse(again.toHeaderField())).isEqualTo(again);
  }

  private static HeaderField field(String name, byte[] value) {
    byte[] prefix = (name + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] raw = new byte[prefix.length + value.length];
    System.arraycopy(prefix, 0, raw, 0, prefix.length);
    System.arraycopy(value, 0, raw, prefix.length, value.length);
    return HeaderField.parse(raw, new ArrayList<>());
  }
}
