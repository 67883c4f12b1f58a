package dev.missive.sasl;

import java.util.Objects;

/**
 * Who a client authenticated as, after a successful SASL exchange (RFC 4422 §3.4.1, §3.6): the mechanism used, the
 * identity whose credentials were verified, and the identity it acts as. What SMTP, POP3 and IMAP sessions report
 * to their hosts.
 *
 * @param mechanism        the mechanism name in upper case, such as {@code SCRAM-SHA-256}
 * @param authorizationId  the identity to act as; equals {@code authenticationId} when the client asked for none
 * @param authenticationId the identity whose credentials were verified
 */
public record Authentication(String mechanism, String authorizationId, String authenticationId) {

  /**
   * Checks that all three are present.
   *
   * @param mechanism        the mechanism name in upper case, such as {@code SCRAM-SHA-256}
   * @param authorizationId  the identity to act as
   * @param authenticationId the identity whose credentials were verified
   */
  public Authentication {
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(authorizationId, "authorizationId");
    Objects.requireNonNull(authenticationId, "authenticationId");
  }
}
