package dev.missive.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What a listener of either transport enforces whatever the protocol: the TLS handshake deadline (implicit TLS,
 * RFC 8314 §3, and STARTTLS/STLS, RFC 3207 §4 and RFC 2595 §4), the write deadline (a peer that reads nothing),
 * the most connections in total and from one client address, what a connection over those limits is told before
 * it is closed, and how far a compressed stream may inflate (COMPRESS=DEFLATE, RFC 4978; {@link DeflateCodec}).
 * Every deadline is measured in the time of the connection's engine ({@code environment().now()}).
 *
 * <pre>{@code
 * TransportOptions options = TransportOptions.defaults()
 *     .withMaxConnections(256, 16)
 *     .withOverLimitReply("421 4.7.0 mx.example.org Too many connections, try again later\r\n");
 * }</pre>
 *
 * @param handshakeTimeout         the longest a TLS handshake may take, from its start to its end; the connection is
 *                                 closed then
 * @param writeTimeout             the longest the peer may leave the transport's output unread (a blocked socket
 *                                 write, a Netty channel that stays unwritable); the connection is closed then
 * @param maxConnections           the most connections served at once
 * @param maxConnectionsPerAddress the most connections served at once from one client IP address
 * @param overLimitReply           the line written to a plaintext connection refused for a limit before it is
 *                                 closed (for example SMTP {@code 421 4.7.0 …}, RFC 5321 §3.8), with its CRLF;
 *                                 empty to close without a word. With implicit TLS it is closed without a reply.
 * @param maxInflationRatio        the most octets a compressed stream may inflate to per octet read, at least 2,
 *                                 checked once more than {@code inflationSlack} octets came out; a connection over
 *                                 it is closed (docs/security.md, "Compression")
 * @param inflationSlack           how many octets may be inflated before the ratio is checked, not negative
 */
public record TransportOptions(Duration handshakeTimeout, Duration writeTimeout, int maxConnections,
                               int maxConnectionsPerAddress, String overLimitReply, int maxInflationRatio,
                               long inflationSlack) {

  /** The default handshake deadline, as Netty's {@code SslHandler} has it. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** The default write deadline: RFC 5321 §4.5.3.2.7's five minutes a server waits for the client. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Validates the options.
   *
   * @param handshakeTimeout         the longest a TLS handshake may take
   * @param writeTimeout             the longest the peer may leave output unread
   * @param maxConnections           the most connections served at once
   * @param maxConnectionsPerAddress the most connections served at once from one client IP address
   * @param overLimitReply           the line a refused plaintext connection is told, or empty
   * @param maxInflationRatio        the most octets a compressed stream may inflate to per octet read, at least 2
   * @param inflationSlack           how many octets may be inflated before the ratio is checked, not negative
   */
  public TransportOptions {
    Objects.requireNonNull(overLimitReply, "overLimitReply");
    checkTimeout("handshakeTimeout", handshakeTimeout);
    checkTimeout("writeTimeout", writeTimeout);
    if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("connection limits must be positive: " + maxConnections + ", "
          + maxConnectionsPerAddress);
    }
    if (!overLimitReply.isEmpty() && !isOneLine(overLimitReply)) {
      throw new IllegalArgumentException("overLimitReply must be one line of printable ASCII ending with CRLF");
    }
    if (maxInflationRatio < 2 || inflationSlack < 0) {
      throw new IllegalArgumentException("an inflation ratio of at least 2 and a slack not negative: "
          + maxInflationRatio + ", " + inflationSlack);
    }
  }

  private static void checkTimeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " out of range: " + timeout);
    }
  }

  private static boolean isOneLine(String s) {
    return s.endsWith("\r\n") && s.length() > 2
        && s.substring(0, s.length() - 2).chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /**
   * A 10 s handshake deadline, a 5 min write deadline, 256 connections, no separate limit per address, no over-limit
   * reply, inflation bounded to {@link DeflateCodec#DEFAULT_MAX_RATIO}:1 after {@link DeflateCodec#DEFAULT_SLACK}
   * octets (100:1 after 1 MiB).
   *
   * @return the default options
   */
  public static TransportOptions defaults() {
    return new TransportOptions(DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_WRITE_TIMEOUT, 256, 256, "",
        DeflateCodec.DEFAULT_MAX_RATIO, DeflateCodec.DEFAULT_SLACK);
  }

  /**
   * A copy with another handshake deadline.
   *
   * @param timeout the longest a TLS handshake may take
   * @return the copy
   */
  public TransportOptions withHandshakeTimeout(Duration timeout) {
    return new TransportOptions(timeout, writeTimeout, maxConnections, maxConnectionsPerAddress, overLimitReply,
        maxInflationRatio, inflationSlack);
  }

  /**
   * A copy with another write deadline.
   *
   * @param timeout the longest the peer may leave the transport's output unread
   * @return the copy
   */
  public TransportOptions withWriteTimeout(Duration timeout) {
    return new TransportOptions(handshakeTimeout, timeout, maxConnections, maxConnectionsPerAddress, overLimitReply,
        maxInflationRatio, inflationSlack);
  }

  /**
   * A copy with other connection limits.
   *
   * @param total      the most connections served at once
   * @param perAddress the most connections served at once from one client IP address
   * @return the copy
   */
  public TransportOptions withMaxConnections(int total, int perAddress) {
    return new TransportOptions(handshakeTimeout, writeTimeout, total, perAddress, overLimitReply, maxInflationRatio,
        inflationSlack);
  }

  /**
   * A copy with another over-limit reply.
   *
   * @param line one ASCII line with its CRLF, or empty to close without a word
   * @return the copy
   */
  public TransportOptions withOverLimitReply(String line) {
    return new TransportOptions(handshakeTimeout, writeTimeout, maxConnections, maxConnectionsPerAddress, line,
        maxInflationRatio, inflationSlack);
  }

  /**
   * A copy with another inflation bound for compressed streams (docs/security.md, "Compression").
   *
   * @param maxRatio the most octets a compressed stream may inflate to per octet read, at least 2
   * @param slack    how many octets may be inflated before the ratio is checked, not negative
   * @return the copy
   */
  public TransportOptions withInflationBound(int maxRatio, long slack) {
    return new TransportOptions(handshakeTimeout, writeTimeout, maxConnections, maxConnectionsPerAddress,
        overLimitReply, maxRatio, slack);
  }
}
