package dev.missive.imap.client;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.sasl.exchange.internal.SaslClientExchange;
import dev.missive.wire.TlsPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opening of an IMAP client session, up to the authenticated state: the greeting (RFC 9051 §7.1.1 OK, §7.1.4
 * PREAUTH, §7.1.5 BYE), the capabilities from the greeting's code or CAPABILITY (§6.1.1), STARTTLS as the TLS
 * policy says with the capabilities forgotten and asked again after the handshake (§6.2.1; a required TLS that is
 * missing or refused ends the session, docs/security.md "A client that requires TLS"), the login — LOGIN (§6.2.3,
 * never with LOGINDISABLED, never before TLS unless allowed) or AUTHENTICATE through sasl with SASL-IR when offered
 * (§6.2.2, RFC 4959) — the capabilities after it, ENABLE (RFC 5161) of what the configuration wants and the
 * server offers, and COMPRESS DEFLATE (RFC 4978) when the configuration asks for it and the server offers it.
 */
final class SessionOpening {

  private static final Logger LOG = LoggerFactory.getLogger(SessionOpening.class);
  private static final Set<String> SECRET_IN_CLEAR = Set.of("PLAIN", "LOGIN", "OAUTHBEARER", "XOAUTH2");
  /** RFC 4959 §3: an initial response that makes the line too long goes after an empty continuation instead. */
  private static final int MAX_INITIAL_RESPONSE = 8_000;

  private enum Phase { GREETING, CAPABILITIES, STARTTLS, LOGIN, CAPABILITIES_AFTER_LOGIN, ENABLE, COMPRESS, DONE }

  private final ClientPort port;
  private final ImapClientConfig config;
  private final String sessionId;
  private Phase phase = Phase.GREETING;
  private List<String> capabilities;
  private final List<String> enabled = new ArrayList<>();
  private boolean tls;
  private boolean preauth;
  private SaslClientExchange exchange;

  SessionOpening(ClientPort port, ImapClientConfig config, String sessionId, boolean tls) {
    this.port = port;
    this.config = config;
    this.sessionId = sessionId;
    this.tls = tls;
  }

  /** The capabilities last reported, or null before any and after the TLS handshake until the next. */
  List<String> capabilities() {
    return capabilities;
  }

  boolean tls() {
    return tls;
  }

  boolean done() {
    return phase == Phase.DONE;
  }

  List<String> enabled() {
    return List.copyOf(enabled);
  }

  boolean has(String capability) {
    return capabilities != null && capabilities.stream().anyMatch(c -> c.equalsIgnoreCase(capability));
  }

  /** A CAPABILITY response or response code (RFC 9051 §7.2.2, §7.1). */
  void capabilities(List<String> caps) {
    capabilities = List.copyOf(caps);
    port.capabilitiesChanged(capabilities);
    port.event(new ImapClientEvent.CapabilitiesKnown(capabilities, tls));
  }

  /** An ENABLED response (RFC 5161 §3.2). */
  void enabled(List<String> caps) {
    for (String c : caps) {
      enabled.add(c.toUpperCase(Locale.ROOT));
    }
  }

  /** The first response of the session. */
  void greeting(Response r) {
    if (!(r instanceof UntaggedResponse.Condition g)) {
      port.abort("the server's first response is no greeting");
      return;
    }
    if (g.status() == ResponseStatus.BYE) {
      port.abort("the server refused the session: " + g.text());
      return;
    }
    if (g.status() != ResponseStatus.OK && g.status() != ResponseStatus.PREAUTH) {
      port.abort("the server's greeting is " + g.status() + ": " + g.text());
      return;
    }
    port.event(new ImapClientEvent.Greeted(g.status(), g.code(), g.text()));
    preauth = g.status() == ResponseStatus.PREAUTH;
    if (preauth && !tls && config.tlsPolicy() == TlsPolicy.REQUIRED) {
      // RFC 9051 §6.2.1, §11.1: PREAUTH rules STARTTLS out; a client that requires TLS closes
      port.abort("TLS is required and the server greeted with PREAUTH in plaintext");
      return;
    }
    port.transition(preauth ? ImapClientState.AUTHENTICATED : ImapClientState.NOT_AUTHENTICATED);
    if (g.code().orElse(null) instanceof ResponseCode.Capability c) {
      capabilities(c.capabilities());
      capabilitiesKnown();
    } else {
      ask(Phase.CAPABILITIES);
    }
  }

  /** The TLS handshake completed: forget what was learnt in plaintext and ask again (RFC 9051 §6.2.1). */
  void tlsEstablished() {
    tls = true;
    capabilities = null;
    ask(Phase.CAPABILITIES);
  }

  /** A continuation request while AUTHENTICATE runs. */
  boolean continuation(String text) {
    if (phase != Phase.LOGIN || exchange == null) {
      return false;
    }
    port.sendLine(exchange.respond(text));
    return true;
  }

  /** The tagged response to one of the opening's commands. */
  void completed(Response.Tagged r) {
    Optional<ResponseCode> code = r.code();
    if (code.orElse(null) instanceof ResponseCode.Capability c) {
      capabilities(c.capabilities());
    }
    switch (phase) {
      case CAPABILITIES -> capabilitiesKnown();
      case STARTTLS -> {
        if (r.status() == ResponseStatus.OK) {
          port.startTls();
        } else {
          withoutTls("the server refused STARTTLS: " + r.text());
        }
      }
      case LOGIN -> loggedIn(r);
      case CAPABILITIES_AFTER_LOGIN -> enable();
      case ENABLE -> compress();
      case COMPRESS -> {
        if (r.status() == ResponseStatus.OK) {
          port.compress(); // RFC 4978 §3: compressed from the octet after this response, both ways
        } else {
          LOG.debug("[{}] the server refused COMPRESS: {}", sessionId, r.text());
          finish();
        }
      }
      default -> port.abort("a tagged response the opening did not expect");
    }
  }

  private void ask(Phase next) {
    phase = next;
    port.send(new AnyStateCommand.Capability(port.tag()));
  }

  private void capabilitiesKnown() {
    if (capabilities == null) {
      capabilities(List.of());
    }
    if (preauth) {
      enable();
      return;
    }
    if (!tls && config.tlsPolicy() != TlsPolicy.NONE) {
      if (has("STARTTLS")) {
        phase = Phase.STARTTLS;
        port.send(new NotAuthenticatedCommand.StartTls(port.tag()));
        return;
      }
      withoutTls("the server does not offer STARTTLS");
      return;
    }
    login();
  }

  private void withoutTls(String why) {
    if (config.tlsPolicy() == TlsPolicy.REQUIRED) {
      port.failLogout("TLS is required and " + why);
    } else {
      LOG.debug("[{}] continuing without TLS: {}", sessionId, why);
      login();
    }
  }

  private void login() {
    phase = Phase.LOGIN;
    ImapLogin login = config.login();
    if (login instanceof ImapLogin.PreAuthenticated) {
      refuse("the server did not greet with PREAUTH and the client has no credentials");
    } else if (login instanceof ImapLogin.Password p) {
      if (has("LOGINDISABLED")) {
        refuse("the server disabled LOGIN (LOGINDISABLED, RFC 9051 §6.2.3)");
      } else if (!tls && !config.plaintextLoginAllowed()) {
        refuse("refusing to send a password without TLS");
      } else {
        port.send(new NotAuthenticatedCommand.Login(port.tag(), p.user(), p.password().toCharArray()));
      }
    } else {
      ImapLogin.Sasl s = (ImapLogin.Sasl) login;
      if (!has("AUTH=" + s.name())) {
        refuse("the server does not offer AUTH=" + s.name());
      } else if (!tls && !config.plaintextLoginAllowed() && SECRET_IN_CLEAR.contains(s.name())) {
        refuse("refusing to send " + s.name() + " credentials without TLS");
      } else {
        exchange = new SaslClientExchange(s.mechanisms().get());
        String args = exchange.commandArguments(MAX_INITIAL_RESPONSE, has("SASL-IR"));
        int sp = args.indexOf(' ');
        port.send(new NotAuthenticatedCommand.Authenticate(port.tag(), s.name(),
            sp < 0 ? Optional.empty() : Optional.of(args.substring(sp + 1))));
      }
    }
  }

  private void refuse(String why) {
    port.event(new ImapClientEvent.LoginFailed(config.login().method(),
        new CommandResult.Failed(ResponseStatus.NO, Optional.empty(), why)));
    port.failLogout("login failed: " + why);
  }

  private void loggedIn(Response.Tagged r) {
    if (exchange != null) {
      Optional<String> failure = exchange.failure(r.status() == ResponseStatus.OK);
      exchange = null;
      if (failure.isPresent() && r.status() == ResponseStatus.OK) {
        port.event(new ImapClientEvent.LoginFailed(config.login().method(),
            new CommandResult.Failed(ResponseStatus.NO, Optional.empty(), failure.get())));
        port.failLogout("login failed: " + failure.get());
        return;
      }
    }
    if (r.status() != ResponseStatus.OK) {
      port.event(new ImapClientEvent.LoginFailed(config.login().method(),
          new CommandResult.Failed(r.status(), r.code(), r.text())));
      port.failLogout("login failed: " + r.text());
      return;
    }
    port.transition(ImapClientState.AUTHENTICATED);
    if (r.code().orElse(null) instanceof ResponseCode.Capability) {
      enable();
    } else {
      ask(Phase.CAPABILITIES_AFTER_LOGIN);        // RFC 9051 §6.2.3: the capabilities may change on login
    }
  }

  private void enable() {
    List<String> wanted = config.enable().stream().filter(this::has).toList();
    if (wanted.isEmpty()) {
      compress();
      return;
    }
    phase = Phase.ENABLE;
    port.send(new AuthenticatedCommand.Enable(port.tag(), wanted));
  }

  /** RFC 4978 §3: once authenticated, so no credential goes compressed and STARTTLS stays below it. */
  private void compress() {
    if (!config.compress() || !has("COMPRESS=DEFLATE")) {
      finish();
      return;
    }
    phase = Phase.COMPRESS;
    port.send(new AuthenticatedCommand.Compress(port.tag(), "DEFLATE"));
  }

  /** The host compresses the stream now: the opening is done. */
  void compressed() {
    finish();
  }

  private void finish() {
    phase = Phase.DONE;
    port.event(new ImapClientEvent.LoggedIn(preauth ? "PREAUTH" : config.login().method(), enabled));
    port.ready();
  }
}
