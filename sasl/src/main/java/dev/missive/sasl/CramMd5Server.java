package dev.missive.sasl;

import dev.missive.sasl.internal.CramMd5;
import dev.missive.sasl.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server side of CRAM-MD5 (RFC 2195 §2): a challenge in msg-id form, answered by the user name, a space and
 * the lower-case hexadecimal HMAC-MD5 of the challenge keyed with the shared secret.
 */
final class CramMd5Server extends ServerMechanismBase {

  private static final int DIGEST_HEX_LENGTH = 32;

  private final CramMd5SecretStore secrets;
  private final Supplier<String> challenges;
  private byte[] challenge;

  /**
   * Creates the mechanism for one exchange.
   *
   * @param challenges supplies the challenge, such as {@code <1896.697170952@postoffice.reston.mci.net>}
   */
  public CramMd5Server(CramMd5SecretStore secrets, Supplier<String> challenges, int maxResponseLength) {
    super("CRAM-MD5", maxResponseLength, AuthorizationPolicy.SELF_ONLY);
    this.secrets = secrets;
    this.challenges = challenges;
  }

  @Override
  protected SaslServerStep step(byte[] response) {
    if (challenge == null) {
      if (response != null) {
        return failure(SaslFailure.MALFORMED_RESPONSE, "CRAM-MD5 takes no initial response");
      }
      challenge = checkedChallenge(challenges.get());
      return new SaslServerStep.Challenge(challenge);
    }
    String text = Utf8.decode(response);
    int space = text == null ? -1 : text.lastIndexOf(' ');
    if (space <= 0 || text.length() - space - 1 != DIGEST_HEX_LENGTH) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "CRAM-MD5 response is not 'user SP 32-hex-digest'");
    }
    byte[] digest = CramMd5.unhex(text.substring(space + 1));
    if (digest == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "CRAM-MD5 digest is not hexadecimal");
    }
    String user = text.substring(0, space);
    Optional<byte[]> secret;
    try {
      secret = secrets.secret(user);
    } catch (CredentialsUnavailableException e) {
      return failure(SaslFailure.TEMPORARY_FAILURE, "CRAM-MD5 secret store unavailable");
    }
    // an unknown user costs the same HMAC as a known one
    byte[] key = secret.orElseGet(() -> new byte[16]);
    byte[] expected = CramMd5.digest(key, challenge);
    Arrays.fill(key, (byte) 0);
    if (!MessageDigest.isEqual(expected, digest) || secret.isEmpty()) {
      return failure(SaslFailure.INVALID_CREDENTIALS, "wrong digest or unknown user");
    }
    return authorize("", user, null);
  }

  private static byte[] checkedChallenge(String challenge) {
    if (challenge == null || challenge.length() < 3 || challenge.charAt(0) != '<'
        || challenge.charAt(challenge.length() - 1) != '>'
        || !challenge.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalStateException("the CRAM-MD5 challenge supplier must give a printable ASCII <msg-id>");
    }
    return challenge.getBytes(StandardCharsets.US_ASCII);
  }
}
