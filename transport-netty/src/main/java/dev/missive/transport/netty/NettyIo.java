package dev.missive.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Which of Netty's I/O implementations carries a server's channels: the native epoll transport on Linux when its
 * library loads ({@code netty-transport-native-epoll}, see the module's {@code package-info}), else the JDK's NIO.
 * Epoll accepts sockets already non-blocking ({@code accept4}), sets a new channel up with fewer system calls and
 * makes less garbage per event than the JDK's selector; the sessions, options and TLS are the same on both.
 */
enum NettyIo {
  /** Netty's native epoll transport (Linux). */
  EPOLL,
  /** The JDK's NIO selector: every platform. */
  NIO;

  /**
   * The I/O for the server's own event loops.
   *
   * @param nativeAllowed false when the user forced NIO
   * @return epoll when allowed and its native library loaded, else NIO
   */
  static NettyIo forOwnLoops(boolean nativeAllowed) {
    return nativeAllowed && Epoll.isAvailable() ? EPOLL : NIO;
  }

  /**
   * The I/O of event loops the user gave: their kind decides, as a channel only registers on loops of its own kind.
   *
   * @param group the user's event loops
   * @return epoll for loops over an {@link EpollIoHandler}, else NIO
   */
  static NettyIo of(EventLoopGroup group) {
    return group instanceof IoEventLoopGroup loops && loops.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
  }

  /**
   * Makes event loops of this kind.
   *
   * @param threads how many loops
   * @return the new group; its owner shuts it down
   */
  EventLoopGroup newLoops(int threads) {
    IoHandlerFactory io = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, io);
  }

  /** {@return the listening channel's class for loops of this kind} */
  Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** {@return "native epoll" or "NIO"} */
  String label() {
    return this == EPOLL ? "native epoll" : "NIO";
  }

  /**
   * {@return how the server's start is logged: the I/O in use and, when epoll was wanted but NIO runs, why}
   *
   * @param nativeWanted whether the user left the native transport allowed
   */
  String describe(boolean nativeWanted) {
    if (this == EPOLL) {
      return label();
    }
    if (!nativeWanted) {
      return "NIO (native transport turned off)";
    }
    Throwable why = Epoll.unavailabilityCause();
    return "NIO (native epoll unavailable: " + (why == null ? "not asked for" : why.getMessage()) + ")";
  }
}
