package dev.missive.pop3.host;

import dev.missive.pop3.client.Pop3Client;
import dev.missive.pop3.client.Pop3ClientConfig;
import dev.missive.pop3.client.Pop3ClientLimits;
import dev.missive.pop3.client.Pop3Login;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.ClientCalls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.UnverifiedTls;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * Describes the connection of a {@link Pop3Mailbox}; {@link #open()} connects and logs in. By default: implicit TLS
 * on port 995 (RFC 8314 §3.3), the certificate checked against the JDK's trusted roots and the host name (RFC 6125),
 * 30 s to connect, 10 minutes for each answer (RFC 1939 §3's autologout timer).
 */
public final class Pop3MailboxBuilder {

  private final String host;
  private final Pop3Login login;
  private boolean implicitTls = true;
  private boolean noTls;
  private int port = -1;
  private TlsSettings tls;
  private Duration connectTimeout = Duration.ofSeconds(30);
  private Duration responseTimeout = Duration.ofMinutes(10);
  private UnaryOperator<Pop3ClientConfig.Builder> engine = UnaryOperator.identity();

  Pop3MailboxBuilder(String host, Pop3Login login) {
    this.host = Objects.requireNonNull(host, "host");
    this.login = Objects.requireNonNull(login, "login");
  }

  /**
   * The server's port: 995 by default, 110 after {@link #stls()}.
   *
   * @param port the port
   * @return this builder
   */
  public Pop3MailboxBuilder port(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("not a port: " + port);
    }
    this.port = port;
    return this;
  }

  /**
   * Connects in plaintext and upgrades with STLS before logging in (RFC 2595 §4); a server that does not offer STLS
   * is left with QUIT and {@link #open()} fails. The port becomes 110 unless set.
   *
   * @return this builder
   */
  public Pop3MailboxBuilder stls() {
    this.implicitTls = false;
    this.noTls = false;
    return this;
  }

  /**
   * Trusts the certificates {@code context}'s trust managers trust, instead of the JDK's roots; the host name is
   * still checked.
   *
   * @param context the TLS context (for example one trusting a private CA)
   * @return this builder
   */
  public Pop3MailboxBuilder trust(SSLContext context) {
    this.tls = TlsSettings.client(context);
    return this;
  }

  /**
   * Uses these TLS settings as they are (their parameters decide whether the host name is checked).
   *
   * @param settings the client's TLS
   * @return this builder
   */
  public Pop3MailboxBuilder tls(TlsSettings settings) {
    this.tls = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * <b>Insecure:</b> accepts any certificate for any name, so anyone on the path can read the password and the mail
   * (RFC 7435 §3: encryption without authentication resists only passive listeners). For test servers only.
   *
   * @return this builder
   */
  public Pop3MailboxBuilder insecureAcceptAnyCertificate() {
    this.tls = UnverifiedTls.settings();
    return this;
  }

  /**
   * <b>Insecure:</b> no TLS at all; the password and the mail cross the network readable by anyone (RFC 8314 §3
   * recommends TLS for every POP3 connection). For a server on this machine or a test only. The port becomes 110
   * unless set.
   *
   * @return this builder
   */
  public Pop3MailboxBuilder insecurePlaintext() {
    this.implicitTls = false;
    this.noTls = true;
    return this;
  }

  /**
   * The longest the TCP connect may take.
   *
   * @param timeout the connect timeout
   * @return this builder
   */
  public Pop3MailboxBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * How long to wait for each answer of the server.
   *
   * @param timeout the response timeout
   * @return this builder
   */
  public Pop3MailboxBuilder responseTimeout(Duration timeout) {
    this.responseTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * Adjusts the engine's configuration further (limits, CAPA, pipelining, UTF8), after this builder's choices.
   *
   * @param adjust changes the engine configuration's builder and returns it
   * @return this builder
   */
  public Pop3MailboxBuilder engine(UnaryOperator<Pop3ClientConfig.Builder> adjust) {
    this.engine = Objects.requireNonNull(adjust, "adjust");
    return this;
  }

  /**
   * Connects, upgrades to TLS and logs in.
   *
   * @return the mailbox, in the TRANSACTION state (RFC 1939 §4)
   * @throws Pop3LoginException if the server refused the login
   * @throws IOException        if the connection or the TLS handshake failed (an untrusted certificate or a wrong
   *                            name: {@code TlsHandshakes.HandshakeFailedException} with the reason), or the server
   *                            ended the session (for example without offering STLS)
   */
  public Pop3Mailbox open() throws IOException {
    Pop3ClientConfig config = engine.apply(Pop3ClientConfig.builder().login(login)
        .tlsPolicy(noTls ? TlsPolicy.NONE : TlsPolicy.REQUIRED) // implicit TLS: the connection's peer says so
        .limits(Pop3ClientLimits.DEFAULT.toBuilder().responseTimeout(responseTimeout).build())).build();
    BlockingClient.Builder transport = BlockingClient.builder("pop3").connectTimeout(connectTimeout);
    if (!noTls) {
      transport.tls(tls != null ? tls : defaultTls()).implicitTls(implicitTls);
    }
    BlockingClient client = transport.build();
    ClientCalls calls = new ClientCalls();
    Pop3Mailbox mailbox = new Pop3Mailbox(calls);
    int connectTo = port > 0 ? port : implicitTls ? 995 : 110;
    Thread thread = calls.startSession("missive-pop3-" + host, () -> {
      try (client) {
        client.run(host, connectTo, connection -> mailbox.attach(new MailboxSession(
            new Pop3Client(config, EngineEnvironment.system(), connection.peer(false)), calls)));
      }
      IOException reason = mailbox.endReason();
      if (reason != null) {
        throw reason; // the calls still waiting fail with it
      }
    });
    mailbox.started(thread);
    try {
      calls.call(answer -> answer.complete(null)); // served once logged in (RFC 1939 §4: TRANSACTION)
    } catch (IOException e) {
      join(thread);
      throw e;
    }
    return mailbox;
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static TlsSettings defaultTls() throws IOException {
    try {
      return TlsSettings.client(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("the JDK has no default TLS context", e);
    }
  }
}
