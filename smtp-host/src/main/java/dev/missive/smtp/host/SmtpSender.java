package dev.missive.smtp.host;

import dev.missive.sasl.SaslClientMechanism;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.UnverifiedTls;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Sends mail through a smarthost, a submission server (RFC 6409): port 587 with STARTTLS (RFC 3207) by default, or
 * port 465 with implicit TLS (RFC 8314 §3.3); AUTH with any SASL mechanism (RFC 4954); the server's certificate
 * checked against the JDK's trusted roots and its host name (RFC 6125) unless the loudly named
 * {@link Builder#insecureAcceptAnyCertificate()} says otherwise.
 *
 * <pre>{@code
 * SmtpSender sender = SmtpSender.smarthost("smtp.example.org")
 *     .authentication(() -> SaslClientMechanisms.scramSha256("tim", password))
 *     .build();
 * SendResult result = sender.send(Envelope.of("tim@example.org", "alice@example.net"), MessageContent.of(file));
 * }</pre>
 *
 * <p>{@link #send} opens a connection for one message; {@link #connect()} keeps one open for several. An instance is
 * immutable and may be shared between threads.
 */
public final class SmtpSender {

  private final String host;
  private final int port;
  private final boolean implicitTls;
  private final TlsSettings tls;
  private final SmtpClientConfig config;
  private final Duration connectTimeout;
  private final Duration handshakeTimeout;

  private SmtpSender(Builder b, TlsSettings tls) {
    this.host = b.host;
    this.implicitTls = b.implicitTls;
    this.port = b.port > 0 ? b.port : b.implicitTls ? 465 : 587;
    this.tls = tls;
    this.connectTimeout = b.connectTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    SmtpClientConfig.Builder c = SmtpClientConfig.builder().ehloName(b.ehloName != null ? b.ehloName : localName())
        .tlsPolicy(b.plaintext ? TlsPolicy.NONE : TlsPolicy.REQUIRED); // implicit TLS: the connection's peer says so
    if (b.authentication != null) {
      c.authentication(b.authentication);
    }
    this.config = b.engine.apply(c.build());
  }

  /**
   * Starts describing a smarthost.
   *
   * @param host the server's host name, which its certificate must name
   * @return the builder: port 587, STARTTLS required, certificate verified, no AUTH
   */
  public static Builder smarthost(String host) {
    return new Builder(host);
  }

  /**
   * Connects, sends one message and ends the session with QUIT; more recipients than the server's {@code LIMITS}
   * allow in one transaction go as several transactions, and on a new connection once its {@code MAILMAX} is
   * reached (RFC 9422), each recipient's outcome reported once.
   *
   * @param envelope the sender and recipients
   * @param content  the message
   * @return one result per recipient
   * @throws IOException              if the connection, TLS or the session's opening failed (see {@link #connect()}),
   *                                  or a stream's content could not be read, before anything was sent
   * @throws IllegalArgumentException if the envelope has no recipient, or the server's limits need several
   *                                  transactions and {@code content} is a stream, which cannot be sent twice
   */
  public SendResult send(Envelope envelope, MessageContent content) throws IOException {
    if (envelope.recipients().isEmpty()) {
      throw new IllegalArgumentException("an envelope to send has at least one recipient");
    }
    return LimitedSend.onConnections(this::connect, envelope, content);
  }

  /**
   * Opens a session for several messages.
   *
   * @return the open session, ready for {@link SenderConnection#send}
   * @throws IOException if the connection failed, the TLS handshake failed
   *                     ({@code TlsHandshakes.HandshakeFailedException}: an untrusted certificate or a wrong name,
   *                     with the reason) or the session could not be opened ({@link SmtpSessionException}: a refused
   *                     AUTH, no STARTTLS offered, a refused greeting)
   */
  public SenderConnection connect() throws IOException {
    BlockingClient.Builder transport = BlockingClient.builder("smtp").connectTimeout(connectTimeout)
        .handshakeTimeout(handshakeTimeout);
    if (tls != null) {
      transport.tls(tls).implicitTls(implicitTls);
    }
    return SenderConnection.open(transport.build(), host, host, port, config);
  }

  /** The name sent with EHLO when none is given: this machine's name, else {@code localhost}. */
  static String localName() {
    try {
      String name = InetAddress.getLocalHost().getCanonicalHostName();
      return name.matches("[A-Za-z0-9.-]+") ? name : "localhost";
    } catch (IOException e) {
      return "localhost";
    }
  }

  static TlsSettings defaultTls() throws IOException {
    try {
      return TlsSettings.client(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("the JDK has no default TLS context", e);
    }
  }

  /** Describes a smarthost; {@link #build()} makes the sender. */
  public static final class Builder extends SenderBuilder<Builder> {
    @Override
    Builder self() {
      return this;
    }

    private final String host;
    private int port = -1;
    private boolean implicitTls;
    private boolean plaintext;
    private TlsSettings tls;
    private Supplier<SaslClientMechanism> authentication;

    private Builder(String host) {
      this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * The server's port: 587 by default, 465 with {@link #implicitTls()}.
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * TLS from the first byte (RFC 8314 §3.3), port 465 unless set.
     *
     * @return this builder
     */
    public Builder implicitTls() {
      this.implicitTls = true;
      this.plaintext = false;
      return this;
    }

    /**
     * AUTH with a fresh mechanism for each session (RFC 4954), for example
     * {@code () -> SaslClientMechanisms.scramSha256(user, password)}; mechanisms that send the password itself
     * (PLAIN, LOGIN) run only under TLS.
     *
     * @param mechanisms makes the SASL client mechanism
     * @return this builder
     */
    public Builder authentication(Supplier<SaslClientMechanism> mechanisms) {
      this.authentication = Objects.requireNonNull(mechanisms, "mechanisms");
      return this;
    }

    /**
     * Trusts the certificates {@code context}'s trust managers trust instead of the JDK's roots; the host name is
     * still checked.
     *
     * @param context the TLS context (for example one trusting a private CA)
     * @return this builder
     */
    public Builder trust(SSLContext context) {
      this.tls = TlsSettings.client(context);
      return this;
    }

    /**
     * Uses these TLS settings as they are (their parameters decide whether the host name is checked).
     *
     * @param settings the client's TLS
     * @return this builder
     */
    public Builder tls(TlsSettings settings) {
      this.tls = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * <b>Insecure:</b> accepts any certificate for any name, so anyone on the path can read the password and the mail
     * (RFC 7435 §3: encryption without authentication resists only passive listeners). For test servers only.
     *
     * @return this builder
     */
    public Builder insecureAcceptAnyCertificate() {
      this.tls = UnverifiedTls.settings();
      return this;
    }

    /**
     * <b>Insecure:</b> no TLS at all, the mail crosses the network readable by anyone; PLAIN and LOGIN are then
     * refused by the engine. For a server on this machine or a test only.
     *
     * @return this builder
     */
    public Builder insecurePlaintext() {
      this.plaintext = true;
      this.implicitTls = false;
      return this;
    }

    /**
     * Makes the sender.
     *
     * @return the sender
     * @throws IOException if the JDK's default TLS context cannot be made
     */
    public SmtpSender build() throws IOException {
      return new SmtpSender(this, plaintext ? null : tls != null ? tls : defaultTls());
    }
  }
}
