package dev.missive.smtp.client;

import dev.missive.sasl.SaslClientMechanism;
import dev.missive.wire.TlsPolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The immutable configuration of an {@link SmtpClient}: how it greets (RFC 5321 §4.1.1.1), whether it uses TLS
 * (RFC 3207, RFC 8314), how it authenticates (RFC 4954), whether it pipelines (RFC 2920) and uses BDAT
 * (RFC 3030), and its limits and timeouts.
 *
 * @param ehloName       the domain or address literal sent with EHLO/HELO (printable ASCII, no spaces)
 * @param tlsPolicy      whether to upgrade with STARTTLS and whether plaintext is acceptable
 * @param implicitTls    whether the transport is already TLS (RFC 8314 §3.3, port 465): the engine starts as if
 *                       TLS were established and never sends STARTTLS
 * @param authentication makes a fresh SASL client mechanism for one AUTH exchange; empty for no AUTH. When
 *                       present, authentication is required: a server that does not offer the mechanism, or
 *                       refuses it, ends the session before any mail is sent
 * @param plaintextAuthAllowed whether mechanisms that send a reusable secret in the clear (PLAIN, LOGIN,
 *                       OAUTHBEARER, XOAUTH2; RFC 4616 §4, RFC 7628 §5) may run without TLS; off by default, so a
 *                       session without TLS ends before such credentials are sent
 * @param pipelining     whether to pipeline (RFC 2920) when the server offers PIPELINING
 * @param chunking       whether to send content with BDAT (RFC 3030) when the server offers CHUNKING
 * @param lmtp           whether this is an LMTP client (RFC 2033): LHLO instead of EHLO, no HELO fallback, and one
 *                       reply per accepted recipient after the data
 * @param limits         the bounds on replies and queued output
 * @param timeouts       the reply timeouts
 */
public record SmtpClientConfig(String ehloName, TlsPolicy tlsPolicy, boolean implicitTls,
    Optional<Supplier<SaslClientMechanism>> authentication, boolean plaintextAuthAllowed, boolean pipelining,
    boolean chunking, boolean lmtp, SmtpClientLimits limits, SmtpClientTimeouts timeouts) {

  /**
   * Validates every value.
   *
   * @param ehloName       the domain or address literal sent with EHLO/HELO (printable ASCII, no spaces)
   * @param tlsPolicy      whether to upgrade with STARTTLS and whether plaintext is acceptable
   * @param implicitTls    whether the transport is already TLS (RFC 8314 §3.3, port 465): the engine starts as if
   *                       TLS were established and never sends STARTTLS
   * @param authentication makes a fresh SASL client mechanism for one AUTH exchange; empty for no AUTH. When
   *                       present, authentication is required: a server that does not offer the mechanism, or
   *                       refuses it, ends the session before any mail is sent
   * @param plaintextAuthAllowed whether mechanisms that send a reusable secret in the clear (PLAIN, LOGIN,
   *                       OAUTHBEARER, XOAUTH2; RFC 4616 §4, RFC 7628 §5) may run without TLS; off by default, so a
   *                       session without TLS ends before such credentials are sent
   * @param pipelining     whether to pipeline (RFC 2920) when the server offers PIPELINING
   * @param chunking       whether to send content with BDAT (RFC 3030) when the server offers CHUNKING
   * @param lmtp           whether this is an LMTP client (RFC 2033): LHLO instead of EHLO, no HELO fallback, and one
   *                       reply per accepted recipient after the data
   * @param limits         the bounds on replies and queued output
   * @param timeouts       the reply timeouts
   */
  public SmtpClientConfig {
    Objects.requireNonNull(ehloName, "ehloName");
    if (ehloName.isEmpty() || ehloName.length() > 255) {
      throw new IllegalArgumentException("ehloName must be 1-255 characters");
    }
    for (int i = 0; i < ehloName.length(); i++) {
      char c = ehloName.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>') {
        throw new IllegalArgumentException("ehloName must be a domain or address literal in printable ASCII");
      }
    }
    Objects.requireNonNull(tlsPolicy, "tlsPolicy");
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /**
   * The defaults: opportunistic STARTTLS, no AUTH (and no secret-in-the-clear mechanism without TLS), pipelining
   * and BDAT when offered, default limits, RFC 5321 timeouts.
   *
   * @param ehloName the domain (or address literal) the client sends in EHLO
   * @return the default configuration
   */
  public static SmtpClientConfig defaults(String ehloName) {
    return new SmtpClientConfig(ehloName, TlsPolicy.OPPORTUNISTIC, false, Optional.empty(), false, true, true, false,
        SmtpClientLimits.DEFAULT, SmtpClientTimeouts.RFC_5321);
  }

  /**
   * This configuration with another TLS policy.
   *
   * @param policy whether to upgrade with STARTTLS and whether plaintext is acceptable
   * @return a copy with that value
   */
  public SmtpClientConfig withTlsPolicy(TlsPolicy policy) {
    return new SmtpClientConfig(ehloName, policy, implicitTls, authentication, plaintextAuthAllowed, pipelining,
        chunking, lmtp, limits, timeouts);
  }

  /**
   * This configuration with implicit TLS on or off.
   *
   * @param on whether the transport is already TLS (RFC 8314 §3.3, port 465): the engine starts as if
   *           TLS were established and never sends STARTTLS
   * @return a copy with that value
   */
  public SmtpClientConfig withImplicitTls(boolean on) {
    return new SmtpClientConfig(ehloName, tlsPolicy, on, authentication, plaintextAuthAllowed, pipelining, chunking,
        lmtp, limits, timeouts);
  }

  /**
   * This configuration authenticating with mechanisms from {@code mechanism} (one per exchange).
   *
   * @param mechanism makes a fresh SASL client mechanism for one AUTH exchange; empty for no AUTH. When
   *                  present, authentication is required: a server that does not offer the mechanism, or
   *                  refuses it, ends the session before any mail is sent
   * @return a copy with that value
   */
  public SmtpClientConfig withAuthentication(Supplier<SaslClientMechanism> mechanism) {
    return new SmtpClientConfig(ehloName, tlsPolicy, implicitTls, Optional.of(mechanism), plaintextAuthAllowed,
        pipelining, chunking, lmtp, limits, timeouts);
  }

  /**
   * This configuration with AUTH by PLAIN, LOGIN, OAUTHBEARER or XOAUTH2 without TLS allowed or not.
   *
   * @param on whether mechanisms that send a reusable secret in the clear (PLAIN, LOGIN,
   *           OAUTHBEARER, XOAUTH2; RFC 4616 §4, RFC 7628 §5) may run without TLS; off by default, so a
   *           session without TLS ends before such credentials are sent
   * @return a copy with that value
   */
  public SmtpClientConfig withPlaintextAuthAllowed(boolean on) {
    return new SmtpClientConfig(ehloName, tlsPolicy, implicitTls, authentication, on, pipelining, chunking, lmtp,
        limits, timeouts);
  }

  /**
   * This configuration with pipelining allowed or not.
   *
   * @param on whether to pipeline (RFC 2920) when the server offers PIPELINING
   * @return a copy with that value
   */
  public SmtpClientConfig withPipelining(boolean on) {
    return new SmtpClientConfig(ehloName, tlsPolicy, implicitTls, authentication, plaintextAuthAllowed, on, chunking,
        lmtp, limits, timeouts);
  }

  /**
   * This configuration with BDAT allowed or not.
   *
   * @param on whether to send content with BDAT (RFC 3030) when the server offers CHUNKING
   * @return a copy with that value
   */
  public SmtpClientConfig withChunking(boolean on) {
    return new SmtpClientConfig(ehloName, tlsPolicy, implicitTls, authentication, plaintextAuthAllowed, pipelining,
        on, lmtp, limits, timeouts);
  }

  /**
   * This configuration speaking LMTP (RFC 2033) or SMTP.
   *
   * @param on whether this is an LMTP client (RFC 2033): LHLO instead of EHLO, no HELO fallback, and one
   *           reply per accepted recipient after the data
   * @return a copy with that value
   */
  public SmtpClientConfig withLmtp(boolean on) {
    return new SmtpClientConfig(ehloName, tlsPolicy, implicitTls, authentication, plaintextAuthAllowed, pipelining,
        chunking, on, limits, timeouts);
  }

  /**
   * This configuration with other limits.
   *
   * @param newLimits the bounds on replies and queued output
   * @return a copy with that value
   */
  public SmtpClientConfig withLimits(SmtpClientLimits newLimits) {
    return new SmtpClientConfig(ehloName, tlsPolicy, implicitTls, authentication, plaintextAuthAllowed, pipelining,
        chunking, lmtp, newLimits, timeouts);
  }

  /**
   * This configuration with other timeouts.
   *
   * @param newTimeouts the reply timeouts
   * @return a copy with that value
   */
  public SmtpClientConfig withTimeouts(SmtpClientTimeouts newTimeouts) {
    return new SmtpClientConfig(ehloName, tlsPolicy, implicitTls, authentication, plaintextAuthAllowed, pipelining,
        chunking, lmtp, limits, newTimeouts);
  }
}
