package dev.missive.message.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.message.Defect;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for RFC 5322 §3.4 address lists: {@link AddressParser#parseAddressList} of any text never throws;
 * what it reads {@link AddressFormatter#format formats} (UTF-8 or not; a non-ASCII addr-spec without UTF-8 is the
 * one documented refusal) within the bound {@link AddressFormatter} documents ({@value #ADDRESS_GROWTH} characters
 * per character read, {@value #PER_ADDRESS} per address), and the formatted list reads back as the same addresses
 * without a defect.
 */
class AddressFuzzTest {

  /** Characters per character of names and addr-specs, the bound the formatter documents (issue 12 item 5). */
  static final int ADDRESS_GROWTH = 78;
  /** Characters per address (separators, brackets). */
  static final int PER_ADDRESS = 5;

  @FuzzTest
  void parsesAnyListAndFormatsWhatItRead(FuzzedDataProvider data) {
    boolean utf8 = data.consumeBoolean();
    String text = data.consumeRemainingAsString();
    List<Defect> defects = new ArrayList<>();
    List<Address> addresses = AddressParser.parseAddressList(text, defects);
    AddressParser.mailboxes(addresses);
    String formatted;
    try {
      formatted = AddressFormatter.format(addresses, utf8);
    } catch (IllegalArgumentException e) {
      assertThat(utf8).isFalse();
      assertThat(addresses.stream().anyMatch(AddressFuzzTest::hasUtf8Spec)).as(e.getMessage()).isTrue();
      return;
    }
    int count = addresses.size() + addresses.stream().mapToInt(a -> a instanceof Group g ? g.members().size() : 0).sum();
    assertThat(formatted.length()).isLessThanOrEqualTo(ADDRESS_GROWTH * text.length() + PER_ADDRESS * count);
    List<Defect> back = new ArrayList<>();
    assertThat(AddressParser.parseAddressList(formatted, back)).isEqualTo(addresses);
    assertThat(back).isEmpty();
  }

  private static boolean hasUtf8Spec(Address a) {
    if (a instanceof Group g) {
      return g.members().stream().anyMatch(AddressFuzzTest::hasUtf8Spec);
    }
    return ((Mailbox) a).addrSpec().requiresUtf8();
  }
}
