/**
 * The blocking-socket transport for any Missive protocol engine, server and client side, with TLS layering, handshake
 * deadlines, connection limits and graceful shutdown; its types ({@code EngineSession}, {@code Connection},
 * {@code TransportOptions}, {@code TlsSettings}) are shared by the Netty transport, and the listeners' common part
 * ({@code Listener}, {@code ListenerBuilder}, {@code Transport}) by the SMTP, POP3 and IMAP listeners. Netty is found
 * through {@code TransportProvider} when {@code dev.missive.transport.netty} is present.
 */
module dev.missive.transport {
  requires transitive dev.missive.wire;
  requires org.slf4j;

  exports dev.missive.transport;

  uses dev.missive.transport.TransportProvider;
}
