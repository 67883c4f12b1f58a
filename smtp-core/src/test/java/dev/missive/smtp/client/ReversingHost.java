package dev.missive.smtp.client;

import dev.missive.smtp.server.SmtpServer;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.ProtocolEngine;

/**
 * A test host for one side of an ATRN session (RFC 2645): answers the events of whichever engine drives the
 * connection now, the provider's server then its client, or the customer's client then its server.
 */
final class ReversingHost implements EngineHost<HandoverEngine> {

  private final EngineHost<SmtpServer> server;
  private final EngineHost<SmtpClient> client;

  ReversingHost(EngineHost<SmtpServer> server, EngineHost<SmtpClient> client) {
    this.server = server;
    this.client = client;
  }

  @Override
  public void handle(HandoverEngine engine, EventLog log) {
    ProtocolEngine now = engine.current();
    if (now instanceof SmtpServer s) {
      server.handle(s, log);
    } else if (now instanceof SmtpClient c) {
      client.handle(c, log);
    }
  }
}
