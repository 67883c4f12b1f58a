package dev.missive.pop3.host;

/** Which library transport a listener runs on. */
public enum Transport {
  /** {@code dev.missive.transport}'s blocking sockets: one task per connection (virtual threads on Java 21+). */
  BLOCKING,
  /** {@code dev.missive.transport.netty}'s event loops; needs the {@code transport-netty} artifact on the path. */
  NETTY
}
