package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Mailbox#parse(CharSequence)}: one mailbox from one string, strictly, with an error that names what is
 * wrong (issue 17); the mailboxes of RFC 5322 Appendix A and the attacks of docs/security.md, "Header injection
 * through the builder", "Encoded words and quotes in addresses" and "Addresses that parse two ways".
 */
class MailboxParseTest {

  /** The mailboxes of RFC 5322 Appendix A.1.1, A.1.2, A.2 and A.5 (comments and white space). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "John Doe <jdoe@machine.example>|John Doe|jdoe|machine.example",
      "Mary Smith <mary@example.net>|Mary Smith|mary|example.net",
      "\"Joe Q. Public\" <john.q.public@example.com>|Joe Q. Public|john.q.public|example.com",
      "Mary Smith <mary@x.test>|Mary Smith|mary|x.test",
      "jdoe@example.org|-|jdoe|example.org",
      "Who? <one@y.test>|Who?|one|y.test",
      "<boss@nil.test>|-|boss|nil.test",
      "\"Giant; \\\"Big\\\" Box\" <sysservices@example.net>|Giant; \"Big\" Box|sysservices|example.net",
      "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>|Pete|pete|silly.test",
      "Chris Jones <c@(Chris's host.)public.example>|Chris Jones|c|public.example",
      "=?utf-8?q?J=C3=BCrgen?= <j@example.org>|J\u00fcrgen|j|example.org",
      "  Ann   <ann@example.net>  |Ann|ann|example.net"})
  void rfc5322AppendixAMailboxesParse(String text, String name, String local, String domain) {
    Mailbox m = Mailbox.parse(text);
    assertThat(m.displayName()).isEqualTo(Optional.ofNullable(name));
    assertThat(m.addrSpec()).isEqualTo(AddrSpec.of(local, domain));
  }

  /** The obsolete forms of RFC 5322 Appendix A.6 and §4.4 are read by the lenient parser only, with a defect. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Joe Q. Public <john.q.public@example.com>|'.' in a display name",
      "<@machine.tld:mary@example.net>|source route",
      "John Doe <jdoe@machine(comment).  example>|obsolete domain",
      "jdoe @ machine . example|obsolete"})
  void obsoleteFormsAreRefusedNamingTheReason(String text, String reason) {
    assertThatThrownBy(() -> Mailbox.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a mailbox (RFC 5322 §3.4): ").hasMessageContaining(reason);
  }

  @Test
  void groupsListsAndNothingAreRefused() {
    assertThatThrownBy(() -> Mailbox.parse("A Group:Ed Jones <c@a.test>,joe@where.test;"))
        .hasMessageContaining("a group");
    assertThatThrownBy(() -> Mailbox.parse("a@x.test, b@y.test")).hasMessageContaining("2 addresses found");
    assertThatThrownBy(() -> Mailbox.parse("  ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Mailbox.parse("Ann <ann@example.net")).hasMessageContaining("expected '>'");
    assertThatThrownBy(() -> Mailbox.parse("Ann")).hasMessageContaining("'@'");
  }

  @Test
  void anAddressThatNoEnvelopeCanCarryIsRefused() {
    assertThatThrownBy(() -> Mailbox.parse("x".repeat(65) + "@example.org"))
        .hasMessageStartingWith("not a mailbox an envelope can carry (RFC 5321 §4.1.2)");
  }

  /**
   * docs/security.md, "Header injection through the builder": a line break, NUL or U+2028 anywhere is refused, at
   * its index, never passed on.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Ann <ann@example.net>\r\nBcc: eve@evil.test", "Ann\n <ann@example.net>",
      "ann@example.net\u0000", "Ann\u2028 <ann@example.net>", "=?utf-8?q?A?= <a@b.test>\r"})
  void lineBreaksAndNulAreRefused(String text) {
    assertThatThrownBy(() -> Mailbox.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at index").hasMessageNotContaining("evil");
  }

  /**
   * docs/security.md, "Header injection through the builder": an encoded display name that decodes to a line
   * break is not a mailbox.
   */
  @Test
  void anEncodedLineBreakInTheDisplayNameIsRefused() {
    assertThatThrownBy(() -> Mailbox.parse("=?utf-8?q?Ann=0D=0ABcc=3A_eve=40evil?= <ann@example.net>"))
        .hasMessageContaining("control character");
  }

  /**
   * docs/security.md, "Encoded words and quotes in addresses": the domain is ok.com; encoded words in an addr-spec
   * are never decoded.
   */
  @ParameterizedTest
  @ValueSource(strings = {"=?x?q?a=40evil.com=3e=00?=foo@ok.com", "=?utf-7?q?a&AEA-evil&ACA-?=@ok.com",
      "\"a@evil\"@ok.com"})
  void item30TheDomainIsOkCom(String text) {
    Mailbox m = Mailbox.parse(text);
    assertThat(m.addrSpec().domain().value()).isEqualTo("ok.com");
    assertThat(m.displayName()).isEmpty();
  }

  /**
   * docs/security.md, "Encoded words and quotes in addresses": a source route is obsolete syntax; the strict parse
   * refuses it rather than drop it.
   */
  @Test
  void item30ASourceRouteIsRefused() {
    assertThatThrownBy(() -> Mailbox.parse("@r1,@r2:a@ok.com")).hasMessageContaining("source route");
  }

  /** docs/security.md, "Addresses that parse two ways": never a confident wrong mailbox. */
  @ParameterizedTest
  @ValueSource(strings = {"alice@example.org)<bob@example.com>", "alice@example.org(<bob@example.com>",
      "alice@example.org<<bob@example.com>", "alice@example.org[<bob@example.com>",
      "alice@example.org]<bob@example.com>", "alice@example.org <bob@example.com>"})
  void item31AmbiguousAddressesAreRefused(String text) {
    assertThatThrownBy(() -> Mailbox.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a mailbox (RFC 5322 §3.4): ");
  }
}
