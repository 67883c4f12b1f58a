package dev.missive.examples.server;

import dev.missive.examples.imap.MaildirMailStore;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.host.ImapListener;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.transport.ProxyProtocol;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.EngineEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The example server's IMAP side (RFC 9051): the users' Maildirs through {@link MaildirMailStore}, the same users
 * and SASL mechanisms as submission and POP3, STARTTLS offered, and a plaintext login (LOGIN, AUTHENTICATE PLAIN)
 * before TLS only from loopback, which counts as secure as it does for POP3 (Dovecot's rule); elsewhere the client
 * sees {@code LOGINDISABLED} (RFC 9051 §6.2.3) until it has done STARTTLS; served by imap-host's {@code ImapListener}
 * on the server's transport and connection limits. Deliveries of the SMTP side reach the
 * sessions that selected the INBOX as they are committed ({@link Maildir#onDelivery}).
 */
final class ImapService {

  /** The answer of a listener that is full (RFC 9051 §7.1.5 BYE, RFC 5530 §3 UNAVAILABLE). */
  static final String BUSY = "* BYE [UNAVAILABLE] Too many connections, try again later\r\n";

  private final MaildirMailStore store;
  private final ImapServerConfig config;
  private final EngineEnvironment environment;

  /**
   * The IMAP side over {@code maildir}.
   *
   * @param maildir        the Maildir tree the SMTP side delivers into
   * @param users          the users
   * @param sasl           the SASL mechanisms of every port
   * @param maxMessageSize the largest message APPEND takes (the SMTP side's SIZE)
   * @param environment    time and randomness
   */
  ImapService(Maildir maildir, Users users, SaslServerMechanisms sasl, long maxMessageSize,
              EngineEnvironment environment) {
    this.store = new MaildirMailStore(maildir, new MaildirMailStore.Accounts() {
      @Override
      public boolean check(String user, char[] password) {
        return users.check(user, new String(password).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public Optional<String> canonical(String user) {
        return users.canonical(user);
      }
    });
    maildir.onDelivery(store::delivered);
    this.config = ImapServerConfig.builder().sasl(sasl).startTls(true)
        .hostCapabilities("CONDSTORE", "QRESYNC", ImapServerConfig.COMPRESS_DEFLATE) // the Maildir keeps
        // mod-sequences (RFC 7162) and both transports compress (RFC 4978)
        .limits(ImapLimits.builder().maxAppendSize(maxMessageSize).build()).build();
    this.environment = environment;
  }

  /** {@return the store, shared by every IMAP session} */
  MaildirMailStore store() {
    return store;
  }

  /** {@return the engine configuration every session gets (STARTTLS, the users' SASL mechanisms, COMPRESS)} */
  ImapServerConfig config() {
    return config;
  }

  /**
   * Starts the IMAP listener (imap-host's {@code ImapListener}, one {@code ImapHandlerServer} per connection) on
   * {@code port} and, if positive, the IMAPS port {@code imapsPort} (RFC 8314 §3.2), with the server's connection
   * limits and a loopback client counted as secure (a plaintext login allowed).
   *
   * @param bind        the address to listen on
   * @param port        the IMAP port (STARTTLS offered)
   * @param imapsPort   the IMAPS port, or 0 for none
   * @param tls         the server's TLS
   * @param transport   the transport every listener of the server runs on
   * @param connections the server's connection limits and deadlines
   * @param proxies     the trusted proxies whose connections begin with a PROXY header (--trusted-proxy), or empty
   * @return the running listener
   * @throws IOException if a port cannot be bound
   */
  ImapListener listen(InetAddress bind, int port, int imapsPort, TlsSettings tls, Transport transport,
                      TransportOptions connections, Optional<ProxyProtocol> proxies) throws IOException {
    ImapListener.Builder b = ImapListener.builder(store).address(bind).port(port).tls(tls).transport(transport)
        .options(connections.withOverLimitReply(BUSY)).trustLoopback(true).environment(environment).config(config);
    if (imapsPort > 0) {
      b.implicitTlsPort(imapsPort);
    }
    proxies.ifPresent(b::proxyProtocol);
    return b.start();
  }
}
