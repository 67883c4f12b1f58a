package dev.missive.message.address;

import java.util.Objects;

/**
 * A mailbox address {@code local-part "@" domain} (RFC 5321 §4.1.2 {@code Mailbox}, RFC 5322 §3.4.1
 * {@code addr-spec}).
 *
 * <p>Its {@link #toString()} is the wire form, {@code local@domain}, with the local part quoted only when
 * needed. Parse envelope paths with {@link EnvelopeSyntax} and header addresses with {@link AddressParser};
 * {@link #parse(CharSequence)} is a strict convenience for values the host supplies.
 *
 * @param localPart the local part
 * @param domain    the domain
 */
public record AddrSpec(LocalPart localPart, Domain domain) {

  /**
   * Validates that both parts are present.
   *
   * @param localPart the local part
   * @param domain    the domain
   */
  public AddrSpec {
    Objects.requireNonNull(localPart, "localPart");
    Objects.requireNonNull(domain, "domain");
  }

  /**
   * Shorthand for {@code new AddrSpec(new LocalPart(localPart), new Domain(domain))}.
   *
   * @param localPart the local part
   * @param domain    the domain
   * @return the address
   */
  public static AddrSpec of(String localPart, String domain) {
    return new AddrSpec(new LocalPart(localPart), new Domain(domain));
  }

  /**
   * Parses a host-supplied mailbox in the strict RFC 5321 §4.1.2 syntax (UTF-8 allowed as with SMTPUTF8, limits
   * of §4.5.3.1 applied), without angle brackets: {@code user@example.org}, {@code "a b"@[192.0.2.1]}.
   *
   * @param mailbox the mailbox text
   * @return the address
   * @throws IllegalArgumentException if it is not a valid mailbox (host misuse; peer input goes through
   *     {@link EnvelopeSyntax}, which never throws)
   */
  public static AddrSpec parse(CharSequence mailbox) {
    PathResult<ForwardPath> r = EnvelopeSyntax.SMTPUTF8.parseForwardPath("<" + mailbox + ">");
    if (r instanceof PathResult.Parsed) {
      PathResult.Parsed<ForwardPath> p = (PathResult.Parsed<ForwardPath>) r;
      if (p.end() == mailbox.length() + 2 && p.path().mailbox().isPresent()) {
        return p.path().mailbox().get();
      }
      throw new IllegalArgumentException("not a mailbox with a domain (RFC 5321 §4.1.2)");
    }
    throw new IllegalArgumentException("invalid mailbox: " + ((PathResult.Invalid<ForwardPath>) r).detail());
  }

  /** {@return whether the address needs SMTPUTF8 (RFC 6531 §3.3) or RFC 6532 header fields to be sent} */
  public boolean requiresUtf8() {
    return localPart.requiresUtf8() || domain.requiresUtf8();
  }

  /** The wire form {@code local@domain} (RFC 5321 §4.1.2). */
  @Override
  public String toString() {
    return localPart.toWireForm() + "@" + domain.value();
  }
}
