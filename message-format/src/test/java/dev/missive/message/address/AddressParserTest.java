package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 5322 §3.4 address lists with the examples of Appendix A, obsolete syntax, and docs/security.md, "Encoded words
 * and quotes in addresses" and "Addresses that parse two ways".
 */
class AddressParserTest {

  final List<Defect> defects = new ArrayList<>();

  List<Address> list(String value) {
    return AddressParser.parseAddressList(value, defects);
  }

  static Mailbox mb(String name, String local, String domain) {
    return Mailbox.of(name, AddrSpec.of(local, domain));
  }

  @Nested
  class AppendixA {
    @Test
    void a11AddressingBetweenIndividuals() {
      assertThat(list("John Doe <jdoe@machine.example>")).containsExactly(mb("John Doe", "jdoe", "machine.example"));
      assertThat(list("Mary Smith <mary@example.net>")).containsExactly(mb("Mary Smith", "mary", "example.net"));
      assertThat(AddressParser.parseMailbox("Michael Jones <mjones@machine.example>", defects))
          .contains(mb("Michael Jones", "mjones", "machine.example"));
      assertThat(defects).isEmpty();
    }

    @Test
    void a12DifferentTypesOfMailboxes() {
      assertThat(list("\"Joe Q. Public\" <john.q.public@example.com>"))
          .containsExactly(mb("Joe Q. Public", "john.q.public", "example.com"));
      assertThat(list("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>")).containsExactly(
          mb("Mary Smith", "mary", "x.test"), mb(null, "jdoe", "example.org"), mb("Who?", "one", "y.test"));
      assertThat(list("<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>")).containsExactly(
          mb(null, "boss", "nil.test"), mb("Giant; \"Big\" Box", "sysservices", "example.net"));
      assertThat(defects).isEmpty();
    }

    @Test
    void a13GroupAddresses() {
      assertThat(list("Pete <pete@silly.example>")).containsExactly(mb("Pete", "pete", "silly.example"));
      assertThat(list("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;")).containsExactly(
          new Group("A Group", List.of(mb("Ed Jones", "c", "a.test"), mb(null, "joe", "where.test"),
              mb("John", "jdoe", "one.test"))));
      assertThat(list("Undisclosed recipients:;")).containsExactly(new Group("Undisclosed recipients", List.of()));
      assertThat(list("undisclosed-recipients:;")).containsExactly(new Group("undisclosed-recipients", List.of()));
      assertThat(defects).isEmpty();
    }

    @Test
    void a5WhiteSpaceCommentsAndOtherOddities() {
      assertThat(list("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>"))
          .containsExactly(mb("Pete", "pete", "silly.test"));
      assertThat(list("A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n"
          + "         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)"))
          .containsExactly(new Group("A Group", List.of(mb("Chris Jones", "c", "public.example"),
              mb(null, "joe", "example.org"), mb("John", "jdoe", "one.test"))));
      assertThat(list("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;"))
          .containsExactly(new Group("Hidden recipients", List.of()));
      assertThat(defects).isEmpty();
    }

    @Test
    void a61ObsoleteAddresses() {
      assertThat(list("Joe Q. Public <john.q.public@example.com>"))
          .containsExactly(mb("Joe Q. Public", "john.q.public", "example.com"));
      assertThat(list("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example")).containsExactly(
          mb("Mary Smith", "mary", "example.net"), mb(null, "jdoe", "test.example"));
      assertThat(defects).extracting(Defect::kind).containsOnly(DefectKind.MALFORMED_ADDRESS).hasSizeGreaterThan(2);
    }

    @Test
    void a63ObsoleteWhiteSpaceAndComments() {
      assertThat(list("John Doe <jdoe@machine(comment).  example>"))
          .containsExactly(mb("John Doe", "jdoe", "machine.example"));
      assertThat(list("Mary Smith\r\n  \r\n <mary@example.net>")).containsExactly(mb("Mary Smith", "mary",
          "example.net"));
    }
  }

  @Nested
  class DisplayNames {

    @Test
    void aTrailingCommentIsNotPromotedToADisplayName() {
      // RFC 822-era "addr (Name)": the comment is not part of the grammar's display-name (RFC 5322 §3.2.2)
      assertThat(list("pete@silly.test (Pete)")).containsExactly(mb(null, "pete", "silly.test"));
      assertThat(defects).isEmpty();
    }
    @Test
    void rfc2047Section8EncodedWordsAreDecodedInPhrases() {
      assertThat(list("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>"))
          .containsExactly(mb("Keith Moore", "moore", "cs.utk.edu"));
      assertThat(list("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>"))
          .containsExactly(mb("Keld J\u00f8rn Simonsen", "keld", "dkuug.dk"));
      assertThat(list("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>"))
          .containsExactly(mb("Andr\u00e9 Pirard", "PIRARD", "vm1.ulg.ac.be"));
      assertThat(list("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?= <x@y>")).containsExactly(mb("ab", "x", "y"));
      assertThat(defects).isEmpty();
    }

    @Test
    void encodedWordsInQuotedStringsAreNotDecoded() {
      assertThat(list("\"=?US-ASCII?Q?Keith_Moore?=\" <moore@cs.utk.edu>"))
          .containsExactly(mb("=?US-ASCII?Q?Keith_Moore?=", "moore", "cs.utk.edu"));
    }

    @Test
    void encodedControlCharactersAreKeptEncoded() {
      Mailbox m = (Mailbox) list("=?utf-8?q?Eve=0D=0ABcc=3A_x=40y?= <eve@x.test>").get(0);
      assertThat(m.displayName()).contains("=?utf-8?q?Eve=0D=0ABcc=3A_x=40y?=");
      assertThat(defects).extracting(Defect::kind).contains(DefectKind.MALFORMED_ENCODED_WORD);
    }

    @Test
    void utf8DisplayNamesAndAddresses() {
      assertThat(list("J\u00f6rg <j\u00f6rg@b\u00fccher.example>"))
          .containsExactly(mb("J\u00f6rg", "j\u00f6rg", "b\u00fccher.example"));
      assertThat(defects).isEmpty();
    }
  }

  @Nested
  class Security {
    @Test
    void item30EncodedWordsInsideAnAddrSpecAreNeverDecoded() {
      Mailbox a = (Mailbox) list("=?x?q?a=40evil.com=3e=00?=foo@ok.com").get(0);
      assertThat(a.addrSpec().domain().value()).isEqualTo("ok.com");
      assertThat(a.addrSpec().localPart().value()).isEqualTo("=?x?q?a=40evil.com=3e=00?=foo");
      Mailbox b = (Mailbox) list("=?utf-7?q?a&AEA-evil&ACA-?=@ok.com").get(0);
      assertThat(b.addrSpec().domain().value()).isEqualTo("ok.com");
      assertThat(b.displayName()).isEmpty();
    }

    @Test
    void item30QuotedAtAndSourceRoute() {
      assertThat(list("\"a@evil\"@ok.com")).containsExactly(mb(null, "a@evil", "ok.com"));
      assertThat(list("<@r1,@r2:a@ok.com>")).containsExactly(mb(null, "a", "ok.com"));
      assertThat(AddressParser.mailboxes(list("@r1,@r2:a@ok.com"))).extracting(m -> m.addrSpec().domain().value())
          .containsExactly("ok.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.org)<bob@example.com>", "alice@example.org(<bob@example.com>",
        "alice@example.org<<bob@example.com>", "alice@example.org[<bob@example.com>",
        "alice@example.org]<bob@example.com>", "alice@example.org <bob@example.com>",
        "alice@example.org\\<bob@example.com>"})
    void item31NeverAConfidentWrongMailbox(String value) {
      List<Address> parsed = list(value);
      assertThat(parsed).isEmpty();
      assertThat(defects).isNotEmpty();
    }

    @Test
    void item31TheValidSpellingStillParses() {
      assertThat(list("\"alice@example.org\" <bob@example.com>"))
          .containsExactly(mb("alice@example.org", "bob", "example.com"));
      assertThat(defects).isEmpty();
    }

    @Test
    void brokenAddressesAreDroppedButTheOthersKept() {
      assertThat(list("a@x.test, alice@example.org)<bob@example.com>, c@y.test"))
          .containsExactly(mb(null, "a", "x.test"), mb(null, "c", "y.test"));
      assertThat(defects).hasSize(1);
    }
  }

  @Nested
  class Leniency {
    @Test
    void missingCommaAfterAClearEndIsToleratedWithADefect() {
      assertThat(list("Ann <ann@x.test> Bob <bob@y.test>"))
          .containsExactly(mb("Ann", "ann", "x.test"), mb("Bob", "bob", "y.test"));
      assertThat(defects).extracting(Defect::detail).anyMatch(d -> d.contains("missing comma"));
    }

    @Test
    void obsoleteLocalPartWithWhiteSpace() {
      assertThat(list("john . \"q\" . public@example.com"))
          .containsExactly(mb(null, "john.q.public", "example.com"));
      assertThat(defects).isNotEmpty();
    }

    @Test
    void unterminatedGroupIsKeptWithADefect() {
      assertThat(list("G: a@x.test, b@y.test"))
          .containsExactly(new Group("G", List.of(mb(null, "a", "x.test"), mb(null, "b", "y.test"))));
      assertThat(defects).hasSize(1);
    }

    @Test
    void nestedGroupIsADefect() {
      assertThat(AddressParser.mailboxes(list("G: H: a@x.test;;"))).isEmpty();
      assertThat(defects).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "(only a comment)", ",,,", "<>", "a", "a@", "@", "a@b.", "a@.b", "<a@b",
        "\"unterminated", "(unterminated", "[1.2.3.4", "a@[1.2", "a:b:c", ";;;", "\u0000@x", "a@b\u3002c"})
    void garbageGivesNoMailboxAndNoException(String value) {
      assertThat(AddressParser.mailboxes(list(value))).isEmpty();
    }

    @Test
    void mailboxListFlattensGroupsWithADefect() {
      assertThat(AddressParser.parseMailboxList("G: a@x.test;, b@y.test", defects))
          .containsExactly(mb(null, "a", "x.test"), mb(null, "b", "y.test"));
      assertThat(defects).hasSize(1);
    }

    @Test
    void singleMailboxRefusesToChoose() {
      assertThat(AddressParser.parseMailbox("a@x.test, b@y.test", defects)).isEqualTo(Optional.empty());
      assertThat(defects).isNotEmpty();
    }

    @Test
    void domainLiteralsAndTabsInQuotedStrings() {
      assertThat(list("\"a\tb\"@[192.0.2.1]")).containsExactly(mb(null, "a b", "[192.0.2.1]"));
      assertThat(list("x@[ 192.0.2.1 ]")).containsExactly(mb(null, "x", "[192.0.2.1]"));
    }
  }
}
