package dev.missive.sasl;

import dev.missive.sasl.internal.Defaults;
import dev.missive.sasl.internal.Gs2Header;
import dev.missive.sasl.internal.OAuthFields;
import dev.missive.sasl.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Factories for the client side of each supported SASL mechanism (RFC 4422): PLAIN (RFC 4616), LOGIN
 * (draft-murchison-sasl-login), CRAM-MD5 (RFC 2195), SCRAM-SHA-256 (RFC 7677), OAUTHBEARER (RFC 7628) and XOAUTH2.
 * Each call returns a fresh mechanism for one attempt. Invalid arguments (an empty user, a NUL in a PLAIN field, a
 * name SASLprep refuses) throw {@link IllegalArgumentException}.
 */
public final class SaslClientMechanisms {

  private SaslClientMechanisms() {}

  /**
   * PLAIN (RFC 4616 §2): {@code [authzid] NUL authcid NUL passwd} as the initial response. Send it only over TLS.
   *
   * @param authorizationId the identity to act as, or {@code ""} for the user's own
   * @param user            the authentication identity
   * @param password        the password
   * @return a fresh PLAIN client mechanism for one exchange
   */
  public static SaslClientMechanism plain(String authorizationId, String user, CharSequence password) {
    requireNoNul(authorizationId, "authorizationId");
    requireNoNul(requireText(user, "user"), "user");
    requireNoNul(requireText(password, "password"), "password");
    StringBuilder message = new StringBuilder(authorizationId).append('\0').append(user).append('\0')
        .append(password);
    return new OneShotClient("PLAIN", Utf8.encode(message), null);
  }

  /**
   * LOGIN (draft-murchison-sasl-login-00): the user name and the password, one per challenge.
   *
   * @param user     the user name
   * @param password the password
   * @return a fresh LOGIN client mechanism for one exchange
   */
  public static SaslClientMechanism login(String user, CharSequence password) {
    return new LoginClient(Utf8.encode(requireText(user, "user")), Utf8.encode(requireText(password, "password")));
  }

  /**
   * CRAM-MD5 (RFC 2195 §2): the password's UTF-8 octets key HMAC-MD5 over the server's challenge.
   *
   * @param user     the user name sent with the digest
   * @param password the shared secret
   * @return a fresh CRAM-MD5 client mechanism for one exchange
   */
  public static SaslClientMechanism cramMd5(String user, CharSequence password) {
    return new CramMd5Client(requireText(user, "user"), Utf8.encode(requireText(password, "password")));
  }

  /**
   * SCRAM-SHA-256 (RFC 7677, RFC 5802 §5) with a random client nonce from {@link SecureRandom}.
   *
   * @param user     the authentication identity
   * @param password the password
   * @return a fresh SCRAM-SHA-256 client mechanism for one exchange
   * @see #scramSha256(String, CharSequence, Supplier)
   */
  public static SaslClientMechanism scramSha256(String user, CharSequence password) {
    return scramSha256(user, password, Defaults.nonces(new SecureRandom()));
  }

  /**
   * SCRAM-SHA-256 (RFC 7677, RFC 5802 §5) without channel binding; user name and password are SASLprep'ed
   * (RFC 4013) as query strings. The client refuses iteration counts below 4096 (RFC 7677 §4) or above 1 000 000.
   *
   * @param user     the authentication identity
   * @param password the password
   * @param nonces   supplies the client nonce: printable ASCII without commas (RFC 5802 §7)
   * @return a fresh SCRAM-SHA-256 client mechanism for one exchange
   */
  public static SaslClientMechanism scramSha256(String user, CharSequence password, Supplier<String> nonces) {
    String preparedUser = SaslPrep.query(requireText(user, "user"))
        .filter(s -> !s.isEmpty())
        .orElseThrow(() -> new IllegalArgumentException("user name is not valid under SASLprep (RFC 4013)"));
    String preparedPassword = SaslPrep.query(requireText(password, "password").toString())
        .orElseThrow(() -> new IllegalArgumentException("password is not valid under SASLprep (RFC 4013)"));
    return new ScramSha256Client(preparedUser, preparedPassword, Objects.requireNonNull(nonces, "nonces"));
  }

  /**
   * OAUTHBEARER (RFC 7628 §3.1): {@code n,a=user,^Ahost=host^Aport=port^Aauth=Bearer token^A^A}. Send it only
   * over TLS.
   *
   * @param user  the authorization identity, or {@code ""} to send none
   * @param host  the server host name, or {@code ""} to omit it
   * @param port  the server port, or -1 to omit it
   * @param token the bearer token (RFC 6750 §2.1 {@code b64token})
   * @return a fresh OAUTHBEARER client mechanism for one exchange
   */
  public static SaslClientMechanism oauthBearer(String user, String host, int port, String token) {
    Objects.requireNonNull(user, "user");
    requireFieldValue(host, "host");
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    StringBuilder message = new StringBuilder(Gs2Header.format(user)).append(OAuthFields.SEP);
    if (!host.isEmpty()) {
      message.append("host=").append(host).append(OAuthFields.SEP);
    }
    if (port >= 0) {
      message.append("port=").append(port).append(OAuthFields.SEP);
    }
    message.append(bearer(token)).append(OAuthFields.SEP).append(OAuthFields.SEP);
    return new OneShotClient("OAUTHBEARER", message.toString().getBytes(StandardCharsets.UTF_8),
        new byte[] {OAuthFields.SEP});
  }

  /**
   * XOAUTH2 in Google's form: {@code user=user^Aauth=Bearer token^A^A}. Send it only over TLS.
   *
   * @param user  the user to log in as
   * @param token the OAuth 2.0 access token
   * @return a fresh XOAUTH2 client mechanism for one exchange
   */
  public static SaslClientMechanism xoauth2(String user, String token) {
    requireFieldValue(requireText(user, "user"), "user");
    String message = "user=" + user + OAuthFields.SEP + bearer(token) + OAuthFields.SEP + OAuthFields.SEP;
    return new OneShotClient("XOAUTH2", message.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  /**
   * A SCRAM client nonce supplier drawing on the host's random source (18 random bytes in base64, RFC 5802 §5.1),
   * for {@link #scramSha256(String, CharSequence, Supplier)}.
   *
   * @param random the host's random source
   * @return a supplier of fresh client nonces
   */
  public static Supplier<String> nonces(RandomGenerator random) {
    return Defaults.nonces(Objects.requireNonNull(random, "random"));
  }

  private static String bearer(String token) {
    String auth = "Bearer " + Objects.requireNonNull(token, "token");
    if (OAuthFields.bearerToken(auth) == null) {
      throw new IllegalArgumentException("token is not an RFC 6750 b64token");
    }
    return "auth=" + auth;
  }

  private static <T extends CharSequence> T requireText(T value, String what) {
    if (Objects.requireNonNull(value, what).length() == 0) {
      throw new IllegalArgumentException(what + " is empty");
    }
    return value;
  }

  private static void requireNoNul(CharSequence value, String what) {
    if (value.chars().anyMatch(c -> c == 0)) {
      throw new IllegalArgumentException(what + " contains NUL");
    }
  }

  private static void requireFieldValue(String value, String what) {
    if (!Objects.requireNonNull(value, what).chars().allMatch(c -> c >= 0x20 && OAuthFields.isValueChar(c))) {
      throw new IllegalArgumentException(what + " contains a control character");
    }
  }
}
