package dev.missive.pop3.pop2;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.internal.HandlerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POP2 server session (RFC 937) that answers its own events with a {@link Pop2Handler} and the {@link Maildrop}s
 * it opens: a {@link dev.missive.wire.ProtocolEngine} any transport drives.
 *
 * <p>It wraps a {@link Pop2Server}: checks HELO, opens the default mailbox and the folders FOLD names, streams RETR
 * from {@link Maildrop#retrieve(int)} in chunks as the output drains (never the whole message), removes the
 * messages acknowledged with ACKD through {@link Maildrop#update(java.util.List)} when a folder is released (FOLD or
 * QUIT), and closes every maildrop it opened. A storage failure or a locked folder ends the session with {@code -}.
 */
public final class Pop2HandlerServer extends ForwardingEngine {

  private static final Logger LOG = LoggerFactory.getLogger(Pop2HandlerServer.class);
  private static final int CHUNK = 8192;

  private final Pop2Server server;
  private final Pop2Handler handler;
  private final String sessionId;
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
  private Maildrop maildrop;
  private InputStream message;

  /**
   * A session answered by {@code handler}; the greeting is queued at once.
   *
   * @param config      the server's configuration
   * @param environment the time and randomness the engine reads
   * @param peer        the client's address, the session id, and whether the connection is trusted
   * @param handler     checks logins and opens folders
   */
  public Pop2HandlerServer(Pop2ServerConfig config, EngineEnvironment environment, PeerInfo peer,
      Pop2Handler handler) {
    this(new Pop2Server(config, environment, peer), peer, handler);
  }

  private Pop2HandlerServer(Pop2Server server, PeerInfo peer, Pop2Handler handler) {
    this(new HandlerEngine(server), server, peer, handler);
  }

  private Pop2HandlerServer(HandlerEngine core, Pop2Server server, PeerInfo peer, Pop2Handler handler) {
    super(core);
    this.server = server;
    this.handler = Objects.requireNonNull(handler, "handler");
    this.sessionId = peer.sessionId();
    core.answerWith(this::answerEvents);
  }

  /** {@return the user whose HELO was accepted, if any} */
  public Optional<String> user() {
    return server.user();
  }

  private void answerEvents() {
    for (Pop2ServerEvent e; (e = server.nextEvent()) != null; ) {
      if (e instanceof Pop2ServerEvent.LoginRequested l) {
        boolean ok = handler.login(l.user(), l.password());
        l.password().wipe();
        server.answer(ok ? Pop2Decision.accept() : Pop2Decision.reject());
      } else if (e instanceof Pop2ServerEvent.FolderRequested f) {
        open(f.user(), f.folder());
      } else if (e instanceof Pop2ServerEvent.RetrieveRequested r) {
        try {
          message = maildrop.retrieve(r.messageNumber());
        } catch (IOException ex) {
          LOG.warn("[{}] message {} cannot be read: {}", sessionId, r.messageNumber(), ex.toString());
          server.reject();
        }
      } else if (e instanceof Pop2ServerEvent.UpdateRequested u) {
        update(u);
      } else if (e instanceof Pop2ServerEvent.SessionEnded) {
        release();
      }
    }
    stream();
  }

  private void open(String user, Optional<String> folder) {
    Maildrop opened = null;
    try {
      opened = handler.open(user, folder);
      List<MaildropEntry> listing = opened.messages();
      maildrop = opened;
      server.opened(listing);
    } catch (MaildropLockedException ex) {
      server.answer(Pop2Decision.reject("folder is locked by another session"));
    } catch (IOException ex) {
      LOG.warn("[{}] folder cannot be opened: {}", sessionId, ex.toString());
      if (opened != null) {
        opened.close();
      }
      server.reject();
    }
  }

  private void update(Pop2ServerEvent.UpdateRequested u) {
    Maildrop m = maildrop;
    maildrop = null;
    try {
      m.update(u.deletedMessages());
      server.accept();
    } catch (IOException ex) {
      LOG.warn("[{}] removing deleted messages failed: {}", sessionId, ex.toString());
      server.reject();
    } finally {
      m.close();
    }
  }

  private void stream() {
    while (message != null && server.wantsContent()) {
      int n;
      try {
        n = message.read(chunk.array());
      } catch (IOException ex) {
        LOG.warn("[{}] message read failed: {}", sessionId, ex.toString());
        closeMessage();
        server.shutdown(); // the message was partly sent: nothing can be said on the wire but closing
        answerEvents();
        return;
      }
      if (n < 0) {
        closeMessage();
        server.contentEnd();
        answerEvents();
        return;
      }
      server.content(chunk.limit(n).position(0));
      chunk.clear();
    }
    if (message != null && server.isClosed()) {
      closeMessage();
    }
  }

  private void closeMessage() {
    InputStream m = message;
    message = null;
    try {
      m.close();
    } catch (IOException ex) {
      LOG.debug("[{}] closing a message stream failed: {}", sessionId, ex.toString());
    }
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
