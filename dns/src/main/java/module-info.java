/**
 * The DNS look-ups Missive's mail software shares (RFC 1035, RFC 3596, RFC 7505): a resolver interface with typed
 * TXT, MX, A, AAAA and PTR queries whose results tell an answer, NXDOMAIN, no data and a temporary failure apart,
 * and an implementation over the JDK's own DNS provider ({@code jdk.naming.dns}).
 */
module dev.missive.dns {
  requires java.naming;
  // the JNDI "dns:" provider the resolver loads by name; required so that it is in every runtime image
  requires jdk.naming.dns;
  requires org.slf4j;

  exports dev.missive.dns;
}
