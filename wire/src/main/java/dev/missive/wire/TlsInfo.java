package dev.missive.wire;

import java.util.Objects;

/**
 * What the host tells an engine about an established TLS layer (RFC 3207, RFC 2595, RFC 8314): the
 * {@link StreamLayer} a {@link StreamChange.StartTls} puts in place.
 *
 * @param protocol    the negotiated protocol, such as {@code TLSv1.3}
 * @param cipherSuite the negotiated cipher suite, such as {@code TLS_AES_128_GCM_SHA256}
 */
public record TlsInfo(String protocol, String cipherSuite) implements StreamLayer {

  /**
   * Validates that both values are present.
   *
   * @param protocol    the TLS protocol, such as {@code TLSv1.3}
   * @param cipherSuite the cipher suite, such as {@code TLS_AES_128_GCM_SHA256}
   */
  public TlsInfo {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
  }

  /** {@return a placeholder for hosts and tests that do not know the negotiated parameters} */
  public static TlsInfo unknown() {
    return new TlsInfo("unknown", "unknown");
  }
}
