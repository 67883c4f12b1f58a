package dev.missive.smtp.host;

/**
 * What TLS delivery to one MX host needs (RFC 5321 §5.1 delivery with RFC 3207 STARTTLS): by default opportunistic and
 * unverified (RFC 7435 §3: encrypt when offered, accept any certificate, fall back to plaintext when STARTTLS is not
 * offered); a policy such as MTA-STS (RFC 8461 §4.2: the MX host must match the policy's {@code mx} patterns and
 * present a valid certificate for its name) or REQUIRETLS (RFC 8689 §4.2) answers {@link Requirement#VERIFIED} or
 * {@link Requirement#SKIP_HOST}. A message whose envelope carries REQUIRETLS always needs {@link Requirement#VERIFIED}.
 */
@FunctionalInterface
public interface MxTlsPolicy {

  /** Opportunistic, unverified TLS everywhere (RFC 7435). */
  MxTlsPolicy OPPORTUNISTIC = (domain, mxHost) -> Requirement.OPPORTUNISTIC;

  /**
   * Decides the TLS of one delivery attempt.
   *
   * @param domain the recipients' domain, in A-label form
   * @param mxHost the MX host about to be tried, in A-label form
   * @return what the connection must do
   */
  Requirement requirement(String domain, String mxHost);

  /** The TLS a connection to an MX host must have. */
  enum Requirement {
    /** STARTTLS when offered, any certificate accepted; plaintext otherwise (RFC 7435 §3). */
    OPPORTUNISTIC,
    /**
     * STARTTLS required and the certificate valid for the MX host's name (RFC 8461 §4.2, RFC 8689 §4.2); otherwise
     * the host counts as failed (a temporary failure once every host failed, RFC 8461 §5).
     */
    VERIFIED,
    /** The policy does not allow this host (an MTA-STS {@code mx} mismatch, RFC 8461 §4.1): the next is tried. */
    SKIP_HOST
  }
}
