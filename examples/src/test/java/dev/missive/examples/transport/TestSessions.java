package dev.missive.examples.transport;

import dev.missive.examples.listener.ListenerSession;
import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3Limits;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.wire.EngineEnvironment;
import java.time.Duration;
import java.util.ArrayList;

/** Sessions for the transport tests: an SMTP listener that keeps nothing, and a POP3 maildrop of two messages. */
final class TestSessions {

  static final String FIRST = "Subject: one\r\n\r\nfirst\r\n";
  static final String SECOND = "Subject: two\r\n\r\nsecond message\r\n";

  private static final EngineEnvironment ENV = EngineEnvironment.system();

  private TestSessions() {}

  /** An SMTP session (STARTTLS offered, or implicit TLS on such a connection) that accepts and drops mail. */
  static EngineSession smtp(Connection c) {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").tlsAvailable(true)
        .implicitTls(c.implicitTls()).build();
    return new ListenerSession(new SmtpServer(config, ENV, c.peer(false)), (from, to, content) -> { });
  }

  /** A POP3 session for alice:secret (plaintext login allowed: loopback is trusted), failed logins held 200 ms. */
  static EngineSession pop3(Connection c) {
    Pop3Limits limits = Pop3Limits.DEFAULT;
    limits = new Pop3Limits(limits.maxCommandLineLength(), limits.maxAuthResponseLength(), limits.maxBadCommands(),
        limits.outputSoftLimit(), limits.maxFailedLogins(), Duration.ofMillis(200), limits.inactivityTimeout(),
        limits.maxMessages());
    Pop3ServerConfig config = Pop3ServerConfig.builder().hostname("pop.example").limits(limits).build();
    return EngineSession.of(new Pop3HandlerServer(config, ENV,
        c.peer(true), session -> new MemoryMailbox(new ArrayList<>(), FIRST, SECOND)));
  }
}
