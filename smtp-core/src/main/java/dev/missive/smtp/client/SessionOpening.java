package dev.missive.smtp.client;

import dev.missive.sasl.exchange.internal.SaslClientExchange;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.TlsPolicy;
import dev.missive.wire.internal.CommandPipeline;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The opening of a client session: the greeting (RFC 5321 §3.1), EHLO with the HELO fallback (§3.2, §4.1.1.1), the
 * STARTTLS upgrade as the TLS policy says (RFC 3207 §4; a required TLS that is missing or refused ends the session,
 * docs/security.md, "A client that requires TLS") with the capabilities forgotten after the handshake (§4.2), and
 * AUTH (RFC 4954 §4).
 */
final class SessionOpening {

  /** Mechanisms that send a reusable secret in the clear (RFC 4616 §4, RFC 7628 §5, RFC 6750 §5.3). */
  private static final Set<String> SECRET_IN_CLEAR = Set.of("PLAIN", "LOGIN", "OAUTHBEARER", "XOAUTH2");

  /**
   * The longest AUTH arguments: a command line is at most 512 octets with its CRLF (RFC 4954 §4, RFC 5321
   * §4.5.3.1.4), less {@code "AUTH "}; a longer initial response goes after the server's empty 334 instead.
   */
  private static final int MAX_AUTH_ARGUMENTS = 512 - 2 - 5;

  private final ClientPort session;
  private final CommandPipeline<Command> pipe;
  private final SmtpClientConfig config;
  private EhloCapabilities capabilities;
  private boolean tls;
  private boolean tlsDeclined;
  private boolean authenticated;
  private SaslClientExchange auth;

  /** Creates the opening of a session configured by {@code config}, under TLS from the start if {@code tls}. */
  public SessionOpening(ClientPort session, CommandPipeline<Command> pipe, SmtpClientConfig config, boolean tls) {
    this.session = session;
    this.pipe = pipe;
    this.config = config;
    this.tls = tls;
  }

  /** The capabilities of the last EHLO/HELO reply, or {@code null} before it and after the TLS handshake. */
  public EhloCapabilities capabilities() {
    return capabilities;
  }

  /** Whether TLS is active. */
  public boolean tls() {
    return tls;
  }

  /** Handles the reply to the greeting, EHLO, HELO, STARTTLS or an AUTH line. */
  public void onReply(Command command, Reply reply) {
    switch (command) {
      case GREETING -> onGreeting(reply);
      case EHLO -> onEhlo(reply);
      case HELO -> onHelo(reply);
      case STARTTLS -> onStartTls(reply);
      default -> onAuth(reply);
    }
  }

  /** TLS is in place: forget the capabilities and send EHLO again (RFC 3207 §4.2). */
  public void tlsEstablished() {
    tls = true;
    capabilities = null;
    hello();
  }

  private void onGreeting(Reply reply) {
    if (reply.code() != 220) {
      session.failQuit(reply, "the server refused the session");
      return;
    }
    session.event(new SmtpClientEvent.Greeted(reply));
    hello();
  }

  private void hello() {
    session.transition(SmtpClientState.EHLO);
    pipe.send(Command.EHLO, (config.lmtp() ? "LHLO " : "EHLO ") + config.ehloName(), false);
  }

  private void onEhlo(Reply reply) {
    if (reply.isPositiveCompletion()) {
      capabilitiesKnown(EhloCapabilities.parse(reply));
    } else if ((reply.code() == 500 || reply.code() == 502) && !config.lmtp()) {
      session.transition(SmtpClientState.HELO);
      pipe.send(Command.HELO, "HELO " + config.ehloName(), false);
    } else {
      session.failQuit(reply, "the server refused EHLO");
    }
  }

  private void onHelo(Reply reply) {
    if (reply.isPositiveCompletion()) {
      capabilitiesKnown(EhloCapabilities.none(EhloCapabilities.parse(reply).domain()));
    } else {
      session.failQuit(reply, "the server refused HELO");
    }
  }

  private void capabilitiesKnown(EhloCapabilities caps) {
    capabilities = caps;
    session.event(new SmtpClientEvent.CapabilitiesKnown(caps, tls));
    afterHello();
  }

  private void afterHello() {
    if (!tls && config.tlsPolicy() != TlsPolicy.NONE && !tlsDeclined && capabilities.has(SmtpExtension.STARTTLS)) {
      session.transition(SmtpClientState.STARTTLS);
      pipe.send(Command.STARTTLS, "STARTTLS", false);
    } else if (!tls && config.tlsPolicy() == TlsPolicy.REQUIRED) {
      session.failQuit(null, "TLS is required and the server does not offer STARTTLS");
    } else if (config.authentication().isPresent() && !authenticated) {
      startAuth();
    } else {
      session.ready();
    }
  }

  private void onStartTls(Reply reply) {
    if (reply.code() == 220) {
      session.transition(SmtpClientState.TLS_HANDSHAKE);
      session.event(new SmtpClientEvent.TlsRequested());
    } else if (config.tlsPolicy() == TlsPolicy.REQUIRED) {
      session.failQuit(reply, "TLS is required and the server refused STARTTLS");
    } else {
      tlsDeclined = true;
      afterHello();
    }
  }

  private void startAuth() {
    SaslClientExchange exchange = new SaslClientExchange(config.authentication().orElseThrow().get());
    String name = exchange.mechanism().toUpperCase(Locale.ROOT);
    if (!capabilities.authMechanisms().contains(name)) {
      refuseAuth(exchange.mechanism(), "the server does not offer " + exchange.mechanism());
    } else if (!tls && !config.plaintextAuthAllowed() && SECRET_IN_CLEAR.contains(name)) {
      refuseAuth(exchange.mechanism(), "refusing to send " + exchange.mechanism() + " credentials without TLS");
    } else {
      auth = exchange;
      session.transition(SmtpClientState.AUTH);
      pipe.send(Command.AUTH, "AUTH " + auth.commandArguments(MAX_AUTH_ARGUMENTS, true), false);
    }
  }

  /** Authentication cannot start: the session ends before anything else is sent. */
  private void refuseAuth(String mechanism, String reason) {
    session.event(new SmtpClientEvent.AuthFailed(mechanism, Optional.empty(), reason));
    session.failQuit(null, "authentication failed: " + reason);
  }

  private void onAuth(Reply reply) {
    if (reply.code() == 334) {
      pipe.send(Command.AUTH, auth.respond(reply.lines().get(0).trim()), false);
      return;
    }
    String name = auth.mechanism();
    String failure = auth.failure(reply.code() == 235).orElse(null);
    auth = null;
    if (failure == null) {
      authenticated = true;
      session.event(new SmtpClientEvent.Authenticated(name));
      afterHello();
    } else {
      session.event(new SmtpClientEvent.AuthFailed(name, Optional.of(reply), failure));
      session.failQuit(reply, "authentication failed: " + failure);
    }
  }
}
