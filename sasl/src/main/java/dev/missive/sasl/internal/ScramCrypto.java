package dev.missive.sasl.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 functions of RFC 5802 §2.2 and §3 with H = SHA-256 (RFC 7677): Hi, HMAC, H, XOR and the keys
 * derived from SaltedPassword.
 */
public final class ScramCrypto {

  /** The output length of SHA-256 and HMAC-SHA-256 in bytes. */
  public static final int KEY_LENGTH = 32;

  private static final String HMAC = "HmacSHA256";
  private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

  private ScramCrypto() {}

  /** {@code Hi(str, salt, i)} of RFC 5802 §2.2 (PBKDF2 with HMAC-SHA-256 and one block), str encoded as UTF-8. */
  public static byte[] saltedPassword(String normalizedPassword, byte[] salt, int iterations) {
    byte[] key = normalizedPassword.getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = mac(key);
      mac.update(salt);
      byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
      byte[] result = u.clone();
      for (int n = 1; n < iterations; n++) {
        u = mac.doFinal(u);
        for (int j = 0; j < result.length; j++) {
          result[j] ^= u[j];
        }
      }
      return result;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** {@code ClientKey = HMAC(SaltedPassword, "Client Key")}. */
  public static byte[] clientKey(byte[] saltedPassword) {
    return hmac(saltedPassword, CLIENT_KEY);
  }

  /** {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))}. */
  public static byte[] storedKey(byte[] saltedPassword) {
    return sha256(clientKey(saltedPassword));
  }

  /** {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. */
  public static byte[] serverKey(byte[] saltedPassword) {
    return hmac(saltedPassword, SERVER_KEY);
  }

  /** {@code HMAC(key, str)} with SHA-256 (RFC 2104). */
  public static byte[] hmac(byte[] key, byte[] data) {
    return mac(key).doFinal(data);
  }

  /** {@code H(str)}: SHA-256. */
  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The byte-wise exclusive or of two arrays of equal length. */
  public static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      // an empty key is legal for HMAC but SecretKeySpec refuses it; HMAC pads keys with zeros (RFC 2104 §2)
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
