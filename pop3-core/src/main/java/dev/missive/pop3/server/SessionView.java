package dev.missive.pop3.server;

import dev.missive.sasl.Authentication;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import java.util.Optional;

/** The {@link Pop3Session} of one {@link Pop3Server} (its {@link Pop3ServerCore}): what the engine learnt, plus its live state. */
final class SessionView implements Pop3Session {

  private final Pop3ServerCore engine;
  private final PeerInfo peer;
  private TlsInfo tls;
  private Authentication authentication;

  SessionView(Pop3ServerCore engine, PeerInfo peer) {
    this.engine = engine;
    this.peer = peer;
  }

  void tls(TlsInfo info) {
    this.tls = info;
  }

  void authenticated(Authentication who) {
    this.authentication = who;
  }

  @Override
  public PeerInfo peer() {
    return peer;
  }

  @Override
  public Optional<TlsInfo> tls() {
    return Optional.ofNullable(tls);
  }

  @Override
  public boolean tlsActive() {
    return engine.isTlsActive();
  }

  @Override
  public Optional<Authentication> authentication() {
    return Optional.ofNullable(authentication);
  }

  @Override
  public Pop3State state() {
    return engine.state();
  }

  @Override
  public String toString() {
    return "Pop3Session[" + peer.sessionId() + ", " + engine.state() + (tlsActive() ? ", TLS" : "")
        + (authentication == null ? "" : ", " + authentication.mechanism()) + "]";
  }
}
