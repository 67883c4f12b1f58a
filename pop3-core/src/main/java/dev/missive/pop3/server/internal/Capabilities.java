package dev.missive.pop3.server.internal;

import dev.missive.pop3.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CAPA listing of a server session, which depends on its state and on TLS (RFC 2449 §5 and §6; STLS only
 * before TLS, RFC 2595 §4; USER and plaintext SASL mechanisms only where plaintext logins are allowed,
 * docs/security.md, "Logins before TLS"; SASL per RFC 5034 §3; UTF8 per RFC 6856 §2, LANG per §3).
 */
public final class Capabilities {

  private final boolean stls;
  private final boolean utf8;
  private final String implementation;
  private final String expire;
  private final Duration loginDelay;
  private final boolean lang;

  /** The listing for a server with these settings. */
  public Capabilities(boolean stls, boolean utf8, String implementation, String expire, Duration loginDelay,
      boolean lang) {
    this.lang = lang;
    this.stls = stls;
    this.utf8 = utf8;
    this.implementation = implementation;
    this.expire = expire;
    this.loginDelay = loginDelay;
  }

  /**
   * The CAPA lines for a session; {@code saslNames} are the mechanisms allowed now.
   *
   * @param authorization    whether the session is in the AUTHORIZATION state (login capabilities are listed)
   * @param tlsActive        whether TLS is in place (STLS is then left out)
   * @param plaintextAllowed whether plaintext logins are allowed now (USER is listed)
   * @param saslNames        the SASL mechanisms that may run now
   * @return the capability lines, without the terminating dot
   */
  public List<String> lines(boolean authorization, boolean tlsActive, boolean plaintextAllowed,
      List<String> saslNames) {
    List<Capability> caps = new ArrayList<>();
    caps.add(Capability.TOP);
    if (authorization && plaintextAllowed) {
      caps.add(Capability.USER);
    }
    if (authorization && !saslNames.isEmpty()) {
      caps.add(Capability.sasl(saslNames));
    }
    caps.add(Capability.RESP_CODES);
    caps.add(Capability.AUTH_RESP_CODE);
    caps.add(Capability.PIPELINING);
    if (loginDelay != null) {
      caps.add(Capability.loginDelay(loginDelay.toSeconds()));
    }
    if (expire != null) {
      caps.add(Capability.expire(expire));
    }
    caps.add(Capability.UIDL);
    if (authorization && stls && !tlsActive) {
      caps.add(Capability.STLS);
    }
    if (authorization && utf8) {
      caps.add(Capability.utf8(plaintextAllowed));
    }
    if (lang) {
      caps.add(Capability.LANG);
    }
    if (implementation != null) {
      caps.add(Capability.implementation(implementation));
    }
    List<String> lines = new ArrayList<>(caps.size());
    for (Capability c : caps) {
      lines.add(c.toLine());
    }
    return lines;
  }
}
