package dev.missive.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent, test-only computation of a SCRAM-SHA-256 ClientProof straight from RFC 5802 §3, using the JDK's
 * PBKDF2 for Hi(), so tests can craft client-final-messages the module's own client would not send.
 */
final class ScramProofs {

  private ScramProofs() {}

  static String proof(String password, String clientFirstBare, String serverFirst, String withoutProof) {
    try {
      String saltText = serverFirst.replaceAll(".*,s=([^,]+),.*", "$1");
      int iterations = Integer.parseInt(serverFirst.replaceAll(".*,i=([0-9]+).*", "$1"));
      byte[] salted = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(),
              Base64.getDecoder().decode(saltText), iterations, 256))
          .getEncoded();
      byte[] clientKey = hmac(salted, "Client Key");
      byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
      byte[] signature = hmac(storedKey, clientFirstBare + "," + serverFirst + "," + withoutProof);
      for (int i = 0; i < clientKey.length; i++) {
        clientKey[i] ^= signature[i];
      }
      return Base64.getEncoder().encodeToString(clientKey);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) throws java.security.GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
