package dev.missive.imap.host;

import dev.missive.imap.client.ImapClient;
import dev.missive.imap.client.ImapClientConfig;
import dev.missive.imap.client.ImapClientEvent;
import dev.missive.imap.client.ImapLogin;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.transport.TlsSettings;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Describes an {@link ImapSession}; {@link #connect()} opens it. Port 993 means implicit TLS (RFC 8314 §3.2), any
 * other port STARTTLS (RFC 9051 §6.2.1), required; the server's certificate is checked against the JDK's trusted
 * roots and the host name unless other {@link TlsSettings} are given.
 */
public final class ImapSessionBuilder {

  private static final AtomicLong IDS = new AtomicLong();

  private final String host;
  private int port = 993;
  private Boolean implicitTls;
  private TlsSettings tls;
  private ImapLogin login;
  private boolean plaintext;
  private Duration connectTimeout = Duration.ofSeconds(30);
  private Duration responseTimeout = Duration.ofMinutes(2);
  private boolean compression;
  private boolean mailboxResync;

  ImapSessionBuilder(String host) {
    this.host = Objects.requireNonNull(host, "host");
  }

  /**
   * The server's port: 993 (implicit TLS) by default, 143 for STARTTLS.
   *
   * @param p the port
   * @return this builder
   */
  public ImapSessionBuilder port(int p) {
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("not a port: " + p);
    }
    this.port = p;
    return this;
  }

  /**
   * Whether TLS starts with the first byte; by default only on port 993.
   *
   * @param on whether implicit TLS
   * @return this builder
   */
  public ImapSessionBuilder implicitTls(boolean on) {
    this.implicitTls = on;
    return this;
  }

  /**
   * Other TLS settings: the context's trust managers decide which certificates are accepted, the parameters whether
   * the host name is checked ({@code TlsSettings.client(context)} checks it). By default the JDK's trusted roots and
   * the host name are checked.
   *
   * @param settings the settings, such as {@code TlsSettings.client(context)}
   * @return this builder
   */
  public ImapSessionBuilder tls(TlsSettings settings) {
    this.tls = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * Logs in with LOGIN and a password (RFC 9051 §6.2.3), under TLS only.
   *
   * @param user     the user name
   * @param password the password
   * @return this builder
   */
  public ImapSessionBuilder password(String user, String password) {
    this.login = ImapLogin.password(user, password);
    return this;
  }

  /**
   * Logs in with an OAuth 2.0 access token: OAUTHBEARER (RFC 7628), under TLS only.
   *
   * @param user  the user name
   * @param token the access token
   * @return this builder
   */
  public ImapSessionBuilder oauthBearer(String user, String token) {
    this.login = ImapLogin.sasl("OAUTHBEARER", () -> SaslClientMechanisms.oauthBearer(user, host, port, token));
    return this;
  }

  /**
   * Logs in with an OAuth 2.0 access token: XOAUTH2 (Google's and Microsoft's mechanism), under TLS only.
   *
   * @param user  the user name
   * @param token the access token
   * @return this builder
   */
  public ImapSessionBuilder xoauth2(String user, String token) {
    this.login = ImapLogin.sasl("XOAUTH2", () -> SaslClientMechanisms.xoauth2(user, token));
    return this;
  }

  /**
   * Allows a plaintext session and a password without TLS: for a test server on loopback only.
   *
   * @param on whether to go without TLS
   * @return this builder
   */
  public ImapSessionBuilder withoutTls(boolean on) {
    this.plaintext = on;
    return this;
  }

  /**
   * Whether to ask for COMPRESS DEFLATE (RFC 4978) once logged in, when the server offers {@code COMPRESS=DEFLATE}:
   * the session then goes compressed both ways ({@link ImapClientConfig.Builder#compress}). Off by default.
   *
   * @param on whether to ask
   * @return this builder
   */
  public ImapSessionBuilder compression(boolean on) {
    this.compression = on;
    return this;
  }

  /**
   * Whether to enable CONDSTORE and QRESYNC (RFC 7162 §3.2.3) when the server offers them, so a cached mailbox is
   * resynchronised with one SELECT ({@link ImapSession#resync}, {@link ImapClientConfig.Builder#mailboxResync}). Off by
   * default: {@code resync} then falls back to CONDSTORE's CHANGEDSINCE or to every message's flags.
   *
   * @param on whether to enable them
   * @return this builder
   */
  public ImapSessionBuilder mailboxResync(boolean on) {
    this.mailboxResync = on;
    return this;
  }

  /**
   * How long connecting may take (30 s by default) and how long the server may stay silent while a command waits
   * (2 minutes by default).
   *
   * @param connect  the connect timeout
   * @param response the response timeout
   * @return this builder
   */
  public ImapSessionBuilder timeouts(Duration connect, Duration response) {
    this.connectTimeout = Objects.requireNonNull(connect, "connect");
    this.responseTimeout = Objects.requireNonNull(response, "response");
    return this;
  }

  /**
   * Connects, upgrades to TLS, logs in and enables what the server offers of IMAP4rev2 and UTF8=ACCEPT (and of
   * CONDSTORE and QRESYNC with {@link #mailboxResync}); compresses with {@link #compression} when offered.
   *
   * @return the logged-in session
   * @throws IOException if the connection, the TLS handshake or the login failed (a refused login is an
   *                     {@link ImapCommandException} with the server's code)
   */
  public ImapSession connect() throws IOException {
    if (login == null) {
      throw new IllegalStateException("no login: call password, oauthBearer or xoauth2");
    }
    boolean implicit = !plaintext && (implicitTls != null ? implicitTls : port == 993);
    TlsSettings settings = tls != null ? tls : plaintext ? null : defaultTls();
    ImapClientConfig.Builder clientConfig = ImapClientConfig.builder().login(login)
        .tlsPolicy(plaintext ? TlsPolicy.NONE : TlsPolicy.REQUIRED).plaintextLoginAllowed(plaintext)
        .responseTimeout(responseTimeout).compress(compression);
    if (mailboxResync) {
      clientConfig.mailboxResync();
    }
    ImapClientConfig config = clientConfig.build();
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
      socket.setTcpNoDelay(true);
      Socket s = socket;
      if (implicit) {
        SSLSocket ssl = settings.layer(socket, true, host);
        ssl.startHandshake();
        s = ssl;
      }
      PeerInfo peer = new PeerInfo(host + ":" + port, "imap-" + IDS.incrementAndGet(),
          implicit ? ConnectionSecurity.IMPLICIT_TLS : ConnectionSecurity.PLAINTEXT);
      ImapClient client = new ImapClient(config, EngineEnvironment.system(), peer);
      SessionDriver driver = new SessionDriver(client, s, settings, host);
      ImapClientEvent.LoginFailed[] failed = {null};
      List<String> enabled = new ArrayList<>();
      driver.run(e -> {
        if (e instanceof ImapClientEvent.LoginFailed f) {
          failed[0] = f;
        } else if (e instanceof ImapClientEvent.LoggedIn in) {
          enabled.addAll(in.enabled());
        }
        return e instanceof ImapClientEvent.LoggedIn || e instanceof ImapClientEvent.Closed && failed[0] != null;
      }, null);
      if (failed[0] != null) {
        driver.close();
        throw new ImapCommandException(failed[0].method(), failed[0].failure());
      }
      return new ImapSession(driver, enabled);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static TlsSettings defaultTls() throws IOException {
    try {
      return TlsSettings.client(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("no default TLS context", e);
    }
  }
}
