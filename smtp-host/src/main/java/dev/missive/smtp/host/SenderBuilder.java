package dev.missive.smtp.host;

import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.transport.TransportOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What every sender's builder sets alike ({@link SmtpSender.Builder}, {@link MxSender.Builder}): the EHLO name, the
 * connect and handshake deadlines and the last word on the engine's configuration.
 *
 * @param <B> the builder itself, so each setter returns it
 */
abstract class SenderBuilder<B extends SenderBuilder<B>> {
  String ehloName;
  Duration connectTimeout = Duration.ofSeconds(30);
  Duration handshakeTimeout = TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT;
  UnaryOperator<SmtpClientConfig> engine = UnaryOperator.identity();

  SenderBuilder() {}

  abstract B self();

  /**
   * The name sent with EHLO (RFC 5321 §4.1.1.1): this machine's fully qualified name by default; MX hosts check it.
   *
   * @param name a domain name or an address literal
   * @return this builder
   */
  public B ehloName(String name) {
    this.ehloName = Objects.requireNonNull(name, "name");
    return self();
  }

  /**
   * The longest one TCP connect may take (30 s by default).
   *
   * @param timeout the connect timeout
   * @return this builder
   */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
    return self();
  }

  /**
   * The longest a TLS handshake may take (10 s by default): a server that stalls it loses the connection.
   *
   * @param timeout the handshake deadline
   * @return this builder
   */
  public B handshakeTimeout(Duration timeout) {
    this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
    return self();
  }

  /**
   * Adjusts the engine's configuration further (limits, timeouts, pipelining, CHUNKING), after this builder's
   * choices: {@code c -> c.toBuilder().chunking(false).build()}.
   *
   * @param adjust returns the configuration to use
   * @return this builder
   */
  public B engine(UnaryOperator<SmtpClientConfig> adjust) {
    this.engine = Objects.requireNonNull(adjust, "adjust");
    return self();
  }
}
