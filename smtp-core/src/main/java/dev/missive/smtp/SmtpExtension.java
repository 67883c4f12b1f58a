package dev.missive.smtp;

/**
 * The ESMTP service extensions Missive implements, by their EHLO keyword (RFC 5321 §4.1.1.1 and §2.2.2).
 */
public enum SmtpExtension {
  /** Command pipelining (RFC 2920). */
  PIPELINING("PIPELINING"),
  /** Message size declaration (RFC 1870); advertised with the maximum size. */
  SIZE("SIZE"),
  /** 8-bit MIME transport (RFC 6152). */
  EIGHT_BIT_MIME("8BITMIME"),
  /** Enhanced status codes (RFC 2034). */
  ENHANCED_STATUS_CODES("ENHANCEDSTATUSCODES"),
  /** The BDAT command (RFC 3030). */
  CHUNKING("CHUNKING"),
  /** Binary MIME over BDAT (RFC 3030 §3). */
  BINARY_MIME("BINARYMIME"),
  /** Internationalised email (RFC 6531). */
  SMTPUTF8("SMTPUTF8"),
  /** Delivery status notifications (RFC 3461). */
  DSN("DSN"),
  /** TLS upgrade (RFC 3207). */
  STARTTLS("STARTTLS"),
  /** Authentication (RFC 4954); advertised with the mechanism names. */
  AUTH("AUTH"),
  /** TLS required for onward relay (RFC 8689). */
  REQUIRETLS("REQUIRETLS"),
  /** The HELP command (RFC 5321 §4.1.1.8). */
  HELP("HELP"),
  /** The VRFY command, advertised by servers that answer it (RFC 5321 §3.5, Appendix D.4). */
  VRFY("VRFY"),
  /** The EXPN command, advertised by servers that answer it (RFC 5321 §3.5). */
  EXPN("EXPN"),
  /** Postfix's XCLIENT: a trusted proxy names the client it relays; offered only to the host's configured clients. */
  XCLIENT("XCLIENT"),
  /** Postfix's XFORWARD: a trusted filter names the next transaction's client; offered only to configured clients. */
  XFORWARD("XFORWARD"),
  /** Remote message queue starting (RFC 1985): the client asks the server to start its queue run for a node. */
  ETRN("ETRN"),
  /**
   * Authenticated TURN, On-Demand Mail Relay (RFC 2645): an authenticated customer collects its held mail on the
   * same connection, the roles reversed; offered on the ODMR port's configuration only.
   */
  ATRN("ATRN"),
  /** Deliver By (RFC 2852): the {@code BY=} MAIL parameter. */
  DELIVERBY("DELIVERBY"),
  /** Message Transfer Priority (RFC 6710): the {@code MT-PRIORITY=} MAIL parameter. */
  MT_PRIORITY("MT-PRIORITY"),
  /** Future release (RFC 4865): the {@code HOLDFOR=} and {@code HOLDUNTIL=} MAIL parameters. */
  FUTURERELEASE("FUTURERELEASE"),
  /** Require-Recipient-Valid-Since (RFC 7293): the {@code RRVS=} RCPT parameter. */
  RRVS("RRVS"),
  /** The server's transaction limits (RFC 9422): advertised with {@code RCPTMAX=} (and the client reads them). */
  LIMITS("LIMITS");

  private final String keyword;

  SmtpExtension(String keyword) {
    this.keyword = keyword;
  }

  /** {@return the EHLO keyword as written on the wire, such as {@code 8BITMIME}} */
  public String keyword() {
    return keyword;
  }

  /**
   * The extension with this EHLO keyword (case-insensitive), or {@code null} if Missive does not know it.
   *
   * @param keyword the EHLO keyword, in any case
   * @return the extension, or {@code null}
   */
  public static SmtpExtension fromKeyword(String keyword) {
    for (SmtpExtension e : values()) {
      if (e.keyword.equalsIgnoreCase(keyword)) {
        return e;
      }
    }
    return null;
  }
}
