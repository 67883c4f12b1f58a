package dev.missive.smtp.host;

import dev.missive.dns.DnsNames;
import dev.missive.dns.DnsResolver;
import dev.missive.dns.JndiDnsResolver;
import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.Domain;
import dev.missive.message.address.IdnLabels;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.client.SmtpClientConfig;
import dev.missive.transport.BlockingClient;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.UnverifiedTls;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers mail straight to the recipients' MX hosts (RFC 5321 §5.1), as an MTA does: the recipients are grouped by
 * domain, each domain looked up in A-label form (RFC 5890 §2.3.2.1) through a {@link DnsResolver}; its MX hosts are
 * tried by preference, and without MX records the domain's own A/AAAA addresses (the implicit MX). A null MX
 * (RFC 7505 §3) or a domain that does not exist fails its recipients permanently. The next address, then the next host,
 * is tried after a refused or failed connection and, for the recipients that got one, after a 4xx reply; recipients
 * that were delivered or refused with 5xx are never sent again.
 *
 * <pre>{@code
 * MxSender mx = MxSender.builder().ehloName("mta.example.org").build();      // the JDK's DNS
 * SendResult result = mx.send(Envelope.of("tim@example.org", "alice@example.net"), MessageContent.of(file));
 * }</pre>
 *
 * <p>TLS is opportunistic and unverified by default (RFC 7435; RFC 3207 §4.1 lets a public MX use any certificate);
 * {@link Builder#tlsPolicy(MxTlsPolicy)} lets MTA-STS (RFC 8461) or a REQUIRETLS envelope (RFC 8689) require a
 * verified certificate for the MX host's name. SMTPUTF8 content for an MX that does not offer SMTPUTF8 is a
 * permanent failure for those recipients (RFC 6531 §3.5, no downgrade). The content must be repeatable (a byte array
 * or a file), since several hosts may need it. Every outcome, network failures included, is a result per recipient.
 */
public final class MxSender {

  private static final Logger LOG = LoggerFactory.getLogger(MxSender.class);

  private final DnsResolver dns;
  private final MxTlsPolicy policy;
  private final SSLContext trust;
  private final int port;
  private final SmtpClientConfig config;
  private final Duration connectTimeout;
  private final Duration handshakeTimeout;
  private final SecureRandom random = new SecureRandom();

  private MxSender(Builder b) {
    this.dns = b.dns != null ? b.dns : JndiDnsResolver.system();
    this.policy = b.policy;
    this.trust = b.trust;
    this.port = b.port;
    this.connectTimeout = b.connectTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    this.config = b.engine.apply(SmtpClientConfig.builder()
        .ehloName(b.ehloName != null ? b.ehloName : SmtpSender.localName()).build());
  }

  /**
   * Starts describing an MX sender.
   *
   * @return the builder: the JDK's DNS, port 25, opportunistic TLS
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Delivers one message to every recipient's MX hosts, domain by domain.
   *
   * @param envelope the sender and recipients
   * @param content  the message; a byte array or a file
   * @return one result per recipient, in envelope order
   * @throws IllegalArgumentException if {@code content} is a stream (it could not go to a second host)
   */
  public SendResult send(Envelope envelope, MessageContent content) {
    if (!content.isRepeatable()) {
      throw new IllegalArgumentException("MX delivery needs content it can send again: a byte array or a file");
    }
    RecipientResult[] results = new RecipientResult[envelope.recipients().size()];
    Map<String, List<Integer>> byDomain = new LinkedHashMap<>();
    for (int i = 0; i < results.length; i++) {
      Recipient r = envelope.recipients().get(i);
      Optional<String> domain = domainOf(r);
      if (domain.isEmpty()) {
        results[i] = new RecipientResult(r, DeliveryStatus.PERMANENT_FAILURE, Optional.empty(), Optional.empty(),
            "no domain to deliver to (" + r.forwardPath() + ")");
      } else {
        byDomain.computeIfAbsent(domain.get(), d -> new ArrayList<>()).add(i);
      }
    }
    byDomain.forEach((domain, indexes) -> deliver(envelope, content, domain, indexes, results));
    return new SendResult(List.of(results));
  }

  /** The recipient's domain as it is looked up: A-labels, or the address literal as written. */
  private static Optional<String> domainOf(Recipient r) {
    Optional<AddrSpec> mailbox = r.forwardPath().mailbox();
    if (mailbox.isEmpty()) {
      return Optional.empty();
    }
    Domain domain = mailbox.get().domain();
    if (domain.isAddressLiteral()) {
      return Optional.of(domain.value());
    }
    return IdnLabels.toALabels(domain).map(d -> DnsNames.normalize(d.value())).filter(DnsNames::isQueryable);
  }

  private void deliver(Envelope envelope, MessageContent content, String domain, List<Integer> indexes,
      RecipientResult[] results) {
    MxRoute route = domain.startsWith("[") ? literal(domain) : MxRoute.lookup(dns, domain, random);
    if (route.hosts().isEmpty()) {
      for (int i : indexes) {
        results[i] = new RecipientResult(envelope.recipients().get(i), route.status(), Optional.empty(),
            Optional.empty(), route.failure());
      }
      return;
    }
    List<Integer> pending = new ArrayList<>(indexes);
    String lastFailure = "no MX host of " + domain + " could be reached";
    for (String host : route.hosts()) {
      MxTlsPolicy.Requirement requirement = envelope.parameters().requireTls() ? MxTlsPolicy.Requirement.VERIFIED
          : policy.requirement(domain, host);
      if (requirement == MxTlsPolicy.Requirement.SKIP_HOST) {
        lastFailure = host + " is not allowed by the TLS policy";
        continue;
      }
      List<InetAddress> addresses = MxRoute.addresses(dns, host);
      if (addresses.isEmpty()) {
        lastFailure = host + " has no address";
        continue;
      }
      for (InetAddress address : addresses) {
        try {
          List<Recipient> these = pending.stream().map(envelope.recipients()::get).toList();
          SendResult sent = LimitedSend.onConnections(() -> open(address, host, requirement),
              new Envelope(envelope.reversePath(), envelope.parameters(), these), content); // LIMITS, RFC 9422
          List<Integer> again = new ArrayList<>();
          for (int k = 0; k < pending.size(); k++) {
            RecipientResult r = sent.recipients().get(k);
            results[pending.get(k)] = r;
            if (r.status() == DeliveryStatus.TEMPORARY_FAILURE) {
              again.add(pending.get(k));
            }
          }
          pending = again;
          lastFailure = null;
          break; // this host answered; its temporary failures go to the next host
        } catch (IOException e) {
          lastFailure = host + " [" + address.getHostAddress() + "]: " + e.getMessage();
          LOG.info("delivery to {} for {} failed: {}", host, domain, lastFailure);
        }
      }
      if (pending.isEmpty()) {
        return;
      }
    }
    for (int i : pending) {
      if (results[i] == null) { // no host answered for it; one that did keeps its own 4xx result
        results[i] = new RecipientResult(envelope.recipients().get(i), DeliveryStatus.TEMPORARY_FAILURE,
            Optional.empty(), Optional.empty(), lastFailure != null ? lastFailure : "every MX host failed");
      }
    }
  }

  private static MxRoute literal(String literal) {
    String inside = literal.substring(1, literal.length() - 1);
    String address = inside.regionMatches(true, 0, "IPv6:", 0, 5) ? inside.substring(5) : inside;
    try {
      return MxRoute.literal(InetAddress.getByName(address)); // RFC 5321 §4.1.3: no DNS for an address literal
    } catch (java.net.UnknownHostException e) {
      return new MxRoute(List.of(), "not an address literal: " + literal, DeliveryStatus.PERMANENT_FAILURE);
    }
  }

  private SenderConnection open(InetAddress address, String host, MxTlsPolicy.Requirement requirement)
      throws IOException {
    boolean verified = requirement == MxTlsPolicy.Requirement.VERIFIED;
    TlsSettings tls = verified ? verifiedFor(host) : UnverifiedTls.settings();
    BlockingClient client = BlockingClient.builder("mx").connectTimeout(connectTimeout)
        .handshakeTimeout(handshakeTimeout).tls(tls).build();
    SmtpClientConfig c = config.toBuilder().tlsPolicy(verified ? TlsPolicy.REQUIRED : TlsPolicy.OPPORTUNISTIC).build();
    return SenderConnection.open(client, address.getHostAddress(), host, port, c);
  }

  /** TLS that checks the certificate against the MX host's name, sent as SNI, while connecting to an address. */
  private TlsSettings verifiedFor(String host) throws IOException {
    TlsSettings base = TlsSettings.client(trust != null ? trust : contextOrFail());
    SSLParameters p = base.parameters();
    p.setServerNames(List.of(new SNIHostName(host))); // the JDK checks the identity against the SNI name
    return new TlsSettings(base.context(), p);
  }

  private static SSLContext contextOrFail() throws IOException {
    return SmtpSender.defaultTls().context();
  }

  /** Describes an MX sender; {@link #build()} makes it. */
  public static final class Builder extends SenderBuilder<Builder> {
    @Override
    Builder self() {
      return this;
    }

    private DnsResolver dns;
    private MxTlsPolicy policy = MxTlsPolicy.OPPORTUNISTIC;
    private SSLContext trust;
    private int port = 25;

    private Builder() {}

    /**
     * The resolver for MX, A and AAAA look-ups: {@link JndiDnsResolver#system()} (the JDK's DNS provider over the
     * system's servers) by default; {@code JndiDnsResolver.using(DnsServer.parse("127.0.0.1:5353"))} asks one server.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder resolver(DnsResolver resolver) {
      this.dns = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Decides per domain and MX host whether TLS must be verified (MTA-STS, RFC 8461) or the host skipped.
     *
     * @param tlsPolicy the policy; {@link MxTlsPolicy#OPPORTUNISTIC} by default
     * @return this builder
     */
    public Builder tlsPolicy(MxTlsPolicy tlsPolicy) {
      this.policy = Objects.requireNonNull(tlsPolicy, "tlsPolicy");
      return this;
    }

    /**
     * The trust for verified connections, instead of the JDK's roots.
     *
     * @param context whose trust managers decide
     * @return this builder
     */
    public Builder trust(SSLContext context) {
      this.trust = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * The MX hosts' port: 25 (RFC 5321 §4.5.4.2) unless a test runs its own.
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      this.port = port;
      return this;
    }

    /** {@return the sender} */
    public MxSender build() {
      return new MxSender(this);
    }
  }
}
