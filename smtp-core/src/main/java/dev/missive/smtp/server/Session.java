package dev.missive.smtp.server;

import dev.missive.message.address.ReversePath;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.ReceivedField;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.TraceProtocol;

import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsInfo;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mutable state of one server session (RFC 5321 §4.1.4): greeting, TLS, authentication and the current
 * transaction; package-private, owned by {@link SmtpServer}.
 */
final class Session {

  boolean tls;
  TlsInfo tlsInfo;
  String clientName;
  HelloKind kind;
  Set<SmtpExtension> offered = EnumSet.noneOf(SmtpExtension.class);
  Authentication authentication;
  AuthExchange auth;

  ReversePath reversePath;
  MailParameters mailParameters;
  final List<Envelope.Recipient> recipients = new ArrayList<>();
  boolean chunked;
  /** The content being read (or, between a first BDAT and the host's answer, the chunk it announced). */
  ContentMode contentMode;
  Reply refusal;

  int errors;
  int junk;
  long transactions;

  boolean authenticated() {
    return authentication != null;
  }

  boolean inTransaction() {
    return reversePath != null;
  }

  void clearTransaction() {
    reversePath = null;
    mailParameters = null;
    recipients.clear();
    chunked = false;
    contentMode = null;
    refusal = null;
  }

  void resetForTls(TlsInfo info) {
    tls = true;
    tlsInfo = info;
    clientName = null;
    kind = null;
    offered = EnumSet.noneOf(SmtpExtension.class);
    authentication = null;
    auth = null;
    clearTransaction();
  }

  Optional<Envelope> envelope() {
    return reversePath == null ? Optional.empty()
        : Optional.of(new Envelope(reversePath, mailParameters, recipients));
  }

  ReceivedField receivedField(SmtpServerConfig config, PeerInfo peer, EngineEnvironment env) {
    TraceProtocol protocol = TraceProtocol.of(config.lmtp(), kind != HelloKind.HELO, tls, authenticated());
    Optional<String> forPath = Optional.empty();
    if (recipients.size() == 1) {
      String path = recipients.get(0).forwardPath().toWireForm();
      if (path.chars().noneMatch(c -> c == '(' || c == ')' || c == '\\' || c == ';' || c < 0x21)) {
        forPath = Optional.of(path);
      }
    }
    return new ReceivedField(clientName == null ? "unknown" : clientName, Optional.of(peer.remoteAddress()),
        config.hostname(), protocol, Optional.of(peer.sessionId() + "." + transactions), forPath,
        ZonedDateTime.now(env.clock()));
  }
}
