package dev.missive.transport.tests;

import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3Limits;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.wire.EngineEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Sessions for the transport tests: an SMTP server that takes every message, and a POP3 maildrop of two messages. */
final class TestSessions {

  static final String FIRST = "Subject: one\r\n\r\nfirst\r\n";
  static final String SECOND = "Subject: two\r\n\r\nsecond message\r\n";

  private static final EngineEnvironment ENV = EngineEnvironment.system();

  private TestSessions() {}

  /** An SMTP session (STARTTLS offered, or implicit TLS on such a connection) that accepts and drops mail. */
  static EngineSession smtp(Connection c) {
    return smtp(c, new ArrayList<>());
  }

  /** An SMTP session that accepts every message and adds its content (dot-unstuffed) to {@code messages}. */
  static EngineSession smtp(Connection c, List<String> messages) {
    SmtpServerConfig config = SmtpServerConfig.builder().hostname("mx.example").tlsAvailable(true).build();
    return smtp(c, config, messages);
  }

  /** An SMTP session with {@code config} that accepts every message and adds its content to {@code messages}. */
  static EngineSession smtp(Connection c, SmtpServerConfig config, List<String> messages) {
    return new AcceptingSmtpSession(new SmtpServer(config, ENV, c.peer(false)), messages);
  }

  /** An SMTP session with {@code config} whose time (its deadlines) is {@code env}'s, accepting and dropping mail. */
  static EngineSession smtp(Connection c, SmtpServerConfig config, EngineEnvironment env) {
    return new AcceptingSmtpSession(new SmtpServer(config, env, c.peer(false)), new ArrayList<>());
  }

  /** A POP3 session for alice:secret (plaintext login allowed: loopback is trusted), failed logins held 200 ms. */
  static EngineSession pop3(Connection c) {
    return pop3(c, new ArrayList<>());
  }

  /** The POP3 session of {@link #pop3(Connection)}, the numbers of messages deleted at UPDATE going to {@code deleted}. */
  static EngineSession pop3(Connection c, List<Integer> deleted) {
    Pop3Limits limits = Pop3Limits.DEFAULT;
    limits = new Pop3Limits(limits.maxCommandLineLength(), limits.maxAuthResponseLength(), limits.maxBadCommands(),
        limits.outputSoftLimit(), limits.maxFailedLogins(), Duration.ofMillis(200), limits.inactivityTimeout(),
        limits.maxMessages());
    Pop3ServerConfig config = Pop3ServerConfig.builder().hostname("pop.example").limits(limits).build();
    return EngineSession.of(new Pop3HandlerServer(config, ENV,
        c.peer(true), session -> new MemoryMailbox(deleted, FIRST, SECOND)));
  }

  /** Answers a raw SMTP server engine's events: every decision accepted, each message's content kept. */
  private static final class AcceptingSmtpSession implements EngineSession {
    private final SmtpServer engine;
    private final List<String> messages;
    private final StringBuilder content = new StringBuilder();

    AcceptingSmtpSession(SmtpServer engine, List<String> messages) {
      this.engine = engine;
      this.messages = messages;
    }

    @Override
    public SmtpServer engine() {
      return engine;
    }

    @Override
    public void handleEvents() {
      for (SmtpServerEvent e; (e = engine.nextEvent()) != null; ) {
        if (e instanceof SmtpServerEvent.DataStart) {
          content.setLength(0);
        } else if (e instanceof SmtpServerEvent.DataChunk chunk) {
          byte[] bytes = new byte[chunk.bytes().remaining()];
          chunk.bytes().duplicate().get(bytes);
          content.append(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        } else if (e instanceof SmtpServerEvent.DataEnd) {
          synchronized (messages) {
            messages.add(content.toString());
          }
        }
        if (e.needsDecision()) {
          engine.accept();
        }
      }
    }
  }
}
