package dev.missive.mailauth.dkim;

import java.util.Optional;

/**
 * A DKIM signing algorithm (RFC 6376 §3.3): {@code rsa-sha256} (RFC 6376 §3.3.2, keys of at least 1024 bits per
 * RFC 8301 §3.2) and {@code ed25519-sha256} (RFC 8463 §3). {@code rsa-sha1} is not offered: RFC 8301 §3.1 says
 * signers must not use it and verifiers must not consider its signatures valid.
 */
public enum DkimAlgorithm {
  /** RSASSA-PKCS1-v1_5 over the SHA-256 hash (RFC 6376 §3.3.2). */
  RSA_SHA256("rsa-sha256", "rsa"),
  /** Ed25519 (PureEdDSA, RFC 8032) over the SHA-256 hash (RFC 8463 §3). */
  ED25519_SHA256("ed25519-sha256", "ed25519");

  private final String tagValue;
  private final String keyType;

  DkimAlgorithm(String tagValue, String keyType) {
    this.tagValue = tagValue;
    this.keyType = keyType;
  }

  /** {@return the {@code a=} tag value} */
  public String tagValue() {
    return tagValue;
  }

  /** {@return the key record's {@code k=} value for this algorithm (RFC 6376 §3.6.1, RFC 8463 §4)} */
  public String keyType() {
    return keyType;
  }

  /**
   * The algorithm an {@code a=} value names, compared case-insensitively.
   *
   * @param value the tag value
   * @return the algorithm, or empty if unknown or refused ({@code rsa-sha1})
   */
  public static Optional<DkimAlgorithm> fromTag(String value) {
    for (DkimAlgorithm a : values()) {
      if (a.tagValue.equalsIgnoreCase(value)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
