package dev.missive.transport.netty;

import dev.missive.transport.Connection;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;

/**
 * What a session on the Netty transport gets about its connection: the transport-neutral {@link Connection} and the
 * way back onto the channel's event loop for decisions made elsewhere (docs/architecture.md, "Decisions": an answer
 * may come later, applied on the connection's own context).
 *
 * <p>An engine is used from one thread at a time; on Netty that thread is the channel's event loop. A session that
 * hands a decision to another thread (a database, a directory, a spam check) answers the engine from
 * {@link #resume(Runnable)}, never from that other thread.
 */
public final class NettyConnection {

  private final Connection connection;
  private final Channel channel;
  private final Runnable drive;

  NettyConnection(Connection connection, Channel channel, Runnable drive) {
    this.connection = connection;
    this.channel = channel;
    this.drive = drive;
  }

  /** {@return the connection's id, peer address and implicit-TLS flag} */
  public Connection connection() {
    return connection;
  }

  /** {@return the channel's event loop, the only thread that may touch the engine} */
  public EventExecutor eventLoop() {
    return channel.eventLoop();
  }

  /**
   * Runs {@code answer} on the channel's event loop (from any thread), then lets the transport move bytes again:
   * feed what waited, write the replies, read again. Dropped if the connection is gone by then.
   *
   * @param answer applies a decision to the engine (for example {@code engine.accept()})
   */
  public void resume(Runnable answer) {
    channel.eventLoop().execute(() -> {
      if (channel.isActive()) {
        answer.run();
        drive.run();
      }
    });
  }
}
