package dev.missive.sasl;

import dev.missive.sasl.internal.Gs2Header;
import dev.missive.sasl.internal.SaslName;
import dev.missive.sasl.internal.ScramAttributes;
import dev.missive.sasl.internal.ScramCrypto;
import dev.missive.sasl.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802 §5, RFC 7677) without channel binding: GS2 flags {@code n} and
 * {@code y} are accepted, {@code p} is refused (SCRAM-SHA-256-PLUS is not offered). The server-final-message is
 * returned as {@link SaslServerStep.Success#additionalData()}.
 *
 * <p>An unknown user gets a server-first-message built from {@link ScramDecoys}, so the exchange looks the same as
 * for a known user until the proof fails, which fails the same way as a wrong password (RFC 5802 §9 on user
 * enumeration). The user name is normalized once, by the decoys' normalization, for the lookup and the decoy
 * alike, and the decoy is computed for known users too, so the first step costs the same either way.
 */
final class ScramSha256Server extends ServerMechanismBase {

  private final ScramCredentialStore store;
  private final ScramDecoys decoys;
  private final Supplier<String> nonces;

  private Gs2Header header;
  private String username;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;
  private ScramCredentials credentials;
  private boolean knownUser;

  /**
   * Creates the mechanism for one exchange.
   *
   * @param decoys credentials to pretend with for an unknown user name, stable per name, and the normalization
   *               of names
   * @param nonces supplies the server's part of the nonce (printable ASCII without commas)
   */
  public ScramSha256Server(ScramCredentialStore store, ScramDecoys decoys,
      Supplier<String> nonces, AuthorizationPolicy authorization, int maxResponseLength) {
    super("SCRAM-SHA-256", maxResponseLength, authorization);
    this.store = store;
    this.decoys = decoys;
    this.nonces = nonces;
  }

  @Override
  protected SaslServerStep step(byte[] response) {
    if (response == null) {
      return emptyChallenge();
    }
    String message = Utf8.decode(response);
    if (message == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "SCRAM message is not valid UTF-8");
    }
    return serverFirst == null ? clientFirst(message) : clientFinal(message);
  }

  private SaslServerStep clientFirst(String message) {
    if (message.startsWith("p=")) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "channel binding is not supported (no SCRAM-SHA-256-PLUS)");
    }
    header = Gs2Header.parse(message);
    if (header == null) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "bad GS2 header");
    }
    clientFirstBare = message.substring(header.text().length());
    ScramAttributes bare = ScramAttributes.parse(clientFirstBare);
    if (bare == null || !bare.is(0, 'n') || !bare.is(1, 'r')) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "client-first-message needs n= and r= (no m= extension)");
    }
    username = SaslName.decode(bare.value(0));
    if (username == null || username.isEmpty()) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "empty or badly encoded user name");
    }
    if (!ScramAttributes.isPrintable(bare.value(1))) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "client nonce is empty or not printable");
    }
    String normalized = decoys.normalize(username);
    ScramCredentials decoy = decoys.credentials(normalized);
    Optional<ScramCredentials> found;
    try {
      found = store.lookup(normalized);
    } catch (CredentialsUnavailableException e) {
      return failure(SaslFailure.TEMPORARY_FAILURE, "SCRAM credential store unavailable");
    }
    knownUser = found.isPresent();
    credentials = found.orElse(decoy);
    String serverPart = nonces.get();
    if (serverPart == null || !ScramAttributes.isPrintable(serverPart)) {
      throw new IllegalStateException("the SCRAM nonce supplier must give printable ASCII without commas");
    }
    nonce = bare.value(1) + serverPart;
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credentials.salt())
        + ",i=" + credentials.iterations();
    return new SaslServerStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
  }

  private SaslServerStep clientFinal(String message) {
    int proofAt = message.lastIndexOf(",p=");
    ScramAttributes attributes = ScramAttributes.parse(message);
    if (proofAt < 0 || attributes == null || !attributes.is(0, 'c') || !attributes.is(1, 'r')
        || !attributes.is(attributes.size() - 1, 'p')) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "client-final-message needs c=, r= and a final p=");
    }
    byte[] binding = ScramAttributes.base64(attributes.value(0));
    if (binding == null || !MessageDigest.isEqual(binding, header.text().getBytes(StandardCharsets.UTF_8))) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "channel binding attribute does not repeat the GS2 header");
    }
    if (!MessageDigest.isEqual(attributes.value(1).getBytes(StandardCharsets.UTF_8),
        nonce.getBytes(StandardCharsets.UTF_8))) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "nonce does not match the server's");
    }
    byte[] proof = ScramAttributes.base64(attributes.value(attributes.size() - 1));
    if (proof == null || proof.length != ScramCrypto.KEY_LENGTH) {
      return failure(SaslFailure.MALFORMED_RESPONSE, "proof is not 32 bytes of base64");
    }
    byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + message.substring(0, proofAt))
        .getBytes(StandardCharsets.UTF_8);
    byte[] storedKey = credentials.storedKey();
    byte[] clientKey = ScramCrypto.xor(proof, ScramCrypto.hmac(storedKey, authMessage));
    if (!MessageDigest.isEqual(ScramCrypto.sha256(clientKey), storedKey) || !knownUser) {
      return failure(SaslFailure.INVALID_CREDENTIALS, "wrong proof or unknown user");
    }
    byte[] serverSignature = ScramCrypto.hmac(credentials.serverKey(), authMessage);
    String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
    return authorize(header.authorizationId(), username, serverFinal.getBytes(StandardCharsets.US_ASCII));
  }
}
