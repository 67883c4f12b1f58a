package dev.missive.smtp;

/**
 * The protocol keyword of a {@code Received:} field's {@code WITH} clause (RFC 5321 §4.4 for SMTP and ESMTP,
 * RFC 3848 §1–§3 for the others): whether the session used extensions (EHLO), TLS and authentication, or LMTP.
 */
public enum TraceProtocol {
  /** Plain SMTP after HELO (RFC 5321 §4.4). */
  SMTP,
  /** SMTP with service extensions after EHLO (RFC 5321 §4.4). */
  ESMTP,
  /** ESMTP with STARTTLS or implicit TLS (RFC 3848 §2). */
  ESMTPS,
  /** ESMTP with successful AUTH (RFC 3848 §2). */
  ESMTPA,
  /** ESMTP with both TLS and AUTH (RFC 3848 §2). */
  ESMTPSA,
  /** LMTP (RFC 3848 §2). */
  LMTP,
  /** LMTP with TLS (RFC 3848 §2). */
  LMTPS,
  /** LMTP with AUTH (RFC 3848 §2). */
  LMTPA,
  /** LMTP with TLS and AUTH (RFC 3848 §2). */
  LMTPSA;

  /**
   * The keyword for a session.
   *
   * @param lmtp          whether the session is LMTP (LHLO)
   * @param extended      whether the client greeted with EHLO (ignored for LMTP)
   * @param tls           whether TLS is active
   * @param authenticated whether the client authenticated
   * @return the protocol keyword
   */
  public static TraceProtocol of(boolean lmtp, boolean extended, boolean tls, boolean authenticated) {
    if (lmtp) {
      return tls ? (authenticated ? LMTPSA : LMTPS) : (authenticated ? LMTPA : LMTP);
    }
    if (!extended && !tls && !authenticated) {
      return SMTP;
    }
    return tls ? (authenticated ? ESMTPSA : ESMTPS) : (authenticated ? ESMTPA : ESMTP);
  }
}
