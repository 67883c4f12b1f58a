package dev.missive.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What a listener of either transport enforces whatever the protocol: the TLS handshake deadline (implicit TLS,
 * RFC 8314 §3, and STARTTLS/STLS, RFC 3207 §4 and RFC 2595 §4), the most connections in total and from one client
 * address, and what a connection over those limits is told before it is closed. The engines' own deadlines are
 * measured against each engine's {@code environment()}.
 *
 * <pre>{@code
 * TransportOptions options = TransportOptions.defaults()
 *     .withMaxConnections(256, 16)
 *     .withOverLimitReply("421 4.7.0 mx.example.org Too many connections, try again later\r\n");
 * }</pre>
 *
 * @param handshakeTimeout         the longest a TLS handshake may take, from its start to its end; the connection is
 *                                 closed then
 * @param maxConnections           the most connections served at once
 * @param maxConnectionsPerAddress the most connections served at once from one client IP address
 * @param overLimitReply           the line written to a plaintext connection refused for a limit before it is
 *                                 closed (for example SMTP {@code 421 4.7.0 …}, RFC 5321 §3.8), with its CRLF;
 *                                 empty to close without a word. With implicit TLS it is closed without a reply.
 */
public record TransportOptions(Duration handshakeTimeout, int maxConnections, int maxConnectionsPerAddress,
                               String overLimitReply) {

  /** The default handshake deadline, as Netty's {@code SslHandler} has it. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Validates the options.
   *
   * @param handshakeTimeout         the longest a TLS handshake may take
   * @param maxConnections           the most connections served at once
   * @param maxConnectionsPerAddress the most connections served at once from one client IP address
   * @param overLimitReply           the line a refused plaintext connection is told, or empty
   */
  public TransportOptions {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(overLimitReply, "overLimitReply");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("handshakeTimeout out of range: " + handshakeTimeout);
    }
    if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("connection limits must be positive: " + maxConnections + ", "
          + maxConnectionsPerAddress);
    }
    if (!overLimitReply.isEmpty() && !isOneLine(overLimitReply)) {
      throw new IllegalArgumentException("overLimitReply must be one line of printable ASCII ending with CRLF");
    }
  }

  private static boolean isOneLine(String s) {
    return s.endsWith("\r\n") && s.length() > 2
        && s.substring(0, s.length() - 2).chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /**
   * A 10 s handshake deadline, 256 connections, no separate limit per address, no over-limit reply.
   *
   * @return the default options
   */
  public static TransportOptions defaults() {
    return new TransportOptions(DEFAULT_HANDSHAKE_TIMEOUT, 256, 256, "");
  }

  /**
   * A copy with another handshake deadline.
   *
   * @param timeout the longest a TLS handshake may take
   * @return the copy
   */
  public TransportOptions withHandshakeTimeout(Duration timeout) {
    return new TransportOptions(timeout, maxConnections, maxConnectionsPerAddress, overLimitReply);
  }

  /**
   * A copy with other connection limits.
   *
   * @param total      the most connections served at once
   * @param perAddress the most connections served at once from one client IP address
   * @return the copy
   */
  public TransportOptions withMaxConnections(int total, int perAddress) {
    return new TransportOptions(handshakeTimeout, total, perAddress, overLimitReply);
  }

  /**
   * A copy with another over-limit reply.
   *
   * @param line one ASCII line with its CRLF, or empty to close without a word
   * @return the copy
   */
  public TransportOptions withOverLimitReply(String line) {
    return new TransportOptions(handshakeTimeout, maxConnections, maxConnectionsPerAddress, line);
  }
}
