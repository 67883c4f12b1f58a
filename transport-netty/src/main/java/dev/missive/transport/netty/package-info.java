/**
 * The Netty 4.2 transport for any {@link dev.missive.wire.ProtocolEngine}: {@link
 * dev.missive.transport.netty.EngineChannelHandler} drives an engine on a channel's event loop (back-pressure with
 * {@code setAutoRead}, one timer per engine for its deadline and the TLS handshake's, {@code SslHandler} for
 * STARTTLS/STLS and RFC 8314 implicit TLS), {@link dev.missive.transport.netty.NettyServer} starts and stops a
 * listener, and {@link dev.missive.transport.netty.NettyConnection#resume(Runnable)} brings a decision made on another
 * thread back onto the event loop.
 */
package dev.missive.transport.netty;
