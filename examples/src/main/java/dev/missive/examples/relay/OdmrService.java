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
import dev.missive.smtp.server.SmtpSession;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.RunningServer;
import dev.missive.transport.ServerBuilder;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The relay's On-Demand Mail Relay port (RFC 2645; port 366 is reserved for it, §4): a customer authenticates
 * (AUTH PLAIN or LOGIN), asks with ATRN for the mail held for its domains ({@link HeldMail}), and on
 * {@code 250 OK now reversing the connection} the relay's SMTP client engine delivers it over the same connection
 * ({@link OdmrDelivery}); a {@link HandoverEngine} lets the blocking transport drive both engines. The port takes no
 * mail: MAIL gets 550 (RFC 2645 §5.4 lets the provider refuse every other command).
 *
 * <p>With TLS settings the port offers STARTTLS (RFC 3207; RFC 2645 §8 leaves the session's privacy to the layer
 * below). AUTH PLAIN and LOGIN send the password in the clear, so before TLS they are offered and accepted only
 * from loopback (docs/security.md, "Logins before TLS"); without TLS settings only a loopback customer can
 * authenticate at all. After a reversal under TLS the delivering client starts as on a TLS connection.
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
   * @param tls      the server's TLS for STARTTLS, or empty to offer none
   */
  OdmrService(InetSocketAddress bind, String hostname, HeldMail held, Optional<TlsSettings> tls) throws IOException {
    EngineEnvironment env = EngineEnvironment.system();
    ServerBuilder<?> builder = Transport.BLOCKING.server("odmr",
        c -> new Session(c, config(hostname, held.customers(), tls.isPresent(), c.isLoopback()), hostname, held, env));
    tls.ifPresent(builder::tls);
    this.server = builder.bind(bind).start();
  }

  /**
   * The ODMR server's configuration for one connection.
   *
   * @param hostname  the relay's name
   * @param customers who may authenticate
   * @param tls       whether STARTTLS is offered (RFC 3207)
   * @param loopback  whether the customer connects from loopback, the one place AUTH PLAIN and LOGIN are taken
   *                  before TLS
   * @return the configuration
   */
  static SmtpServerConfig config(String hostname, OdmrCustomers customers, boolean tls, boolean loopback) {
    List<SmtpExtension> extensions = new ArrayList<>(List.of(SmtpExtension.ENHANCED_STATUS_CODES));
    if (tls) {
      extensions.add(SmtpExtension.STARTTLS);
    }
    extensions.addAll(List.of(SmtpExtension.AUTH, SmtpExtension.ATRN));
    return SmtpServerConfig.builder().hostname(hostname).greeting("on-demand mail relay server ready")
        .extensions(extensions.toArray(SmtpExtension[]::new)).tlsAvailable(tls)
        .authMechanisms(customers.mechanisms()).plaintextAuthAllowed(loopback).build();
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
    private SmtpSession session;
    private OdmrDelivery delivery;
    private List<HeldMail.Batch> collected = List.of();

    Session(Connection connection, SmtpServerConfig config, String hostname, HeldMail held, EngineEnvironment env) {
      this.held = held;
      this.hostname = hostname;
      this.env = env;
      this.peer = connection.peer(false);
      this.engine = new HandoverEngine(new SmtpHandlerServer(config, env, peer, s -> {
        session = s;
        return this;
      }));
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

    /** Both the transport's session and the ODMR server's handler end here: what was not collected is held again. */
    @Override
    public void closed() {
      held.release(collected);
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
      collected = batches;
      if (batches.isEmpty()) {
        return atrn.noMail();
      }
      delivery = new OdmrDelivery(held, batches, peer.sessionId());
      SmtpClientConfig client = SmtpClientConfig.builder().ehloName(hostname).tlsPolicy(TlsPolicy.NONE).build();
      // the reversed session runs inside the TLS the customer started, if any: the client starts as on implicit TLS
      PeerInfo reversed = session.tls().isEmpty() ? peer
          : new PeerInfo(peer.remoteAddress(), peer.sessionId(), ConnectionSecurity.IMPLICIT_TLS);
      return atrn.reverse(new SmtpClient(client, env, reversed));
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
