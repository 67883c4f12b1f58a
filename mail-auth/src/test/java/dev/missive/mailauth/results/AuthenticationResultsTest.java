package dev.missive.mailauth.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.mailauth.MalformedRecordException;
import dev.missive.mailauth.results.MethodResult.Property;
import dev.missive.message.header.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Authentication-Results (RFC 8601): the examples of Appendix B, the writer, and §5's removal of forged fields. */
class AuthenticationResultsTest {

  private static HeaderField field(String text) {
    return HeaderField.parse(text.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
  }

  @Test
  void appendixB2NothingDone() throws MalformedRecordException {
    AuthenticationResults ar = AuthenticationResults.parse(field("Authentication-Results: example.org 1; none"));
    assertThat(ar.authservId()).isEqualTo("example.org");
    assertThat(ar.version()).hasValue(1);
    assertThat(ar.results()).isEmpty();
    assertThat(ar.payload()).isEqualTo("example.org 1; none");
  }

  @Test
  void appendixB3SpfOnly() throws MalformedRecordException {
    AuthenticationResults ar = AuthenticationResults.parse(
        field("Authentication-Results: example.com; spf=pass smtp.mailfrom=example.net"));
    assertThat(ar.results()).containsExactly(MethodResult.of("spf", "pass", new Property("smtp", "mailfrom",
        "example.net")));
    assertThat(ar.toHeaderField().toString()).contains("example.com; spf=pass smtp.mailfrom=example.net");
  }

  @Test
  void appendixB4SmtpAuthAndSpfThenIprev() throws MalformedRecordException {
    AuthenticationResults first = AuthenticationResults.parse(field("Authentication-Results: example.com;\r\n"
        + "          auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n"
        + "          spf=pass smtp.mailfrom=example.net"));
    assertThat(first.results()).hasSize(2);
    MethodResult auth = first.results().get(0);
    assertThat(auth.method()).isEqualTo("auth");
    assertThat(auth.comment()).contains("cram-md5");
    assertThat(auth.property("smtp", "auth")).contains("sender@example.net");
    AuthenticationResults second = AuthenticationResults.parse(field("Authentication-Results: example.com; "
        + "iprev=pass\r\n          policy.iprev=192.0.2.200"));
    assertThat(second.results().get(0).property("policy", "iprev")).contains("192.0.2.200");
  }

  @Test
  void appendixB6TwoSignaturesToldApartByHeaderB() throws MalformedRecordException {
    AuthenticationResults ar = AuthenticationResults.parse(field("Authentication-Results: mail-router.example.net;\r\n"
        + "          dkim=pass (good signature) header.d=newyork.example.com\r\n"
        + "                header.b=oINEO8hg;\r\n"
        + "          dkim=fail (bad signature) header.d=newyork.example.com\r\n"
        + "                header.b=EToRSuvU"));
    assertThat(ar.results()).extracting(MethodResult::result).containsExactly("pass", "fail");
    assertThat(ar.results()).extracting(r -> r.property("header", "b").orElseThrow())
        .containsExactly("oINEO8hg", "EToRSuvU");
    assertThat(ar.results().get(1).comment()).contains("bad signature");
  }

  @Test
  void appendixB7CommentsEverywhere() throws MalformedRecordException {
    AuthenticationResults ar = AuthenticationResults.parse(field("Authentication-Results: foo.example.net "
        + "(foobar) 1 (baz);\r\n"
        + "    dkim (Because I like it) / 1 (One yay) = (wait for it) fail\r\n"
        + "      policy (A dot can go here) . (like that) expired\r\n"
        + "      (this surprised me) = (as I wasn't expecting it) 1362471462"));
    assertThat(ar.authservId()).isEqualTo("foo.example.net");
    assertThat(ar.version()).hasValue(1);
    MethodResult r = ar.results().get(0);
    assertThat(r.method()).isEqualTo("dkim");
    assertThat(r.methodVersion()).hasValue(1);
    assertThat(r.result()).isEqualTo("fail");
    assertThat(r.comment()).isEmpty(); // the comments before the result are not about it
    assertThat(r.properties()).containsExactly(new Property("policy", "expired", "1362471462"));
  }

  @Test
  void reasonsQuotedValuesAndNestedComments() throws MalformedRecordException {
    AuthenticationResults ar = AuthenticationResults.parse(" (a (nested \\) comment)) \"ex ample\"; "
        + "spf=fail (sender (really) not allowed) reason=\"IP not in \\\"record\\\"\" smtp.mailfrom=a@b.example;"
        + " dkim=none;");
    assertThat(ar.authservId()).isEqualTo("ex ample");
    MethodResult spf = ar.results().get(0);
    assertThat(spf.comment()).contains("sender (really) not allowed");
    assertThat(spf.reason()).contains("IP not in \"record\"");
    assertThat(ar.results().get(1)).isEqualTo(MethodResult.of("dkim", "none"));
    // written back: quoted where a token is not enough, escaped
    assertThat(ar.payload()).isEqualTo("\"ex ample\"; spf=fail (sender \\(really\\) not allowed) "
        + "reason=\"IP not in \\\"record\\\"\" smtp.mailfrom=a@b.example; dkim=none");
  }

  @Test
  void theWriterFoldsAndTheParserReadsItBack() throws MalformedRecordException {
    List<MethodResult> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(new MethodResult("dkim", OptionalInt.empty(), "pass", Optional.of("good signature"),
          Optional.empty(), List.of(new Property("header", "d", "d" + i + ".example.com"),
          new Property("header", "b", "ab/+c=" + i))));
    }
    AuthenticationResults ar = AuthenticationResults.of("mx.example.org", results);
    HeaderField f = ar.toHeaderField();
    String raw = new String(f.raw(), StandardCharsets.US_ASCII);
    for (String line : raw.split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(78);
    }
    assertThat(raw).contains("header.b=\"ab/+c=0\"");
    assertThat(AuthenticationResults.parse(f)).isEqualTo(ar);
  }

  @Test
  void commentsAreWrittenInAscii() {
    MethodResult r = MethodResult.of("dkim", "permerror").withComment("h= lacks From (RFC 6376 §5.4) ü");
    assertThat(AuthenticationResults.of("x.example", List.of(r)).payload())
        .isEqualTo("x.example; dkim=permerror (h= lacks From \\(RFC 6376 section 5.4\\) ?)");
  }

  @Test
  void forgedFieldsClaimingOurIdAreRemoved() {
    List<HeaderField> fields = List.of(
        field("Authentication-Results: MX.Example.ORG; dkim=pass header.d=bank.example"),
        field("Authentication-Results: (forged) mx.example.org; this is ; not = valid ("),
        field("Authentication-Results: \"mx.example.org\"; spf=pass smtp.mailfrom=x@bank.example"),
        field("Authentication-Results: upstream.example.net; spf=fail smtp.mailfrom=x@bank.example"),
        field("Authentication-Results: mx.example.org.evil.example; dkim=pass"),
        field("Received: from x by mx.example.org"),
        field("Subject: mx.example.org; dkim=pass"));
    List<HeaderField> kept = AuthenticationResults.removeClaimsOf(fields, "mx.example.org");
    assertThat(kept).containsExactly(fields.get(3), fields.get(4), fields.get(5), fields.get(6));
  }

  @Test
  void malformedFieldsAreRefusedWithAReason() {
    for (String bad : List.of("", ";", "example.com", "example.com; spf", "example.com; spf=", "example.com; =pass",
        "example.com; spf=pass smtp", "example.com; spf=pass smtp.mailfrom", "example.com; spf=pass smtp.mailfrom=",
        "example.com; spf=pass (unterminated", "example.com; spf=pass reason=\"open", "example.com 1x; none",
        "example.com; spf/x=pass", "example.com; 1spf=pass", "example.com; spf=pass; ; dkim=pass",
        "example.com; spf=-pass", "example.com " + "(".repeat(9) + ")".repeat(9) + "; none")) {
      assertThatThrownBy(() -> AuthenticationResults.parse(bad)).as(bad)
          .isInstanceOf(MalformedRecordException.class);
    }
    StringBuilder many = new StringBuilder("example.com");
    for (int i = 0; i <= AuthenticationResults.MAX_RESULTS; i++) {
      many.append("; dkim=pass");
    }
    assertThatThrownBy(() -> AuthenticationResults.parse(many.toString())).hasMessageContaining("more than");
    assertThatThrownBy(() -> AuthenticationResults.parse(field("Subject: x")))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void valuesWithLineBreaksAreHostMisuse() {
    assertThatThrownBy(() -> MethodResult.of("spf", "pass").withComment("a\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Property("smtp", "mailfrom", "a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MethodResult.of("sp f", "pass")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthenticationResults.of("a\rb", List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A control character in a comment, bare or as a quoted-pair ({@code \<TAB>}), reads as a space and is written as
   * one, so a comment read and written reads back the same (found by RecordParsersFuzzTest).
   */
  @Test
  void controlCharactersInCommentsReadAndWriteAsSpaces() throws MalformedRecordException {
    AuthenticationResults ar = AuthenticationResults.parse("example.com; dkim=pass (a\\\tb\tc\\\u0001d) header.d=x");
    assertThat(ar.results().get(0).comment()).hasValue("a b c d");
    assertThat(AuthenticationResults.parse(ar.payload()).payload()).isEqualTo(ar.payload());
    AuthenticationResults made = AuthenticationResults.of("example.com",
        List.of(MethodResult.of("dkim", "pass").withComment("tab\there")));
    assertThat(made.payload()).contains("(tab here)");
  }

  /**
   * The writer turns '§' into "section " so the field stays US-ASCII; at the end of a comment that space was written
   * and then stripped by the reader (RFC 5322 §3.2.2 comments: white space at either end carries nothing), so
   * write → read → write changed the field (fuzz finding F9, {@code finding-section-sign-ends-comment}).
   */
  @Test
  void aCommentEndingInASectionSignWritesWhatItReadsBack() throws MalformedRecordException {
    AuthenticationResults read = AuthenticationResults.parse("example.com; dkim=pass (see \u00a7) header.d=x");
    String written = read.payload();
    assertThat(written).contains("(see section)");
    assertThat(AuthenticationResults.parse(written).payload()).isEqualTo(written);
    AuthenticationResults made = AuthenticationResults.of("example.com",
        List.of(MethodResult.of("dkim", "pass").withComment(" \u00a7")));
    assertThat(made.payload()).contains("(section)");
    assertThat(AuthenticationResults.parse(made.payload()).payload()).isEqualTo(made.payload());
  }
}
