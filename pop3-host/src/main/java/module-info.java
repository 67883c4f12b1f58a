/**
 * A POP3 listener in a few lines over the user's {@code Pop3Handler}: the blocking transport by default, Netty when
 * {@code dev.missive.transport.netty} is on the path and chosen.
 */
module dev.missive.pop3.host {
  requires transitive dev.missive.pop3;
  requires transitive dev.missive.transport;
  requires org.slf4j;

  exports dev.missive.pop3.host;
}
