package dev.missive.smtp.server;

import java.util.Objects;

/**
 * Who the client authenticated as in this session (RFC 4954 §4, RFC 4422 §3.4.1), as the host sees it on
 * {@link SmtpServerEvent.MailFrom} and {@link SmtpServer#authentication()}: what a submission server needs to
 * check that the envelope sender belongs to the client (RFC 6409 §6.1 lets it refuse a sender it does not
 * authorise; Postfix's {@code reject_sender_login_mismatch}). Identities are not secrets.
 *
 * @param mechanism        the SASL mechanism used
 * @param authorizationId  the identity the client acts as; the authentication identity when it asked for none
 * @param authenticationId the identity whose credentials were verified
 */
public record Authentication(String mechanism, String authorizationId, String authenticationId) {

  /**
   * Checks that every value is present.
   *
   * @param mechanism        the SASL mechanism used
   * @param authorizationId  the identity the client acts as; the authentication identity when it asked for none
   * @param authenticationId the identity whose credentials were verified
   */
  public Authentication {
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(authorizationId, "authorizationId");
    Objects.requireNonNull(authenticationId, "authenticationId");
  }
}
