/**
 * Mail authentication for MTAs built on Missive: DKIM (RFC 6376, RFC 8463) signing and verifying over a stream,
 * SPF (RFC 7208), DMARC (RFC 7489), ARC (RFC 8617) and Authentication-Results (RFC 8601), with DNS through
 * {@code dev.missive.dns}.
 */
module dev.missive.mailauth {
  requires transitive dev.missive.message;
  requires transitive dev.missive.dns;
  requires org.slf4j;

  exports dev.missive.mailauth;
  exports dev.missive.mailauth.dkim;
  exports dev.missive.mailauth.spf;
  exports dev.missive.mailauth.dmarc;
  exports dev.missive.mailauth.arc;
  exports dev.missive.mailauth.results;
}
