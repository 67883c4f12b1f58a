package dev.missive.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.message.header.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The signature and key record parsers are total: any text gives a value or a MalformedRecordException. */
class DkimParserPropertyTest {

  @Provide
  Arbitrary<String> tagLists() {
    Arbitrary<String> pieces = Arbitraries.of("v=1", "v=DKIM1", "a=rsa-sha256", "a=ed25519-sha256", "c=relaxed",
        "c=simple/relaxed", "c=x/y", "d=example.com", "d=", "s=sel", "h=from:to", "h=", "h=::", "l=10",
        "l=99999999999999999999", "t=5", "x=4", "i=@example.com", "i=x", "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=",
        "b=AAAA", "b=%%", "p=", "p=AAAA", "k=ed25519", "t=y:s", "q=dns/txt", ";", "=", " ", "\t", "\r\n ", "\r\n",
        "\n", "\u00e9", "\u0000", "a", "==", "b=A A\r\n\tA");
    return pieces.list().ofMaxSize(20).map(l -> String.join("", l));
  }

  @Property(tries = 200)
  void signatureParsingIsTotal(@ForAll("tagLists") String text) {
    HeaderField f = HeaderField.parse(("DKIM-Signature:" + text).getBytes(StandardCharsets.ISO_8859_1),
        new ArrayList<>());
    try {
      DkimSignature s = DkimSignature.parse(f);
      assertThat(s.domain()).isNotEmpty();
      assertThat(s.tags().signs("from")).isTrue();
    } catch (MalformedRecordException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 200)
  void keyRecordParsingIsTotal(@ForAll("tagLists") String text) {
    try {
      DkimKeyRecord r = DkimKeyRecord.parse(text);
      assertThat(r.keyType()).isNotNull();
    } catch (MalformedRecordException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
