package dev.missive.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderTest {

  private final List<Defect> defects = new ArrayList<>();

  private HeaderField f(String raw) {
    return HeaderField.parse(raw.getBytes(StandardCharsets.US_ASCII), defects);
  }

  @Test
  void keepsOrderAndRepeatsAndLooksUpCaseInsensitively() {
    Header h = new Header()
        .add(f("Received: from a"))
        .add(f("Subject: hi"))
        .add(f("received: from b"));
    assertThat(h.size()).isEqualTo(3);
    assertThat(h.get("RECEIVED").orElseThrow().unfoldedValue()).isEqualTo("from a");
    assertThat(h.all("Received")).extracting(HeaderField::unfoldedValue).containsExactly("from a", "from b");
    assertThat(h.get("X-None")).isEmpty();
    assertThat(h).extracting(HeaderField::name).containsExactly("Received", "Subject", "received");
  }

  @Test
  void setReplacesTheFirstInPlaceAndDropsTheOthers() {
    Header h = new Header(List.of(f("A: 1"), f("B: 2"), f("a: 3"), f("C: 4")));
    h.set(HeaderField.of("A", "new"));
    assertThat(h.fields()).extracting(HeaderField::toString).containsExactly("A: new", "B: 2", "C: 4");
    h.set(HeaderField.of("D", "5"));
    assertThat(h.fields().get(3).name()).isEqualTo("D");
    assertThat(h.remove("b")).isEqualTo(1);
    h.addFirst(HeaderField.of("Received", "x"));
    assertThat(h.fields()).extracting(HeaderField::name).containsExactly("Received", "A", "C", "D");
  }

  /**
   * docs/security.md, "Duplicate fields": duplicate From fields, one written {@code From :}, are all exposed with
   * defects.
   */
  @Test
  void duplicateSingletonFieldsAreAllKeptWithDefects() {
    Header h = new Header().add(f("From: alice@example.com")).add(f("From : mallory@evil.example"))
        .add(f("Received: x")).add(f("Received: y"));
    assertThat(defects).extracting(Defect::kind).containsExactly(DefectKind.WHITESPACE_BEFORE_COLON);
    h.reportDuplicates(defects);
    assertThat(defects).extracting(Defect::kind)
        .containsExactly(DefectKind.WHITESPACE_BEFORE_COLON, DefectKind.DUPLICATE_FIELD);
    assertThat(h.all("from")).extracting(HeaderField::unfoldedValue)
        .containsExactly("alice@example.com", "mallory@evil.example");
  }

  /**
   * Each field RFC 5322 §3.6's table allows at most once (and MIME-Version, Content-Type, Content-Transfer-Encoding)
   * is reported when repeated, in whatever case it is spelled; a name of the same length that differs, or a longer
   * or shorter one, is not.
   */
  @Test
  void everySingletonIsReportedWhenRepeatedInAnyCase() {
    String[] singletons = {"Date", "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Message-ID", "In-Reply-To",
        "References", "Subject", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"};
    for (String name : singletons) {
      Header h = new Header();
      h.add(field(name + ": a"));
      h.add(field(name.toLowerCase(java.util.Locale.ROOT) + ": b"));
      List<Defect> defects = new ArrayList<>();
      h.reportDuplicates(defects);
      assertThat(defects).as(name).extracting(Defect::kind).containsExactly(DefectKind.DUPLICATE_FIELD);
    }
    Header others = new Header();
    for (String name : new String[] {"Content-ID", "Content-ID", "Dates", "Dates", "Resent-To", "Resent-To", "Tx",
        "Tx", "Received", "Received", "X-Subject", "X-Subject", "Bc", "Bc"}) {
      others.add(field(name + ": x"));
    }
    List<Defect> none = new ArrayList<>();
    others.reportDuplicates(none);
    assertThat(none).isEmpty();
  }

  private static HeaderField field(String text) {
    return HeaderField.parse(text.getBytes(StandardCharsets.US_ASCII), new ArrayList<>());
  }
}
