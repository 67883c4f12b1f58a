package dev.missive.smtp.server;

/**
 * What the host knows about the connection before the first byte (RFC 5321 §4.4: the TCP information of the
 * {@code Received:} field): the peer's address as text and an identifier for logs and the trace field's {@code id}.
 *
 * @param remoteAddress the client's address, such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}
 * @param sessionId     an identifier for this session (an atom: letters, digits, {@code -}, {@code .})
 */
public record PeerInfo(String remoteAddress, String sessionId) {

  /**
   * Validates both values.
   *
   * @param remoteAddress the client's address, such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}
   * @param sessionId     an identifier for this session (an atom: letters, digits, {@code -}, {@code .})
   */
  public PeerInfo {
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
   * An address from a socket address string, with a session id of 12 random hex digits from the environment.
   *
   * @param remoteAddress the client's address, such as {@code 192.0.2.7}
   * @param env the environment whose random source makes the session id
   * @return the peer information
   */
  public static PeerInfo of(String remoteAddress, dev.missive.wire.EngineEnvironment env) {
    return new PeerInfo(remoteAddress, env.randomHex(6));
  }
}
