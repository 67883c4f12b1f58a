/**
 * An asynchronous decision on the library's Netty transport ({@code dev.missive.transport.netty}): {@link
 * dev.missive.examples.netty.AsyncRecipientSession} checks each recipient on another executor and answers the engine
 * back on the channel's event loop through {@code NettyConnection.resume}.
 */
package dev.missive.examples.netty;
