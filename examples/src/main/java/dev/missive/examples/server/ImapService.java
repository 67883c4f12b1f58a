package dev.missive.examples.server;

import dev.missive.examples.imap.MaildirMailStore;
import dev.missive.examples.maildir.Maildir;
import dev.missive.imap.protocol.ImapLimits;
import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.wire.EngineEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The example server's IMAP side (RFC 9051): the users' Maildirs through {@link MaildirMailStore}, the same users
 * and SASL mechanisms as submission and POP3, STARTTLS offered, and a plaintext login (LOGIN, AUTHENTICATE PLAIN)
 * before TLS only from loopback, which counts as secure as it does for POP3 (Dovecot's rule); elsewhere the client
 * sees {@code LOGINDISABLED} (RFC 9051 §6.2.3) until it has done STARTTLS. Deliveries of the SMTP side reach the
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
        .hostCapabilities(ImapServerConfig.COMPRESS_DEFLATE) // both transports compress (RFC 4978)
        .limits(ImapLimits.DEFAULT.withMaxAppendSize(maxMessageSize)).build();
    this.environment = environment;
  }

  /** {@return the store, shared by every IMAP session} */
  MaildirMailStore store() {
    return store;
  }

  /**
   * The session of one IMAP connection; a loopback client counts as secure (a plaintext login is allowed).
   *
   * @param c the connection
   * @return its session
   */
  EngineSession session(Connection c) {
    return EngineSession.of(new ImapHandlerServer(store, config, environment, c.peer(true)));
  }
}
