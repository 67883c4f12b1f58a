package dev.missive.examples.relay;

import dev.missive.smtp.Envelope;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.smtp.server.MessageSink;
import dev.missive.smtp.server.SmtpDecision;
import dev.missive.smtp.server.SmtpHandler;
import dev.missive.smtp.server.SmtpHandlerServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.RunningServer;
import dev.missive.transport.Transport;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The relay's On-Demand Mail Relay port (RFC 2645; port 366 is reserved for it, §4): a customer authenticates
 * (AUTH PLAIN or LOGIN, allowed in plaintext only from loopback: the example has no TLS on this port), asks with ATRN
 * for the mail held for its domains ({@link HeldMail}), and on {@code 250 OK now reversing the connection} the
 * relay's SMTP client engine delivers it over the same connection ({@link OdmrDelivery}); a {@link HandoverEngine}
 * lets the blocking transport drive both engines. The port takes no mail: MAIL gets 550 (RFC 2645 §5.4 lets the
 * provider refuse every other command).
 */
final class OdmrService implements AutoCloseable {

  private static final Reply NO_MAIL_HERE = Reply.of(550, "5.7.1", "This port only serves ATRN (RFC 2645)");

  private final RunningServer server;

  /**
   * Listens for customers.
   *
   * @param bind     the address and port to listen on
   * @param hostname the relay's name (greeting, EHLO after the reversal)
   * @param held     the held mail and the customers
   */
  OdmrService(InetSocketAddress bind, String hostname, HeldMail held) throws IOException {
    EngineEnvironment env = EngineEnvironment.system();
    this.server = Transport.BLOCKING.server("odmr", c -> new Session(c, hostname, held, env)).bind(bind).start();
  }

  /** {@return the port the service listens on} */
  int port() {
    return server.port();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** One customer's connection: the ODMR server engine, then the delivering client engine. */
  private static final class Session implements EngineSession, SmtpHandler {

    private final HeldMail held;
    private final String hostname;
    private final EngineEnvironment env;
    private final PeerInfo peer;
    private final HandoverEngine engine;
    private OdmrDelivery delivery;

    Session(Connection connection, String hostname, HeldMail held, EngineEnvironment env) {
      this.held = held;
      this.hostname = hostname;
      this.env = env;
      this.peer = connection.peer(false);
      SmtpServerConfig config = SmtpServerConfig.builder().hostname(hostname)
          .greeting("on-demand mail relay server ready")
          .extensions(SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.AUTH, SmtpExtension.ATRN)
          .authMechanisms(held.customers().mechanisms()).plaintextAuthAllowed(connection.isLoopback()).build();
      this.engine = new HandoverEngine(new SmtpHandlerServer(config, env, peer, session -> this));
    }

    @Override
    public ProtocolEngine engine() {
      return engine;
    }

    @Override
    public void handleEvents() throws IOException {
      if (engine.current() instanceof SmtpClient client && delivery != null) {
        delivery.handle(client);
      }
    }

    /** Both the transport's session and the ODMR server's handler end here; nothing to release. */
    @Override
    public void closed() {
      // the held spool keeps what was not collected
    }

    @Override
    public boolean wantsToWrite() {
      return engine.current() instanceof SmtpClient client && delivery != null && delivery.wantsToWrite(client);
    }

    // ---- the ODMR server's handler ----

    @Override
    public SmtpDecision atrn(SmtpServerEvent.Atrn atrn) throws IOException {
      Optional<Set<String>> domains = held.customers().allowed(atrn.authentication().authorizationId(),
          atrn.request().domains());
      if (domains.isEmpty()) {
        return atrn.refused(); // RFC 2645 §5.2.1: a domain that is not this customer's
      }
      List<HeldMail.Batch> batches = held.collect(domains.get());
      if (batches.isEmpty()) {
        return atrn.noMail();
      }
      delivery = new OdmrDelivery(held, batches, peer.sessionId());
      SmtpClientConfig client = SmtpClientConfig.builder().ehloName(hostname).tlsPolicy(TlsPolicy.NONE).build();
      return atrn.reverse(new SmtpClient(client, env, peer));
    }

    @Override
    public SmtpDecision mailFrom(dev.missive.message.address.ReversePath from, dev.missive.smtp.MailParameters p) {
      return SmtpDecision.reject(NO_MAIL_HERE);
    }

    @Override
    public MessageSink data(Envelope envelope, ReceivedField trace) {
      throw new IllegalStateException("the ODMR port refuses MAIL, so no message reaches data()");
    }
  }
}
