package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 5321 §4.1.2, §4.1.3 and §4.5.3.1 path syntax, RFC 6531 §3.3, and docs/security.md, "Long command lines and
 * paths", "Line breaks hidden in addresses" and "Encoded words and quotes in addresses".
 */
class EnvelopeSyntaxTest {

  static <T> PathResult.Parsed<T> parsed(PathResult<T> r) {
    assertThat(r).isInstanceOf(PathResult.Parsed.class);
    return (PathResult.Parsed<T>) r;
  }

  static <T> PathResult.Invalid<T> invalid(PathResult<T> r) {
    assertThat(r).isInstanceOf(PathResult.Invalid.class);
    return (PathResult.Invalid<T>) r;
  }

  static AddrSpec forward(String text) {
    return parsed(EnvelopeSyntax.ASCII.parseForwardPath(text)).path().mailbox().orElseThrow();
  }

  static PathError forwardError(EnvelopeSyntax syntax, String text) {
    return invalid(syntax.parseForwardPath(text)).error();
  }

  @Nested
  class ReversePaths {
    @Test
    void nullPath() {
      PathResult.Parsed<ReversePath> p = parsed(EnvelopeSyntax.ASCII.parseReversePath("<>"));
      assertThat(p.path()).isEqualTo(ReversePath.NULL);
      assertThat(p.path().isNull()).isTrue();
      assertThat(p.end()).isEqualTo(2);
      assertThat(p.path().toWireForm()).isEqualTo("<>");
    }

    @Test
    void rfc5321AppendixDSender() {
      PathResult.Parsed<ReversePath> p = parsed(EnvelopeSyntax.ASCII.parseReversePath("<Smith@bar.com>"));
      assertThat(p.path().mailbox()).contains(AddrSpec.of("Smith", "bar.com"));
      assertThat(p.end()).isEqualTo(15);
    }

    @Test
    void endIndexPointsAtTheEsmtpParameters() {
      String args = "<a@b.example> SIZE=1000 BODY=8BITMIME";
      PathResult.Parsed<ReversePath> p = parsed(EnvelopeSyntax.ASCII.parseReversePath(args));
      assertThat(args.substring(p.end())).isEqualTo(" SIZE=1000 BODY=8BITMIME");
      PathResult.Parsed<ReversePath> n = parsed(EnvelopeSyntax.ASCII.parseReversePath("FROM:<> SIZE=1", 5));
      assertThat(n.end()).isEqualTo(7);
    }

    @Test
    void postmasterWithoutDomainIsNotAReversePath() {
      assertThat(invalid(EnvelopeSyntax.ASCII.parseReversePath("<postmaster>")).error()).isEqualTo(PathError.SYNTAX);
    }

    @Test
    void sourceRouteDropped() {
      PathResult.Parsed<ReversePath> p =
          parsed(EnvelopeSyntax.ASCII.parseReversePath("<@hosta.int,@jkl.org:userc@d.bar.org>"));
      assertThat(p.path()).isEqualTo(ReversePath.of(AddrSpec.of("userc", "d.bar.org")));
    }
  }

  @Nested
  class ForwardPaths {
    @ParameterizedTest
    @ValueSource(strings = {"<postmaster>", "<Postmaster>", "<POSTMASTER>", "<PostMaster>"})
    void postmasterIsCaseInsensitive(String text) {
      PathResult.Parsed<ForwardPath> p = parsed(EnvelopeSyntax.ASCII.parseForwardPath(text));
      assertThat(p.path()).isEqualTo(ForwardPath.POSTMASTER);
      assertThat(p.path().isPostmaster()).isTrue();
      assertThat(p.end()).isEqualTo(12);
    }

    @Test
    void postmasterWithDomainIsAMailbox() {
      ForwardPath p = parsed(EnvelopeSyntax.ASCII.parseForwardPath("<Postmaster@example.org>")).path();
      assertThat(p.isPostmaster()).isFalse();
      assertThat(p.mailbox()).contains(AddrSpec.of("Postmaster", "example.org"));
    }

    @Test
    void nullPathIsNotAForwardPath() {
      assertThat(forwardError(EnvelopeSyntax.ASCII, "<>")).isEqualTo(PathError.SYNTAX);
    }

    @Test
    void securityItem30SourceRouteGivesTheRealDomain() {
      AddrSpec a = forward("<@r1,@r2:a@ok.com>");
      assertThat(a.domain().value()).isEqualTo("ok.com");
      assertThat(a.localPart().value()).isEqualTo("a");
    }

    @Test
    void securityItem30QuotedAtSignStaysInTheLocalPart() {
      AddrSpec a = forward("<\"a@evil\"@ok.com>");
      assertThat(a.domain().value()).isEqualTo("ok.com");
      assertThat(a.localPart().value()).isEqualTo("a@evil");
      assertThat(a.toString()).isEqualTo("\"a@evil\"@ok.com");
    }

    @Test
    void securityItem30EncodedWordIsNeverDecoded() {
      AddrSpec a = forward("<=?x?q?a=40evil.com=3e=00?=foo@ok.com>");
      assertThat(a.domain().value()).isEqualTo("ok.com");
      assertThat(a.localPart().value()).isEqualTo("=?x?q?a=40evil.com=3e=00?=foo");
      AddrSpec b = forward("<=?utf-7?q?a&AEA-evil&ACA-?=@ok.com>");
      assertThat(b.domain().value()).isEqualTo("ok.com");
      assertThat(b.localPart().value()).isEqualTo("=?utf-7?q?a&AEA-evil&ACA-?=");
    }
  }

  @Nested
  class LocalParts {
    @ParameterizedTest
    @ValueSource(strings = {"<a@b.c>", "<first.last@x.org>", "<!#$%&'*+-/=?^_`{|}~@x.org>", "<a.b.c.d@x>",
        "<\"a b\"@x>", "<\"\"@x>", "<\"a..b\"@x>", "<\"with\\\"quote\"@x>", "<\"back\\\\slash\"@x>", "<\".a\"@x>"})
    void accepted(String text) {
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath(text)).isInstanceOf(PathResult.Parsed.class);
    }

    @Test
    void quotedContentIsUnescaped() {
      assertThat(forward("<\"a b\"@x>").localPart().value()).isEqualTo("a b");
      assertThat(forward("<\"with\\\"quote\"@x>").localPart().value()).isEqualTo("with\"quote");
      assertThat(forward("<\"\\a\"@x>").localPart().value()).isEqualTo("a");
      assertThat(forward("<\"\\a\"@x>")).isEqualTo(forward("<a@x>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<a..b@x>", "<.a@x>", "<a.@x>", "<@x>", "<a b@x>", "<a\"b@x>", "<\"a@x>",
        "<\"a\tb\"@x>", "<\"a\\\u00e9\"@x>", "<a(b)@x>", "<a,b@x>", "<a[b]@x>", "<a\\b@x>", "<a>", "<a@>",
        "<a\u0000@x>", "<\"a\rb\"@x>", "<\"a\nb\"@x>", "<a@b@c>"})
    void refused(String text) {
      assertThat(EnvelopeSyntax.SMTPUTF8.parseForwardPath(text)).isInstanceOf(PathResult.Invalid.class);
    }
  }

  @Nested
  class Domains {
    @ParameterizedTest
    @ValueSource(strings = {"<a@x>", "<a@x.y>", "<a@a-b.c>", "<a@1.2.3.4.example>", "<a@xn--bcher-kva.example>",
        "<a@[192.0.2.1]>", "<a@[0.0.0.0]>", "<a@[255.255.255.255]>", "<a@[IPv6:2001:db8::1]>",
        "<a@[IPv6:2001:db8:0:0:0:0:0:1]>", "<a@[IPv6:::1]>", "<a@[IPv6:1::]>", "<a@[ipv6:ABCD:ef01::]>",
        "<a@[IPv6:::ffff:192.0.2.1]>", "<a@[IPv6:1:2:3:4:5:6:192.0.2.1]>", "<a@[IPv6:1:2:3:4::192.0.2.1]>",
        "<a@[IPv6:1:2:3::4:5:6]>", "<a@[x-tag:some-content]>"})
    void accepted(String text) {
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath(text)).isInstanceOf(PathResult.Parsed.class);
    }

    @Test
    void addressLiteralIsKept() {
      Domain d = forward("<a@[IPv6:2001:db8::1]>").domain();
      assertThat(d.isAddressLiteral()).isTrue();
      assertThat(d.literalContent()).isEqualTo("IPv6:2001:db8::1");
      assertThat(forward("<a@x.org>").domain().isAddressLiteral()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<a@x.>", "<a@.x>", "<a@x..y>", "<a@-x.y>", "<a@x-.y>", "<a@x_y.z>", "<a@[]>",
        "<a@[192.0.2.1>", "<a@[192.0.2]>", "<a@[192.0.2.256]>", "<a@[1.2.3.4.5]>", "<a@[1.2.3.1234]>",
        "<a@[IPv6:1::2::3]>", "<a@[IPv6:12345::]>", "<a@[IPv6:1:2:3:4:5:6:7]>", "<a@[IPv6:1:2:3:4:5:6:7:8:9]>",
        "<a@[IPv6:1:2:3:4:5:6:7::]>", "<a@[IPv6:g::1]>", "<a@[IPv6:]>", "<a@[IPv6:1:2:3:4:5::192.0.2.1]>",
        "<a@[IPv6:1:2:3:4:5:192.0.2.1]>", "<a@[IPv6:::1.2.3]>", "<a@[tag-:x]>", "<a@[tag:]>", "<a@[a b]>",
        "<a@[IPv6:\uff11::1]>", "<a@x y>", "<a@x>y"})
    void refused(String text) {
      assertThat(EnvelopeSyntax.SMTPUTF8.parseForwardPath(text)).isInstanceOf(PathResult.Invalid.class);
    }
  }

  @Nested
  class Framing {
    @ParameterizedTest
    @ValueSource(strings = {"", "a@b", "<a@b", " <a@b>", "<a@b>x", "<a@b>>", "<<a@b>>", "<a@b>\t", "<@r1:>",
        "<@r1,a@b>", "<@r1,@:a@b>", "<@:a@b>", "<@r1 a@b>"})
    void refused(String text) {
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath(text)).isInstanceOf(PathResult.Invalid.class);
      assertThat(EnvelopeSyntax.ASCII.parseReversePath(text)).isInstanceOf(PathResult.Invalid.class);
    }

    @Test
    void errorIndexPointsAtTheProblem() {
      PathResult.Invalid<ForwardPath> bad = invalid(EnvelopeSyntax.ASCII.parseForwardPath("<a..b@x>"));
      assertThat(bad.index()).isEqualTo(3);
      assertThat(bad.detail()).isNotBlank();
      assertThat(bad.error().replyCode()).isEqualTo(501);
      assertThat(bad.error().enhancedStatus(false)).isEqualTo("5.1.3");
      assertThat(bad.error().enhancedStatus(true)).isEqualTo("5.1.7");
    }

    @Test
    void startOutsideTheTextIsHostMisuse() {
      assertThatThrownBy(() -> EnvelopeSyntax.ASCII.parseForwardPath("<a@b>", 6))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath("<a@b>", 5)).isInstanceOf(PathResult.Invalid.class);
    }
  }

  @Nested
  class Limits {
    @Test
    void localPartOf64OctetsIsAcceptedAnd65Refused() {
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath("<" + "a".repeat(64) + "@x>"))
          .isInstanceOf(PathResult.Parsed.class);
      assertThat(forwardError(EnvelopeSyntax.ASCII, "<" + "a".repeat(65) + "@x>"))
          .isEqualTo(PathError.LOCAL_PART_TOO_LONG);
    }

    @Test
    void quotedLocalPartIsMeasuredAsWritten() {
      String local = "\"" + "a".repeat(62) + "\"";
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath("<" + local + "@x>")).isInstanceOf(PathResult.Parsed.class);
      assertThat(forwardError(EnvelopeSyntax.ASCII, "<\"" + "a".repeat(61) + "\\a\"@x>"))
          .isEqualTo(PathError.LOCAL_PART_TOO_LONG);
    }

    @Test
    void localPartIsMeasuredInUtf8Octets() {
      String local = "\u00e9".repeat(32);
      assertThat(EnvelopeSyntax.SMTPUTF8.parseForwardPath("<" + local + "@x>")).isInstanceOf(PathResult.Parsed.class);
      assertThat(forwardError(EnvelopeSyntax.SMTPUTF8, "<" + local + "a@x>")).isEqualTo(PathError.LOCAL_PART_TOO_LONG);
    }

    @Test
    void domainOf255OctetsPassesTheDomainLimitAnd256Fails() {
      String d255 = ("x".repeat(62) + ".").repeat(4) + "abc"; // 252 + 3
      assertThat(d255).hasSize(255);
      // a 255-octet domain cannot fit a 256-octet path: the path limit is what it breaks
      assertThat(forwardError(EnvelopeSyntax.ASCII, "<a@" + d255 + ">")).isEqualTo(PathError.PATH_TOO_LONG);
      assertThat(forwardError(EnvelopeSyntax.ASCII, "<a@" + d255 + "d>")).isEqualTo(PathError.DOMAIN_TOO_LONG);
    }

    @Test
    void pathOf256OctetsIsAcceptedAnd257Refused() {
      String domain = ("x".repeat(62) + ".").repeat(3) + "x".repeat(62); // 251
      String ok = "<" + "a".repeat(2) + "@" + domain + ">"; // 1 + 2 + 1 + 251 + 1 = 256
      assertThat(ok).hasSize(256);
      assertThat(EnvelopeSyntax.ASCII.parseForwardPath(ok)).isInstanceOf(PathResult.Parsed.class);
      String tooLong = "<" + "a".repeat(3) + "@" + domain + ">";
      assertThat(forwardError(EnvelopeSyntax.ASCII, tooLong)).isEqualTo(PathError.PATH_TOO_LONG);
    }

    @Test
    void sourceRouteCountsTowardsThePath() {
      String route = "@" + "r".repeat(240) + ":";
      assertThat(forwardError(EnvelopeSyntax.ASCII, "<" + route + "abc@example.org>")).isEqualTo(PathError.PATH_TOO_LONG);
    }
  }

  @Nested
  class Smtputf8 {
    @ParameterizedTest
    @ValueSource(strings = {"<\u00e9l\u00e8ve@exemple.fr>", "<user@b\u00fccher.example>", "<\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a>",
        "<\"\u00e9 t\u00e9\"@x>", "<a\u010A@x>", "<a\u760D@x>", "<\ud83d\ude00@x>"})
    void utf8AcceptedOnlyWithSmtputf8(String text) {
      assertThat(EnvelopeSyntax.SMTPUTF8.parseForwardPath(text)).isInstanceOf(PathResult.Parsed.class);
      PathResult.Invalid<ForwardPath> bad = invalid(EnvelopeSyntax.ASCII.parseForwardPath(text));
      assertThat(bad.error()).isEqualTo(PathError.NON_ASCII);
      assertThat(bad.error().replyCode()).isEqualTo(553);
      assertThat(bad.error().enhancedStatus(false)).isEqualTo("5.6.7");
      assertThat(invalid(EnvelopeSyntax.ASCII.parseReversePath(text)).error()).isEqualTo(PathError.NON_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<a\u0085@x>", "<a\u2028@x>", "<a\u00a0b@x>", "<a@x\u3002evil>", "<a@x\uff0eevil>",
        "<a\ud800@x>", "<a@[\u00e9]>", "<a@x\u2003y>"})
    void unsafeNonAsciiRefusedEvenWithSmtputf8(String text) {
      assertThat(EnvelopeSyntax.SMTPUTF8.parseForwardPath(text)).isInstanceOf(PathResult.Invalid.class);
    }

    @Test
    void securityItem20CharsWhoseLowByteIsLineEndingNeverBecomeLineEndings() {
      AddrSpec a = parsed(EnvelopeSyntax.SMTPUTF8.parseForwardPath("<a\u010Ab\u760D@x>")).path().mailbox()
          .orElseThrow();
      assertThat(a.requiresUtf8()).isTrue();
      byte[] wire = ForwardPath.of(a).toWireForm().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (byte b : wire) {
        assertThat(b).isNotIn((byte) '\r', (byte) '\n', (byte) 0);
      }
      assertThat(EnvelopeSyntax.ASCII.check(ForwardPath.of(a))).get()
          .extracting(PathResult.Invalid::error).isEqualTo(PathError.NON_ASCII);
      assertThat(EnvelopeSyntax.SMTPUTF8.check(ForwardPath.of(a))).isEmpty();
    }
  }

  @Nested
  class OutgoingChecks {
    @Test
    void checkAppliesLimitsToHostValues() {
      ReversePath longLocal = ReversePath.of(AddrSpec.of("a".repeat(65), "x.org"));
      assertThat(EnvelopeSyntax.ASCII.check(longLocal)).get()
          .extracting(PathResult.Invalid::error).isEqualTo(PathError.LOCAL_PART_TOO_LONG);
      assertThat(EnvelopeSyntax.ASCII.check(ReversePath.NULL)).isEmpty();
      assertThat(EnvelopeSyntax.ASCII.check(ForwardPath.POSTMASTER)).isEmpty();
    }

    @Test
    void checkAppliesSmtpDomainSyntaxToRfc5322Domains() {
      ForwardPath p = ForwardPath.of(AddrSpec.of("a", "under_score.example"));
      assertThat(EnvelopeSyntax.ASCII.check(p)).get()
          .extracting(PathResult.Invalid::error).isEqualTo(PathError.SYNTAX);
    }

    @Test
    void addrSpecParseIsStrictForHostInput() {
      assertThat(AddrSpec.parse("\"a b\"@[192.0.2.1]")).isEqualTo(AddrSpec.of("a b", "[192.0.2.1]"));
      assertThatThrownBy(() -> AddrSpec.parse("a@b> SIZE=1")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AddrSpec.parse("postmaster")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AddrSpec.parse("a@b\r\nRCPT TO:<c@d>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wireForms() {
      assertThat(ReversePath.of(AddrSpec.of("a b", "x")).toWireForm()).isEqualTo("<\"a b\"@x>");
      assertThat(ForwardPath.POSTMASTER.toWireForm()).isEqualTo("<Postmaster>");
      assertThat(ForwardPath.of(AddrSpec.of("q\"\\", "x")).toString()).isEqualTo("<\"q\\\"\\\\\"@x>");
      assertThat(Optional.of(ReversePath.NULL.toString())).contains("<>");
    }
  }
}
