package dev.missive.pop3.server;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.HandlerEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POP3 server session (RFC 1939) that answers its own events with a synchronous {@link Pop3Handler} and
 * {@link Maildrop}: the common case, a {@link ProtocolEngine} that any transport drives.
 *
 * <p>It wraps a {@link Pop3Server} and, inside every call of its host ({@link HandlerEngine}), answers logins,
 * opens the maildrop, streams RETR and TOP from {@link Maildrop#retrieve(int)} in chunks as the output drains
 * (never the whole message), commits deletions in the UPDATE state and closes the maildrop when the session ends. Storage failures become {@code -ERR [SYS/TEMP]}; a locked maildrop {@code -ERR [IN-USE]}.
 */
public final class Pop3HandlerServer extends HandlerEngine<Pop3Server> {

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
    super(new Pop3Server(config, environment, peer));
    this.server = events();
    this.handler = Objects.requireNonNull(Objects.requireNonNull(handlers, "handlers").apply(server.session()),
        "the handler function returned null");
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
  @Override
  protected void answerEvents() {
    for (Pop3ServerEvent e; (e = server.nextEvent()) != null; ) {
      if (e instanceof Pop3ServerEvent.LoginRequested l) {
        boolean ok = handler.login(l.user(), l.password());
        l.password().wipe();
        if (ok) {
          server.accept();
        } else {
          server.reject();
        }
      } else if (e instanceof Pop3ServerEvent.ApopSecretRequested a) {
        handler.apopSecret(a.user()).ifPresentOrElse(server::apopSecret, server::reject);
      } else if (e instanceof Pop3ServerEvent.MaildropOpenRequested o) {
        open(o.user());
      } else if (e instanceof Pop3ServerEvent.RetrieveRequested r) {
        try {
          message = maildrop.retrieve(r.messageNumber());
        } catch (IOException ex) {
          LOG.warn("[{}] message {} cannot be read: {}", id(), r.messageNumber(), ex.toString());
          server.reject(Pop3Response.err(ResponseCode.SYS_TEMP, "message is not available now"));
        }
      } else if (e instanceof Pop3ServerEvent.UpdateRequested u) {
        try {
          maildrop.update(u.deletedMessages());
          server.accept();
        } catch (IOException ex) {
          LOG.warn("[{}] UPDATE failed: {}", id(), ex.toString());
          server.reject(Pop3Response.err(ResponseCode.SYS_TEMP, "some deleted messages not removed"));
        }
      } else if (e instanceof Pop3ServerEvent.SessionEnded) {
        release();
      }
    }
    stream();
  }

  private void open(String user) {
    Maildrop opened = null;
    try {
      opened = handler.open(user);
      List<MaildropEntry> listing = opened.messages();
      maildrop = opened;
      server.maildropOpened(listing);
    } catch (MaildropLockedException ex) {
      server.reject(Pop3Response.err(ResponseCode.IN_USE, "maildrop is locked by another session"));
    } catch (IOException ex) {
      LOG.warn("[{}] maildrop cannot be opened: {}", id(), ex.toString());
      if (opened != null) {
        opened.close();
      }
      server.reject(Pop3Response.err(ResponseCode.SYS_TEMP, "maildrop is not available now"));
    }
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
        closeMessage();
        server.reject(Pop3Response.err(ResponseCode.SYS_TEMP, "message is not available now"));
        answerEvents();
        return;
      }
      if (n < 0) {
        endMessage();
        return;
      }
      server.content(chunkView.limit(n).position(0));
    }
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
    } catch (IOException ex) {
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
      m.close();
    }
  }
}
