package dev.missive.smtp.client;

import dev.missive.sasl.SaslClientMechanism;
import dev.missive.wire.TlsPolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The immutable configuration of an {@link SmtpClient}: how it greets (RFC 5321 §4.1.1.1), whether it upgrades to
 * TLS (RFC 3207), how it authenticates (RFC 4954), whether it pipelines (RFC 2920) and uses BDAT (RFC 3030), and
 * its limits and timeouts. Whether a connection is implicit TLS (RFC 8314 §3.3, port 465) is the connection's, not
 * the configuration's: the {@link dev.missive.wire.PeerInfo#security()} the engine is built with.
 *
 * @param ehloName       the domain or address literal sent with EHLO/HELO (printable ASCII, no spaces)
 * @param tlsPolicy      whether to upgrade with STARTTLS and whether plaintext is acceptable
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
 * @param limits         the bounds on replies and queued output, and the reply timeouts
 */
public record SmtpClientConfig(String ehloName, TlsPolicy tlsPolicy,
    Optional<Supplier<SaslClientMechanism>> authentication, boolean plaintextAuthAllowed, boolean pipelining,
    boolean chunking, boolean lmtp, SmtpClientLimits limits) {

  /**
   * Validates every value.
   *
   * @param ehloName       the domain or address literal sent with EHLO/HELO (printable ASCII, no spaces)
   * @param tlsPolicy      whether to upgrade with STARTTLS and whether plaintext is acceptable
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
   * @param limits         the bounds on replies and queued output, and the reply timeouts
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
  }

  /**
   * A builder with the defaults: opportunistic STARTTLS, no AUTH (and no secret-in-the-clear mechanism without TLS),
   * pipelining and BDAT when offered, SMTP (not LMTP), default limits, RFC 5321 timeouts. The EHLO name has no
   * default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this configuration's values} */
  public Builder toBuilder() {
    Builder b = new Builder().ehloName(ehloName).tlsPolicy(tlsPolicy).plaintextAuthAllowed(plaintextAuthAllowed)
        .pipelining(pipelining).chunking(chunking).lmtp(lmtp).limits(limits);
    b.authentication = authentication;
    return b;
  }

  /** Builds a {@link SmtpClientConfig}; {@link #build()} validates the values, the EHLO name is required. */
  public static final class Builder {

    private String ehloName;
    private TlsPolicy tlsPolicy = TlsPolicy.OPPORTUNISTIC;
    private Optional<Supplier<SaslClientMechanism>> authentication = Optional.empty();
    private boolean plaintextAuthAllowed;
    private boolean pipelining = true;
    private boolean chunking = true;
    private boolean lmtp;
    private SmtpClientLimits limits = SmtpClientLimits.DEFAULT;

    private Builder() {
    }

    /**
     * Sets the name sent with EHLO, LHLO or HELO (RFC 5321 §4.1.1.1); required.
     *
     * @param name the domain or address literal (printable ASCII, no spaces)
     * @return this builder
     */
    public Builder ehloName(String name) {
      this.ehloName = name;
      return this;
    }

    /**
     * Sets whether to upgrade with STARTTLS and whether plaintext is acceptable (RFC 3207).
     *
     * @param policy the TLS policy
     * @return this builder
     */
    public Builder tlsPolicy(TlsPolicy policy) {
      this.tlsPolicy = policy;
      return this;
    }

    /**
     * Authenticates with a fresh mechanism from {@code mechanism} for each AUTH exchange (RFC 4954); once set,
     * authentication is required: a server that does not offer the mechanism, or refuses it, ends the session
     * before any mail is sent.
     *
     * @param mechanism makes a fresh SASL client mechanism
     * @return this builder
     */
    public Builder authentication(Supplier<SaslClientMechanism> mechanism) {
      this.authentication = Optional.of(mechanism);
      return this;
    }

    /**
     * Sets whether mechanisms that send a reusable secret in the clear (PLAIN, LOGIN, OAUTHBEARER, XOAUTH2;
     * RFC 4616 §4, RFC 7628 §5) may run without TLS; off by default.
     *
     * @param on whether such mechanisms may run without TLS
     * @return this builder
     */
    public Builder plaintextAuthAllowed(boolean on) {
      this.plaintextAuthAllowed = on;
      return this;
    }

    /**
     * Sets whether to pipeline (RFC 2920) when the server offers PIPELINING.
     *
     * @param on whether to pipeline
     * @return this builder
     */
    public Builder pipelining(boolean on) {
      this.pipelining = on;
      return this;
    }

    /**
     * Sets whether to send content with BDAT (RFC 3030) when the server offers CHUNKING.
     *
     * @param on whether to use BDAT
     * @return this builder
     */
    public Builder chunking(boolean on) {
      this.chunking = on;
      return this;
    }

    /**
     * Sets whether this is an LMTP client (RFC 2033): LHLO instead of EHLO, no HELO fallback, one reply per
     * accepted recipient after the data.
     *
     * @param on whether to speak LMTP
     * @return this builder
     */
    public Builder lmtp(boolean on) {
      this.lmtp = on;
      return this;
    }

    /**
     * Sets the bounds on replies and queued output.
     *
     * @param newLimits the limits
     * @return this builder
     */
    public Builder limits(SmtpClientLimits newLimits) {
      this.limits = newLimits;
      return this;
    }

    /**
     * Validates the values.
     *
     * @return the configuration
     * @throws NullPointerException     if the EHLO name was not set
     * @throws IllegalArgumentException if a value is invalid
     */
    public SmtpClientConfig build() {
      return new SmtpClientConfig(ehloName, tlsPolicy, authentication, plaintextAuthAllowed, pipelining, chunking,
          lmtp, limits);
    }
  }
}
