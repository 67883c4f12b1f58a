package dev.missive.sasl;

import java.util.Objects;

/**
 * What an OAuth client presented through OAUTHBEARER (RFC 7628 §3.1) or XOAUTH2 (Google's form), handed to the
 * host's {@link BearerTokenValidator}.
 *
 * @param mechanism the mechanism name, {@code OAUTHBEARER} or {@code XOAUTH2}
 * @param user      the user the client named: OAUTHBEARER's gs2 authzid ({@code a=}) or XOAUTH2's {@code user=};
 *                  empty when the client named none
 * @param host      OAUTHBEARER's {@code host=} value, or empty
 * @param port      OAUTHBEARER's {@code port=} value, or -1
 * @param token     the bearer token (RFC 6750 §2.1), a secret never shown by {@link #toString()}; empty when an
 *                  OAUTHBEARER client asks for the required scope (RFC 7628 §4.3)
 */
public record BearerTokenRequest(String mechanism, String user, String host, int port, String token) {

  /**
   * Validates that every value is present.
   *
   * @param mechanism the mechanism name, {@code OAUTHBEARER} or {@code XOAUTH2}
   * @param user      the user the client named: OAUTHBEARER's gs2 authzid ({@code a=}) or XOAUTH2's {@code user=};
   *                  empty when the client named none
   * @param host      OAUTHBEARER's {@code host=} value, or empty
   * @param port      OAUTHBEARER's {@code port=} value, or -1
   * @param token     the bearer token (RFC 6750 §2.1), a secret never shown by {@link #toString()}; empty when an
   *                  OAUTHBEARER client asks for the required scope (RFC 7628 §4.3)
   */
  public BearerTokenRequest {
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
  }

  /** Shows everything but the token. */
  @Override
  public String toString() {
    return "BearerTokenRequest[mechanism=" + mechanism + ", user=" + user + ", host=" + host + ", port=" + port
        + ", token=***]";
  }
}
