package dev.missive.examples.server;

import dev.missive.dns.DnsResolver;
import dev.missive.mailauth.arc.ArcResult;
import dev.missive.mailauth.arc.ArcVerifier;
import dev.missive.mailauth.dkim.DkimKeyLookup;
import dev.missive.mailauth.dkim.DkimResult;
import dev.missive.mailauth.dkim.DkimVerifier;
import dev.missive.mailauth.dmarc.DmarcResult;
import dev.missive.mailauth.dmarc.DmarcVerifier;
import dev.missive.mailauth.results.AuthenticationResults;
import dev.missive.mailauth.results.MethodResult;
import dev.missive.mailauth.spf.SpfChecker;
import dev.missive.mailauth.spf.SpfResult;
import dev.missive.message.header.HeaderField;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks the MX port runs on one incoming message: DKIM and ARC while the data streams, then SPF for the HELO
 * and MAIL FROM identities with the client's address (RFC 7208 §2.3, §2.4), DMARC over those results (RFC 7489),
 * written as this host's {@code Authentication-Results:} field (RFC 8601).
 */
final class InboundAuthentication {

  private static final Logger LOG = LoggerFactory.getLogger(InboundAuthentication.class);

  private final DnsResolver dns;
  private final String authservId;
  private final InetAddress client;
  private final String helo;
  private final String mailFrom;
  private final DkimVerifier dkim = new DkimVerifier(DkimVerifier.Options.DEFAULT);
  private final ArcVerifier arc = new ArcVerifier(ArcVerifier.Options.DEFAULT);

  /**
   * Checks for one message.
   *
   * @param dns        the resolver
   * @param authservId this host's name, the field's authserv-id
   * @param client     the SMTP client's address
   * @param helo       the HELO/EHLO name
   * @param mailFrom   the reverse-path's mailbox, empty for the null reverse-path
   */
  InboundAuthentication(DnsResolver dns, String authservId, InetAddress client, String helo, String mailFrom) {
    this.dns = dns;
    this.authservId = authservId;
    this.client = client;
    this.helo = helo;
    this.mailFrom = mailFrom;
  }

  /** The next chunk of the message as received. */
  void feed(ByteBuffer chunk) {
    dkim.feed(chunk.duplicate());
    arc.feed(chunk.duplicate());
  }

  /** Ends the message, runs the DNS-based checks and gives the field to add. */
  HeaderField finish(String sessionId) {
    dkim.end();
    arc.end();
    DkimKeyLookup keys = DkimKeyLookup.dns(dns);
    List<DkimResult> signatures = dkim.verify(keys);
    ArcResult chain = arc.verify(keys);
    SpfChecker spf = new SpfChecker(dns, new SpfChecker.Options(10, 2, 10, authservId,
        java.time.Clock.systemUTC()));
    List<MethodResult> results = new ArrayList<>();
    SpfResult heloResult = spf.checkHelo(client, helo);
    SpfResult envelope = heloResult;
    if (!mailFrom.isEmpty()) {
      envelope = spf.checkMailFrom(client, mailFrom, helo);
      results.add(envelope.toMethodResult(mailFrom));
    }
    results.add(heloResult.toMethodResult(""));
    if (signatures.isEmpty()) {
      results.add(MethodResult.of("dkim", "none"));
    }
    signatures.forEach(s -> results.add(s.toMethodResult()));
    DmarcResult dmarc = new DmarcVerifier(dns, DmarcVerifier.Options.DEFAULT)
        .check(dkim.headerFields(), signatures, envelope);
    results.add(dmarc.toMethodResult());
    results.add(chain.toMethodResult());
    AuthenticationResults field = AuthenticationResults.of(authservId, results);
    LOG.info("{} {}", sessionId, field.payload());
    return field.toHeaderField();
  }
}
