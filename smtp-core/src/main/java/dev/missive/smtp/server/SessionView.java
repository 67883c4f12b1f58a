package dev.missive.smtp.server;

import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import java.util.Optional;
import java.util.Set;

/** The {@link SmtpSession} of one {@link SmtpServer}: every call reads the engine's current state. */
final class SessionView implements SmtpSession {

  private final SmtpServer server;

  SessionView(SmtpServer server) {
    this.server = server;
  }

  @Override
  public PeerInfo peer() {
    return server.peer();
  }

  @Override
  public Optional<TlsInfo> tls() {
    return server.tls();
  }

  @Override
  public Optional<String> clientName() {
    return server.clientName();
  }

  @Override
  public Optional<Authentication> authentication() {
    return server.authentication();
  }

  @Override
  public Optional<Envelope> envelope() {
    return server.envelope();
  }

  @Override
  public Set<SmtpExtension> extensions() {
    return server.extensions();
  }

  @Override
  public ReceivedField receivedField() {
    return server.receivedField();
  }

  @Override
  public String toString() {
    return "SmtpSession[" + server.peer().sessionId() + "]";
  }
}
