/**
 * The blocking-socket transport for any {@link dev.missive.wire.ProtocolEngine}: {@link
 * dev.missive.transport.BlockingServer} (acceptor, an executor per connection, limits, graceful shutdown) and {@link
 * dev.missive.transport.BlockingClient} (connect with a timeout), with TLS from the user's {@link
 * dev.missive.transport.TlsSettings} layered in on STARTTLS/STLS or from the first byte (RFC 8314), every handshake
 * under a deadline ({@link dev.missive.transport.TlsHandshakes}). A connection's engine and event handling are an
 * {@link dev.missive.transport.EngineSession}. The Netty transport ({@code dev.missive.transport.netty}) shares these
 * types (docs/architecture.md, "Driving an engine").
 */
package dev.missive.transport;
