package dev.missive.pop3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret a POP3 client sent or a host supplies: the PASS argument (RFC 1939 §7) or an APOP shared secret
 * (RFC 1939 §7, APOP).
 *
 * <p>It never shows its value in {@link #toString()}, and {@link #matches(byte[])} compares in constant time with
 * {@link MessageDigest#isEqual(byte[], byte[])} (docs/security.md, "Secrets"). Bytes are the UTF-8 encoding of the
 * text.
 */
public final class Password {

  private final byte[] octets;

  private Password(byte[] octets) {
    this.octets = octets;
  }

  /**
   * A password from its octets, as they came from the wire or storage (copied).
   *
   * @param octets the password's octets
   * @return the password
   */
  public static Password ofBytes(byte[] octets) {
    return new Password(Objects.requireNonNull(octets, "octets").clone());
  }

  /**
   * A password from text, encoded as UTF-8.
   *
   * @param text the password's text
   * @return the password
   */
  public static Password of(String text) {
    return new Password(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
  }

  /** {@return a copy of the octets; the caller should wipe it after use} */
  public byte[] toBytes() {
    return octets.clone();
  }

  /** {@return the text, decoding the octets as UTF-8} */
  public String reveal() {
    return new String(octets, StandardCharsets.UTF_8);
  }

  /**
   * Whether the octets equal {@code expected}, compared in constant time for a given length.
   *
   * @param expected the stored password's octets
   * @return whether they are equal
   */
  public boolean matches(byte[] expected) {
    return MessageDigest.isEqual(octets, expected);
  }

  /**
   * Whether the text equals {@code expected} (UTF-8), compared in constant time for a given length.
   *
   * @param expected the stored password's text
   * @return whether they are equal
   */
  public boolean matches(String expected) {
    return matches(expected.getBytes(StandardCharsets.UTF_8));
  }

  /** Overwrites the octets with zeros once the secret is no longer needed. */
  public void wipe() {
    Arrays.fill(octets, (byte) 0);
  }

  /** Always {@code Password[***]}: a secret never appears in logs. */
  @Override
  public String toString() {
    return "Password[***]";
  }
}
