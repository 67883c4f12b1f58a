package dev.missive.imap.host;

import dev.missive.imap.server.ImapHandlerServer;
import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.server.MailStore;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.Listener;
import dev.missive.transport.ListenerBuilder;
import dev.missive.transport.RunningServer;
import java.util.Objects;
import java.util.function.Function;

/**
 * An IMAP server (RFC 9051) over the user's {@link MailStore} in a few lines: one {@link ImapHandlerServer} per
 * connection on the library's blocking transport (or Netty, {@link dev.missive.transport.Transport#NETTY}). STARTTLS
 * (RFC 9051 §6.2.1) is offered when TLS is given; {@link Builder#implicitTlsPort} adds an IMAPS port (993, RFC 8314
 * §3.2). {@link #close()} tells every session {@code * BYE} (RFC 9051 §7.1.5) before it closes the connection.
 *
 * <pre>{@code
 * try (ImapListener imap = ImapListener.builder(store)
 *     .port(143)
 *     .tls(TlsSettings.fromKeyStore(Path.of("mail.p12"), password))
 *     .implicitTlsPort(993)
 *     .maxConnections(256, 16)
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Strict by default: LOGIN and plaintext SASL mechanisms are refused before TLS ({@code LOGINDISABLED}, RFC 9051
 * §6.2.3), also from loopback unless {@link Builder#trustLoopback(boolean)}; every limit is in
 * {@link ImapServerConfig}. AUTHENTICATE PLAIN (RFC 4616) is offered beside LOGIN, checked with the store's
 * {@link MailStore#checkPassword}, as RFC 9051 §7.2.2 and RFC 3501 §7.2.1 ask of every server; clients such as curl
 * log in with it after STARTTLS.
 */
public final class ImapListener extends Listener {

  private ImapListener(RunningServer plain, RunningServer implicit) {
    super(plain, implicit);
  }

  /**
   * Starts describing a listener on port 143 of the loopback address.
   *
   * @param store the mailboxes every session reads and changes (shared by all connections; it must be thread-safe)
   * @return the builder
   */
  public static Builder builder(MailStore store) {
    return new Builder(store);
  }

  /**
   * Describes an IMAP listener; {@link #start()} binds it. Connections over the limits are greeted
   * {@code * BYE} (RFC 9051 §7.1.5) and closed.
   */
  public static final class Builder extends ListenerBuilder<Builder, ImapListener> {
    private final MailStore store;
    private ImapServerConfig config;

    private Builder(MailStore store) {
      super("imap", 143, "* BYE Too many connections, try again later\r\n");
      this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The engine's configuration (limits, SASL, greeting, login rules). Without one, STARTTLS is offered exactly when
     * {@link #tls} is set, and CONDSTORE, QRESYNC (RFC 7162) and COMPRESS=DEFLATE (RFC 4978) always; a configuration
     * given here must not offer STARTTLS without it, and offers each of those three when it lists it among its host
     * capabilities (a store that keeps no mod-sequences leaves CONDSTORE and QRESYNC out). A configuration without SASL mechanisms gets AUTHENTICATE PLAIN over the store's
     * {@link MailStore#checkPassword}.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder config(ImapServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the configuration offers STARTTLS and no {@link #tls} is set
     */
    @Override
    protected Function<Connection, EngineSession> sessions() {
      ImapServerConfig given = config != null ? config : ImapServerConfig.builder().startTls(hasTls())
          .hostCapabilities("CONDSTORE", "QRESYNC", ImapServerConfig.COMPRESS_DEFLATE) // mod-sequences where the
          .build(); // store keeps them, NOMODSEQ elsewhere (RFC 7162); both transports compress (RFC 4978)
      ImapServerConfig c = given.sasl() != null ? given
          : given.toBuilder().sasl(SaslServerMechanisms.builder().plain(store::checkPassword).build()).build();
      if (c.startTls() && !hasTls()) {
        throw new IllegalStateException("the configuration offers STARTTLS: set tls(...)");
      }
      return connection -> EngineSession.of(new ImapHandlerServer(store, c, engineEnvironment(), peer(connection)));
    }

    @Override
    protected ImapListener create(RunningServer plain, RunningServer implicit) {
      return new ImapListener(plain, implicit);
    }
  }
}
