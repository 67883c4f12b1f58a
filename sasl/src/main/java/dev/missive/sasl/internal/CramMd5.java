package dev.missive.sasl.internal;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The digest of CRAM-MD5 (RFC 2195 §2): HMAC-MD5 (RFC 2104) keyed with the shared secret over the challenge. */
public final class CramMd5 {

  private static final String HMAC_MD5 = "HmacMD5";

  private CramMd5() {}

  /** {@code HMAC-MD5(secret, challenge)}, 16 bytes. */
  public static byte[] digest(byte[] secret, byte[] challenge) {
    try {
      Mac mac = Mac.getInstance(HMAC_MD5);
      // HMAC pads keys with zeros (RFC 2104 §2), so an empty key equals a one-zero-byte key SecretKeySpec accepts
      mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, HMAC_MD5));
      return mac.doFinal(challenge);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacMD5 is missing from this JDK", e);
    }
  }

  /** Lower-case hexadecimal, as RFC 2195 §2 sends the digest. */
  public static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  /** Decodes hexadecimal digits (either case), or returns {@code null} if {@code s} is not an even-length hex string. */
  public static byte[] unhex(String s) {
    if (s.length() % 2 != 0) {
      return null;
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0 || s.charAt(2 * i) > 0x7f || s.charAt(2 * i + 1) > 0x7f) {
        return null;
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
