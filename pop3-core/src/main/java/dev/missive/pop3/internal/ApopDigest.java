package dev.missive.pop3.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The APOP digest: MD5 over the greeting's timestamp followed by the shared secret, as 32 lower-case hex digits
 * (RFC 1939 §7, APOP). The comparison runs in constant time (docs/security.md, "Secrets").
 */
public final class ApopDigest {

  private ApopDigest() {
  }

  /** Whether {@code s} has the syntax of a digest: exactly 32 hex digits (either case). */
  public static boolean isWellFormed(String s) {
    if (s == null || s.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The digest for {@code timestamp} and {@code secret}, as 32 lower-case hex digits. */
  public static String compute(String timestamp, byte[] secret) {
    MessageDigest md5 = md5();
    md5.update(timestamp.getBytes(StandardCharsets.US_ASCII));
    md5.update(secret);
    return HexFormat.of().formatHex(md5.digest());
  }

  /** Whether the client's digest (hex, either case) matches; constant time in the digest length. */
  public static boolean matches(String timestamp, byte[] secret, String clientDigest) {
    if (!isWellFormed(clientDigest)) {
      return false;
    }
    byte[] expected = compute(timestamp, secret).getBytes(StandardCharsets.US_ASCII);
    byte[] given = clientDigest.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }
}
