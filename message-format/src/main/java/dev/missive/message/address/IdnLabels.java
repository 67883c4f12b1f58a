package dev.missive.message.address;

import java.net.IDN;
import java.util.Optional;

/**
 * Explicit conversion of a domain between U-labels and A-labels ({@code xn--} Punycode; RFC 5890 §2.3.2.1),
 * for sending an internationalised domain to a peer without SMTPUTF8 (RFC 6531 §3.2 leaves the choice to the
 * sender).
 *
 * <p><strong>This uses {@link java.net.IDN}, which implements IDNA2003 (RFC 3490/3491: Nameprep mapping and
 * case folding), not the IDNA2008 (RFC 5890–5893) or UTS #46 processing that internationalised mail uses.</strong>
 * The two differ: IDNA2003 maps {@code ß} to {@code ss} and {@code ς} to {@code σ}, drops ZWJ/ZWNJ, and refuses
 * code points added to Unicode after 3.2, so a conversion may give a different domain than an IDNA2008 resolver
 * would. Missive therefore never converts silently: SMTPUTF8 addresses pass through as UTF-8, and a host that
 * wants A-labels calls this class and accepts the difference. Address literals are returned unchanged.
 */
public final class IdnLabels {

  private IdnLabels() {}

  /**
   * The domain with every label converted to an A-label where needed (IDNA2003 ToASCII with the STD3 ASCII
   * rules, unassigned code points refused).
   *
   * @param domain the domain
   * @return the ASCII domain, or empty if IDNA2003 refuses the name
   */
  public static Optional<Domain> toALabels(Domain domain) {
    if (domain.isAddressLiteral() || !domain.requiresUtf8()) {
      return Optional.of(domain);
    }
    try {
      return Optional.of(new Domain(IDN.toASCII(domain.value(), IDN.USE_STD3_ASCII_RULES)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The domain with every A-label ({@code xn--…}) converted to a U-label (IDNA2003 ToUnicode); labels that are
   * not valid A-labels are left as they are.
   *
   * @param domain the domain
   * @return the domain with U-labels
   */
  public static Domain toULabels(Domain domain) {
    if (domain.isAddressLiteral()) {
      return domain;
    }
    String u = IDN.toUnicode(domain.value(), IDN.USE_STD3_ASCII_RULES);
    try {
      return new Domain(u);
    } catch (IllegalArgumentException e) {
      return domain;
    }
  }

  /**
   * Whether the label is an A-label candidate: the ACE prefix {@code xn--}, case-insensitive (RFC 5890 §2.3.1).
   *
   * @param label one label of a domain
   * @return whether it starts with {@code xn--}
   */
  public static boolean hasAcePrefix(String label) {
    return label.regionMatches(true, 0, "xn--", 0, 4);
  }

  /**
   * The address with its domain converted by {@link #toALabels(Domain)}; the local part is not touched.
   *
   * @param address the address
   * @return the ASCII address, or empty if IDNA2003 refuses the domain
   */
  public static Optional<AddrSpec> toALabels(AddrSpec address) {
    return toALabels(address.domain()).map(d -> new AddrSpec(address.localPart(), d));
  }
}
