/**
 * The Netty 4.2 transport: {@link dev.missive.examples.netty.EngineChannelHandler} drives any
 * {@code ProtocolEngine} on a channel's event loop (backpressure with {@code setAutoRead}, the engine's deadline on
 * the loop's timer, {@code SslHandler} for STARTTLS/STLS and RFC 8314 implicit TLS), {@link
 * dev.missive.examples.netty.NettyServer} starts and stops a listener, and {@link
 * dev.missive.examples.netty.AsyncRecipientSession} shows a decision answered from another thread.
 */
package dev.missive.examples.netty;
