package dev.missive.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What every listener of either transport is built from: a name for logs and session ids, where to listen, the TLS
 * for STARTTLS/STLS and implicit TLS (RFC 8314 §3), the {@link TransportOptions} and the error hook. The blocking and
 * Netty servers' builders add what is their own (an executor, event loops).
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ServerBuilder<B extends ServerBuilder<B>> {

  private final String name;
  private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private TlsSettings tls;
  private boolean implicitTls;
  private TransportOptions options = TransportOptions.defaults();
  private SessionErrorHandler errors = SessionErrorHandler.LOG;
  private ProxyProtocol proxies;

  /**
   * Starts a description.
   *
   * @param name a label for logs and session ids ("smtp", "pop3", …): letters, digits and {@code -}
   */
  protected ServerBuilder(String name) {
    this.name = checkName(name);
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("a name of letters, digits and '-': " + name);
    }
    return name;
  }

  /** {@return this builder as its concrete type} */
  protected abstract B self();

  /**
   * Where to listen; by default a free port on the loopback address.
   *
   * @param address the address and port (0: any free port)
   * @return this builder
   */
  public B bind(InetSocketAddress address) {
    this.bind = Objects.requireNonNull(address, "address");
    return self();
  }

  /**
   * The TLS for STARTTLS/STLS (the engine must offer it) and implicit TLS; without it an engine that asks for TLS
   * loses its connection.
   *
   * @param settings the server's TLS context and parameters
   * @return this builder
   */
  public B tls(TlsSettings settings) {
    this.tls = Objects.requireNonNull(settings, "settings");
    return self();
  }

  /**
   * Whether every connection starts with a TLS handshake (RFC 8314 §3: SMTP submission on 465, POP3S on 995);
   * needs {@link #tls}.
   *
   * @param implicit whether TLS starts with the first byte
   * @return this builder
   */
  public B implicitTls(boolean implicit) {
    this.implicitTls = implicit;
    return self();
  }

  /**
   * The handshake and write deadlines, connection limits and over-limit reply; {@link TransportOptions#defaults()}
   * if not set.
   *
   * @param options the options
   * @return this builder
   */
  public B options(TransportOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return self();
  }

  /**
   * The hook told of sessions that fail; by default {@link SessionErrorHandler#LOG}.
   *
   * @param handler the hook
   * @return this builder
   */
  public B onError(SessionErrorHandler handler) {
    this.errors = Objects.requireNonNull(handler, "handler");
    return self();
  }

  /**
   * Binds the server and starts accepting.
   *
   * @return the running server
   * @throws IOException           if the address cannot be bound
   * @throws IllegalStateException if implicit TLS is asked for without {@link #tls}
   */
  public abstract RunningServer start() throws IOException;

  /**
   * The proxies whose connections begin with a PROXY protocol header naming the real client, read before TLS and the
   * engine; by default none (every connection's peer is its socket's remote address).
   *
   * @param settings the trusted proxies and the header's deadline and maximum
   * @return this builder
   */
  public B proxyProtocol(ProxyProtocol settings) {
    this.proxies = Objects.requireNonNull(settings, "settings");
    return self();
  }

  /** {@return the trusted proxies, or null when no connection carries a PROXY header} */
  protected ProxyProtocol proxyProtocolSettings() {
    return proxies;
  }

  /**
   * Checks the description before a start.
   *
   * @throws IllegalStateException if implicit TLS is asked for without {@link #tls}
   */
  protected void validate() {
    if (implicitTls && tls == null) {
      throw new IllegalStateException("implicit TLS needs tls(...)");
    }
  }

  /** {@return the label for logs and session ids} */
  protected String name() {
    return name;
  }

  /** {@return where to listen} */
  protected InetSocketAddress bindAddress() {
    return bind;
  }

  /** {@return the TLS settings, or null when TLS is not offered} */
  protected TlsSettings tlsSettings() {
    return tls;
  }

  /** {@return whether every connection starts with a TLS handshake} */
  protected boolean isImplicitTls() {
    return implicitTls;
  }

  /** {@return the transport options} */
  protected TransportOptions transportOptions() {
    return options;
  }

  /** {@return the error hook} */
  protected SessionErrorHandler errorHandler() {
    return errors;
  }
}
