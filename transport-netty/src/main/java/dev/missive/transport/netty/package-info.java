/**
 * The Netty 4.2 transport for any {@link dev.missive.wire.ProtocolEngine}: {@link
 * dev.missive.transport.netty.EngineChannelHandler} drives an engine on a channel's event loop (back-pressure with
 * {@code setAutoRead}, one timer per engine for its deadline and the TLS handshake's, {@code SslHandler} for
 * STARTTLS/STLS and RFC 8314 implicit TLS), {@link dev.missive.transport.netty.NettyServer} starts and stops a
 * listener, and {@link dev.missive.transport.netty.NettyConnection#resume(Runnable)} brings a decision made on another
 * thread back onto the event loop.
 *
 * <h2>Native epoll or NIO</h2>
 * A server's own event loops use Netty's native epoll transport where its library loads, and the JDK's NIO
 * elsewhere; {@link dev.missive.transport.netty.NettyServer.Builder#nativeTransport(boolean)} forces NIO, and the
 * server's start is logged with the one that runs ({@code (Netty, native epoll)}, or {@code NIO} with the reason).
 * Both carry the same sessions, options, TLS and PROXY headers; epoll costs fewer system calls per connection.
 * This module depends on {@code io.netty:netty-transport-classes-epoll} (plain Java, every platform) and, at run time,
 * on {@code io.netty:netty-transport-native-epoll} with classifier {@code linux-x86_64}, so Linux on x86_64 gets epoll
 * with nothing added. On Linux on ARM add the same artifact with classifier {@code linux-aarch_64} (or
 * {@code linux-riscv64}); on other systems, or with the native jar excluded, the classes report epoll unavailable and
 * NIO runs. On the module path the native jar is a module nothing requires
 * ({@code io.netty.transport.epoll.linux.x86_64}): add it with {@code --add-modules}, or NIO runs.
 */
package dev.missive.transport.netty;
