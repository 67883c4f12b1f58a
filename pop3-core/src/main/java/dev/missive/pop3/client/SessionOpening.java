package dev.missive.pop3.client;

import dev.missive.pop3.Capability;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.client.internal.ApopTimestamp;
import dev.missive.pop3.client.internal.ClientCommand;
import dev.missive.pop3.client.internal.ClientCommand.Kind;
import dev.missive.wire.TlsPolicy;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opening of a POP3 client session, up to the TRANSACTION state: the greeting with its APOP timestamp
 * (RFC 1939 §4, §7), CAPA (RFC 2449 §5), STLS as the TLS policy says (RFC 2595 §4; a required TLS that is missing
 * or refused ends the session, docs/security.md "A client that requires TLS") with the capabilities forgotten after
 * the handshake, UTF8 (RFC 6856 §3), then the login through {@link LoginDialog}.
 */
final class SessionOpening {

  private static final Logger LOG = LoggerFactory.getLogger(SessionOpening.class);

  private final ClientPort port;
  private final Pop3ClientConfig config;
  private final String sessionId;
  private final LoginDialog login;
  private List<Capability> capabilities;
  private boolean tls;
  private String apopTimestamp;

  SessionOpening(ClientPort port, Pop3ClientConfig config, String sessionId, boolean tls) {
    this.port = port;
    this.config = config;
    this.sessionId = sessionId;
    this.login = new LoginDialog(config.login());
    this.tls = tls;
  }

  /** The capabilities of the last CAPA answer, or null before it and after the TLS handshake. */
  List<Capability> capabilities() {
    return capabilities;
  }

  /** Whether the session runs under TLS (implicit, or after STLS). */
  boolean tls() {
    return tls;
  }

  /** Whether the server listed the capability {@code tag}. */
  boolean has(String tag) {
    return capabilities != null && capabilities.stream().anyMatch(c -> c.is(tag));
  }

  /** Handles the single-line answer to the greeting, CAPA, UTF8, STLS or a login command. */
  void onResponse(ClientCommand c, Pop3Response r) {
    switch (c.kind()) {
      case GREETING -> greeted(r);
      case CAPA -> capabilitiesKnown(List.of(), false);
      case UTF8 -> {
        LOG.debug("[{}] UTF8 answered {}", sessionId, r.positive() ? "+OK" : "-ERR");
        startLogin();
      }
      case STLS -> {
        if (r.positive()) {
          port.startTls();
        } else {
          withoutTls("the server refused STLS: " + r.toLine());
        }
      }
      default -> loginStep(login.onResponse(r));
    }
  }

  /** The CAPA listing ended (RFC 2449 §5). */
  void onCapabilities(List<Capability> listed) {
    capabilitiesKnown(listed, true);
  }

  /** A {@code +} challenge within AUTH (RFC 5034 §4), its payload base64 or empty. */
  void onChallenge(String payload) {
    loginStep(login.onChallenge(payload));
  }

  /** TLS is in place: forget what was learnt in plaintext and ask again (RFC 2595 §4). */
  void tlsEstablished() {
    tls = true;
    capabilities = null;
    askCapabilities();
  }

  private void greeted(Pop3Response r) {
    if (!r.positive()) {
      port.abort("the server refused the session: " + r.toLine());
      return;
    }
    ApopTimestamp.Found found = ApopTimestamp.find(r.text());
    apopTimestamp = found.timestamp();
    port.event(new Pop3ClientEvent.Greeted(r, Optional.ofNullable(apopTimestamp), found.malformed()));
    askCapabilities();
  }

  private void askCapabilities() {
    if (config.askCapabilities()) {
      port.transition(Pop3ClientState.CAPABILITIES);
      port.send(ClientCommand.of(Kind.CAPA, "CAPA"));
    } else {
      capabilitiesKnown(List.of(), false);
    }
  }

  private void capabilitiesKnown(List<Capability> caps, boolean listed) {
    capabilities = caps;
    port.event(new Pop3ClientEvent.CapabilitiesKnown(caps, tls));
    if (!tls && config.tlsPolicy() != TlsPolicy.NONE) {
      boolean offered = has(Capability.STLS.tag());
      if (offered || (config.tlsPolicy() == TlsPolicy.REQUIRED && !listed)) {
        port.transition(Pop3ClientState.STLS);
        port.send(ClientCommand.of(Kind.STLS, "STLS"));
        return;
      }
      withoutTls("the server does not offer STLS");
      return;
    }
    beforeLogin();
  }

  private void beforeLogin() {
    if (has("UTF8") && (config.utf8() || config.login().needsUtf8())) {
      port.transition(Pop3ClientState.AUTHORIZATION);
      port.send(ClientCommand.of(Kind.UTF8, "UTF8"));        // RFC 6856 §3; the login follows either answer
    } else {
      startLogin();
    }
  }

  private void withoutTls(String why) {
    if (config.tlsPolicy() == TlsPolicy.REQUIRED) {
      port.failQuit("TLS is required and " + why);
    } else {
      LOG.debug("[{}] continuing without TLS: {}", sessionId, why);
      beforeLogin();
    }
  }

  private void startLogin() {
    port.transition(Pop3ClientState.AUTHORIZATION);
    loginStep(login.start(apopTimestamp));
  }

  private void loginStep(LoginDialog.Step step) {
    if (step instanceof LoginDialog.Step.Send s) {
      port.send(s.command());
    } else if (step instanceof LoginDialog.Step.Success s) {
      port.event(new Pop3ClientEvent.LoggedIn(config.login().method(), s.response()));
      port.ready();
    } else {
      LoginDialog.Step.Failure f = (LoginDialog.Step.Failure) step;
      port.event(new Pop3ClientEvent.LoginFailed(config.login().method(), f.code(), f.text()));
      port.failQuit("login failed: " + f.text());
    }
  }
}
