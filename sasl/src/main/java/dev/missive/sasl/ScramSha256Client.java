package dev.missive.sasl;

import dev.missive.sasl.internal.Gs2Header;
import dev.missive.sasl.internal.SaslName;
import dev.missive.sasl.internal.ScramAttributes;
import dev.missive.sasl.internal.ScramCrypto;
import dev.missive.sasl.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802 §5, RFC 7677) without channel binding (GS2 flag {@code n}): sends
 * client-first, answers server-first with the proof, and verifies the server signature in server-final.
 */
final class ScramSha256Client implements SaslClientMechanism {

  /** The fewest iterations accepted from a server (RFC 7677 §4: at least 4096). */
  public static final int MIN_ITERATIONS = 4096;
  /** The most iterations accepted, so a hostile server cannot make the client spin. */
  public static final int MAX_ITERATIONS = 1_000_000;

  private static final String GS2_HEADER = Gs2Header.format("");

  private final String preparedUser;
  private final String preparedPassword;
  private final Supplier<String> nonces;
  private String clientFirstBare;
  private String nonce;
  private byte[] expectedServerSignature;
  private boolean verified;

  /**
   * Creates the mechanism.
   *
   * @param preparedUser     the SASLprep'ed user name
   * @param preparedPassword the SASLprep'ed password
   * @param nonces           supplies the client nonce (printable ASCII without commas)
   */
  public ScramSha256Client(String preparedUser, String preparedPassword, Supplier<String> nonces) {
    this.preparedUser = preparedUser;
    this.preparedPassword = preparedPassword;
    this.nonces = nonces;
  }

  @Override
  public String name() {
    return "SCRAM-SHA-256";
  }

  @Override
  public byte[] initialResponse() {
    if (clientFirstBare != null) {
      throw new IllegalStateException("SCRAM client-first-message already sent");
    }
    String clientNonce = nonces.get();
    if (clientNonce == null || !ScramAttributes.isPrintable(clientNonce)) {
      throw new IllegalStateException("the SCRAM nonce supplier must give printable ASCII without commas");
    }
    clientFirstBare = "n=" + SaslName.encode(preparedUser) + ",r=" + clientNonce;
    return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
    if (clientFirstBare == null) {
      if (challenge.length != 0) {
        throw new SaslException("SCRAM expects an empty first challenge");
      }
      return initialResponse();
    }
    String message = Utf8.decode(challenge);
    if (message == null) {
      throw new SaslException("SCRAM server message is not valid UTF-8");
    }
    if (nonce == null) {
      return clientFinal(message);
    }
    if (!verified) {
      verifyServerFinal(message);
      return new byte[0];
    }
    throw new SaslException("unexpected SCRAM challenge after server-final-message");
  }

  private byte[] clientFinal(String serverFirst) throws SaslException {
    ScramAttributes attributes = ScramAttributes.parse(serverFirst);
    if (attributes == null || !attributes.is(0, 'r') || !attributes.is(1, 's') || !attributes.is(2, 'i')) {
      throw new SaslException("server-first-message needs r=, s= and i=");
    }
    String serverNonce = attributes.value(0);
    String clientNonce = clientFirstBare.substring(clientFirstBare.lastIndexOf(",r=") + 3);
    if (!serverNonce.startsWith(clientNonce) || serverNonce.length() == clientNonce.length()
        || !ScramAttributes.isPrintable(serverNonce)) {
      throw new SaslException("server nonce does not extend the client nonce");
    }
    byte[] salt = ScramAttributes.base64(attributes.value(1));
    int iterations = iterations(attributes.value(2));
    if (salt == null || salt.length == 0) {
      throw new SaslException("SCRAM salt is not base64");
    }
    nonce = serverNonce;
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.UTF_8))
        + ",r=" + nonce;
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] salted = ScramCrypto.saltedPassword(preparedPassword, salt, iterations);
    byte[] clientKey = ScramCrypto.clientKey(salted);
    byte[] proof = ScramCrypto.xor(clientKey, ScramCrypto.hmac(ScramCrypto.sha256(clientKey), authMessage));
    expectedServerSignature = ScramCrypto.hmac(ScramCrypto.serverKey(salted), authMessage);
    Arrays.fill(salted, (byte) 0);
    Arrays.fill(clientKey, (byte) 0);
    return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
  }

  private static int iterations(String value) throws SaslException {
    if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new SaslException("SCRAM iteration count is not a number in range");
    }
    int iterations = Integer.parseInt(value);
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new SaslException("SCRAM iteration count " + iterations + " is outside [" + MIN_ITERATIONS + ", "
          + MAX_ITERATIONS + "]");
    }
    return iterations;
  }

  private void verifyServerFinal(String serverFinal) throws SaslException {
    ScramAttributes attributes = ScramAttributes.parse(serverFinal);
    if (attributes != null && attributes.is(0, 'e')) {
      String error = attributes.value(0);
      throw new SaslException("SCRAM server error: "
          + error.substring(0, Math.min(error.length(), 64)).replaceAll("[^A-Za-z0-9-]", "?"));
    }
    byte[] signature = attributes != null && attributes.is(0, 'v') ? ScramAttributes.base64(attributes.value(0)) : null;
    if (signature == null) {
      throw new SaslException("server-final-message needs v=");
    }
    if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
      throw new SaslException("SCRAM server signature does not match: the server does not know the password");
    }
    verified = true;
  }

  /** Whether the server's signature has been verified (RFC 5802 §5: mutual authentication). */
  @Override
  public boolean isComplete() {
    return verified;
  }

  @Override
  public String toString() {
    return "SCRAM-SHA-256 client for " + preparedUser;
  }
}
