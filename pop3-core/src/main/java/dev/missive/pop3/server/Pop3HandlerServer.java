package dev.missive.pop3.server;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.internal.HandlerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POP3 server session (RFC 1939) that answers its own events with a synchronous {@link Pop3Handler} and
 * {@link Maildrop}: the common case, a {@link ProtocolEngine} that any transport drives.
 *
 * <p>It wraps a {@link Pop3Server} and, inside every call of its host, answers logins,
 * opens the maildrop, streams RETR and TOP from {@link Maildrop#retrieve(int)} in chunks as the output drains
 * (never the whole message), commits deletions in the UPDATE state and closes the maildrop when the session ends.
 * A locked maildrop is answered {@code -ERR [IN-USE]}; any other failure of the handler or the maildrop — an
 * {@link IOException}, a {@link RuntimeException}, an answer that does not fit — {@code -ERR [SYS/TEMP]} (RFC 3206
 * §4), logged once as {@code [<session id>] ...} (WARN for an {@code IOException}, ERROR otherwise), like
 * {@code SmtpHandlerServer}'s {@code 451 4.3.0}; a message whose reading fails after its {@code +OK} ends the
 * session, since the {@code +OK} cannot be taken back.
 */
public final class Pop3HandlerServer extends ForwardingEngine {

  private static final Logger LOG = LoggerFactory.getLogger(Pop3HandlerServer.class);
  private static final int CHUNK = 8192;

  private final Pop3Server server;
  private final Pop3Handler handler;
  private final byte[] chunk = new byte[CHUNK];
  /** A view of {@link #chunk} handed to the engine, reused for every chunk. */
  private final ByteBuffer chunkView = ByteBuffer.wrap(chunk);
  private Maildrop maildrop;
  private InputStream message;

  /**
   * A session whose handler {@code handlers} makes from the session's read-only view (one handler per
   * connection, or one shared by all: {@code session -> handler}); the greeting is queued at once.
   *
   * @param config      the server's configuration
   * @param environment the time and randomness the engine reads
   * @param peer        the client's address, the session id, and whether the connection counts as secure before
   *                    STLS
   * @param handlers    makes the handler that answers this session's events
   */
  public Pop3HandlerServer(Pop3ServerConfig config, EngineEnvironment environment, PeerInfo peer,
      Function<Pop3Session, Pop3Handler> handlers) {
    this(new Pop3Server(config, environment, peer), handlers);
  }

  private Pop3HandlerServer(Pop3Server server, Function<Pop3Session, Pop3Handler> handlers) {
    this(new HandlerEngine(server), server, handlers);
  }

  private Pop3HandlerServer(HandlerEngine core, Pop3Server server, Function<Pop3Session, Pop3Handler> handlers) {
    super(core);
    this.server = server;
    this.handler = Objects.requireNonNull(Objects.requireNonNull(handlers, "handlers").apply(server.session()),
        "the handler function returned null");
    core.answerWith(this::answerEvents);
  }

  /** {@return the session: peer, TLS, who logged in, state} */
  public Pop3Session session() {
    return server.session();
  }

  /** {@inheritDoc} The maildrop is closed without UPDATE: nothing is deleted (RFC 1939 §6). */
  @Override
  public void shutdown() {
    super.shutdown();
  }

  /** Answers every pending event and streams the message being retrieved as far as the output allows. */
  private void answerEvents() {
    for (Pop3ServerEvent e; (e = server.nextEvent()) != null; ) {
      if (e instanceof Pop3ServerEvent.DecisionRequired d) {
        answer(d);
      } else if (e instanceof Pop3ServerEvent.SessionEnded) {
        release();
      }
    }
    stream();
  }

  /**
   * Asks the handler or the maildrop for the answer to {@code event}. Whatever fails — an {@link IOException}
   * (WARN), a {@link RuntimeException} or an answer that does not fit the event (ERROR) — is logged once with the
   * session id and answered {@code -ERR [SYS/TEMP]} (RFC 3206 §4, RFC 2449 §8), so no handler failure reaches the
   * host (docs/architecture.md, "Errors").
   */
  private void answer(Pop3ServerEvent.DecisionRequired event) {
    try {
      decide(event);
    } catch (IOException ex) {
      LOG.warn("[{}] {} failed: {}", id(), step(event), ex.toString());
      failed(event);
    } catch (RuntimeException ex) {
      LOG.error("[{}] handler failed in {}", id(), step(event), ex);
      failed(event);
    }
  }

  private void decide(Pop3ServerEvent.DecisionRequired event) throws IOException {
    if (event instanceof Pop3ServerEvent.LoginRequested l) {
      boolean ok;
      try {
        ok = handler.login(l.user(), l.password());
      } finally {
        l.password().wipe();
      }
      if (ok) {
        server.accept();
      } else {
        server.reject();
      }
    } else if (event instanceof Pop3ServerEvent.ApopSecretRequested a) {
      Optional<Password> secret = handler.apopSecret(a.user());
      if (secret.isPresent()) {
        server.apopSecret(secret.get());
      } else {
        server.reject();
      }
    } else if (event instanceof Pop3ServerEvent.MaildropOpenRequested o) {
      open(o.user());
    } else if (event instanceof Pop3ServerEvent.RetrieveRequested r) {
      message = Objects.requireNonNull(maildrop.retrieve(r.messageNumber()), "retrieve returned no stream");
    } else {
      maildrop.update(((Pop3ServerEvent.UpdateRequested) event).deletedMessages());
      server.accept();
    }
  }

  private void open(String user) throws IOException {
    Maildrop opened = null;
    try {
      opened = Objects.requireNonNull(handler.open(user), "open returned no maildrop");
      List<MaildropEntry> listing = opened.messages();
      server.maildropOpened(listing);
      maildrop = opened;
    } catch (MaildropLockedException ex) {
      server.reject(Pop3Response.err(ResponseCode.IN_USE, "maildrop is locked by another session"));
    } catch (IOException | RuntimeException ex) {
      if (opened != null) {
        closeQuietly(opened);
      }
      throw ex;
    }
  }

  /** Answers {@code event} with {@code -ERR [SYS/TEMP]} if the failure left it unanswered. */
  private void failed(Pop3ServerEvent.DecisionRequired event) {
    if (message != null) {
      closeMessage();
    }
    if (server.pendingDecision().isPresent() && !server.isClosed()) {
      server.reject(Pop3Response.err(ResponseCode.SYS_TEMP, unavailable(event)));
    }
  }

  private static String step(Pop3ServerEvent.DecisionRequired event) {
    if (event instanceof Pop3ServerEvent.LoginRequested) {
      return "login";
    }
    if (event instanceof Pop3ServerEvent.ApopSecretRequested) {
      return "apopSecret";
    }
    if (event instanceof Pop3ServerEvent.MaildropOpenRequested) {
      return "open";
    }
    return event instanceof Pop3ServerEvent.RetrieveRequested ? "retrieve" : "update";
  }

  private static String unavailable(Pop3ServerEvent.DecisionRequired event) {
    if (event instanceof Pop3ServerEvent.LoginRequested || event instanceof Pop3ServerEvent.ApopSecretRequested) {
      return "login cannot be checked now";
    }
    if (event instanceof Pop3ServerEvent.MaildropOpenRequested) {
      return "maildrop is not available now";
    }
    return event instanceof Pop3ServerEvent.RetrieveRequested ? "message is not available now"
        : "some deleted messages not removed";
  }

  private void stream() {
    while (message != null && !server.isClosed()) {
      if (server.hasEnoughContent()) {
        endMessage();
        return;
      }
      if (!server.wantsContent()) {
        return; // output over its limit: continue after the host drains
      }
      int n;
      try {
        n = message.read(chunk);
      } catch (IOException ex) {
        LOG.warn("[{}] message read failed: {}", id(), ex.toString());
        readFailed();
        return;
      } catch (RuntimeException ex) {
        LOG.error("[{}] handler failed in read", id(), ex);
        readFailed();
        return;
      }
      if (n < 0) {
        endMessage();
        return;
      }
      server.content(chunkView.limit(n).position(0));
    }
  }

  /** Closes the message whose reading failed: refused before its first chunk, the session ended after it. */
  private void readFailed() {
    closeMessage();
    server.reject(Pop3Response.err(ResponseCode.SYS_TEMP, "message is not available now"));
    answerEvents();
  }

  private void endMessage() {
    closeMessage();
    server.contentEnd();
  }

  private void closeMessage() {
    InputStream m = message;
    message = null;
    try {
      m.close();
    } catch (IOException | RuntimeException ex) {
      LOG.debug("[{}] closing a message stream failed: {}", id(), ex.toString());
    }
  }

  private String id() {
    return server.session().peer().sessionId();
  }

  private void release() {
    if (message != null) {
      closeMessage();
    }
    if (maildrop != null) {
      Maildrop m = maildrop;
      maildrop = null;
      closeQuietly(m);
    }
  }

  private void closeQuietly(Maildrop m) {
    try {
      m.close();
    } catch (RuntimeException ex) {
      LOG.error("[{}] handler failed in close", id(), ex);
    }
  }
}
