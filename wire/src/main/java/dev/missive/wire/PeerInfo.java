package dev.missive.wire;

import java.util.Objects;

/**
 * What the host knows about a connection before its first byte, for an engine of either side: the peer's address
 * as text (RFC 5321 §4.4: the TCP information of the {@code Received:} field), an identifier that every log line of
 * the session carries (and the trace field's {@code id}), and the connection's {@link ConnectionSecurity}.
 *
 * <p>A server engine's peer is the client; a client engine's peer is the server it connected to.
 *
 * @param remoteAddress the peer's address, such as {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]} or
 *                      {@code mail.example.org:25}: printable ASCII without spaces, parentheses or backslashes
 * @param sessionId     an identifier for this session: letters, digits, {@code -} and {@code .}
 * @param security      whether the connection is plaintext, trusted or implicit TLS
 */
public record PeerInfo(String remoteAddress, String sessionId, ConnectionSecurity security) {

  /**
   * Validates the three values.
   *
   * @param remoteAddress the peer's address: printable ASCII without spaces, parentheses or backslashes
   * @param sessionId     an identifier for this session: letters, digits, {@code -} and {@code .}
   * @param security      whether the connection is plaintext, trusted or implicit TLS
   */
  public PeerInfo {
    Objects.requireNonNull(security, "security");
    if (remoteAddress == null || remoteAddress.isEmpty() || sessionId == null || sessionId.isEmpty()) {
      throw new IllegalArgumentException("remoteAddress and sessionId must not be empty");
    }
    for (int i = 0; i < remoteAddress.length(); i++) {
      char c = remoteAddress.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '(' || c == ')' || c == '\\') {
        throw new IllegalArgumentException("remoteAddress must be printable ASCII without spaces or parentheses");
      }
    }
    for (int i = 0; i < sessionId.length(); i++) {
      char c = sessionId.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '-' && c != '.') {
        throw new IllegalArgumentException("sessionId must be letters, digits, '-' and '.'");
      }
    }
  }

  /**
   * The peer at {@code remoteAddress}, with a session id of 12 random hex digits from the environment's random
   * source (so tests with a seeded environment get the same ids every run).
   *
   * @param remoteAddress the peer's address, such as {@code 192.0.2.7}
   * @param security      whether the connection is plaintext, trusted or implicit TLS
   * @param env           the environment whose random source makes the session id
   * @return the peer information
   */
  public static PeerInfo of(String remoteAddress, ConnectionSecurity security, EngineEnvironment env) {
    return new PeerInfo(remoteAddress, env.randomHex(6), security);
  }
}
