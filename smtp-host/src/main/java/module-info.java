/**
 * SMTP in a few lines over the library's transports: {@code SmtpListener} runs the user's {@code SmtpHandler} per
 * connection (port 25, submission on 587 and 465), on the blocking transport by default or on Netty when
 * {@code dev.missive.transport.netty} is on the path and chosen; {@code SmtpSender} and {@code MxSender} send mail
 * through a smarthost or straight to the recipients' MX hosts.
 */
module dev.missive.smtp.host {
  requires transitive dev.missive.smtp;
  requires transitive dev.missive.transport;
  requires transitive dev.missive.dns;
  requires org.slf4j;

  exports dev.missive.smtp.host;
}
