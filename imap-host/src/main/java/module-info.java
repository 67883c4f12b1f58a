/**
 * IMAP in a few lines over the library's transports: {@code ImapListener} serves the user's {@code MailStore} (port
 * 143 with STARTTLS, 993 with implicit TLS), on the blocking transport by default or on Netty when
 * {@code dev.missive.transport.netty} is on the path and chosen.
 */
module dev.missive.imap.host {
  requires transitive dev.missive.imap;
  requires transitive dev.missive.transport;
  requires org.slf4j;

  exports dev.missive.imap.host;
}
