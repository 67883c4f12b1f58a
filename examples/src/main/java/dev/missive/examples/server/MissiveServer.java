package dev.missive.examples.server;

import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsServer;
import dev.missive.dns.JndiDnsResolver;
import dev.missive.examples.maildir.Maildir;
import dev.missive.examples.relay.RelayExample;
import dev.missive.examples.relay.RelayPolicy;
import dev.missive.examples.relay.RelaySpool;
import dev.missive.examples.relay.RetrySchedule;
import dev.missive.examples.relay.SmarthostRelayer;
import dev.missive.examples.tls.TlsContexts;
import dev.missive.imap.host.ImapListener;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.pop3.pop2.Pop2HandlerServer;
import dev.missive.pop3.pop2.Pop2ServerConfig;
import dev.missive.pop3.server.Pop3HandlerServer;
import dev.missive.pop3.server.Pop3ServerConfig;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.host.MxSender;
import dev.missive.smtp.server.SmtpHandlerServer;
import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.transport.Connection;
import dev.missive.transport.EngineSession;
import dev.missive.transport.ProxyProtocol;
import dev.missive.transport.RunningServer;
import dev.missive.transport.ServerBuilder;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import dev.missive.transport.TransportOptions;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.EngineEnvironment;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code missive-server}: SMTP (MX), submission (RFC 6409), POP3, IMAP and, on request ({@code --pop2}), POP2 over
 * Maildir storage, on the blocking-socket or the Netty transport ({@code --transport}), in one command:
 * {@code java -jar examples/target/missive-server.jar}.
 *
 * <p>The MX port takes mail for local users (STARTTLS offered, no AUTH, relaying refused with 550 5.7.1); the
 * submission port requires AUTH, offered only after STARTTLS (Postfix {@code smtpd_tls_auth_only}), and a sender
 * the authenticated user owns ({@link SenderPolicy}: Postfix {@code reject_sender_login_mismatch}, 553 5.7.1; the
 * null sender {@code <>} is allowed; {@code --allow-sender-mismatch} turns it off); POP3 allows a
 * plaintext login before STLS only from loopback, which counts as secure (Dovecot's rule); IMAP
 * ({@link ImapService}) serves the same Maildirs as Maildir++ with the same rule for STARTTLS. Data with bare LFs is
 * normalised on these ports (Postfix 3.9 {@code normalize}); end of data still needs {@code CRLF.CRLF}.
 *
 * <p>Mail on the MX port is checked (SPF for HELO and MAIL FROM, DKIM, DMARC, ARC; DNS through {@code --dns} or
 * the system's resolver) and stored with this host's {@code Authentication-Results:}, forged ones removed. Mail for
 * other domains goes through {@code smtp-host}'s sender to the smarthost of {@code --relay HOST:PORT}, or with
 * {@code --relay mx} to the recipients' MX hosts looked up through the same resolver (RFC 5321 §5.1); it is
 * DKIM-signed when {@code --dkim-key} is given. It waits in the relay example's spool with everything the relay
 * honours of its envelope (deliver-by, priority, holds, SMTPUTF8, each recipient's RRVS and NOTIFY), which the
 * submission ports then offer; the relay's deadlines, expiry and reports apply to it ({@code SmarthostRelayer}).
 *
 * <p>The data directory ({@code --maildir}) also keeps the SCRAM decoy secret ({@link DecoySecret}), made on the first
 * start: every port and every restart answer an unknown user's SCRAM-SHA-256 exchange with the same salt.
 */
public final class MissiveServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MissiveServer.class);

  /** One bound listener, whichever transport runs it. */
  private record Listener(String name, IntSupplier port, Closeable server) {}

  private final List<Listener> listeners = new ArrayList<>();
  private final String transport;
  private final TransportOptions connections;
  private final Optional<ProxyProtocol> proxies;
  private final Set<InetAddress> xclientProxies;
  private Optional<SmarthostRelayer> relayer = Optional.empty();
  private final EngineEnvironment environment = EngineEnvironment.system();

  /** Starts every listener the options name (a port of 0 picks a free one; see {@link #ports()}). */
  public MissiveServer(ServerOptions options) throws IOException, GeneralSecurityException {
    this(options, tlsContext(options, options.domains().get(0)));
  }

  /**
   * Starts every listener the options name, with the given server TLS context (tests use their own). When one cannot
   * start (a port in use), the ones already started and the relay are stopped before the exception is thrown, so no
   * half-started server keeps serving (Netty's event-loop threads would keep the JVM alive).
   */
  public MissiveServer(ServerOptions options, SSLContext tls) throws IOException, GeneralSecurityException {
    this.transport = options.transport();
    this.connections = options.connections();
    this.proxies = options.trustedProxies().isEmpty() ? Optional.empty()
        : Optional.of(ProxyProtocol.trusting(options.trustedProxies()));
    this.xclientProxies = Set.copyOf(options.xclientProxies());
    try {
      start(options, tls);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      try {
        close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void start(ServerOptions options, SSLContext tls) throws IOException, GeneralSecurityException {
    Users users = new Users(options.users());
    String hostname = options.domains().get(0);
    Maildir maildir = new Maildir(options.maildir(), hostname);
    Optional<RelaySpool> spool = Optional.empty();
    Optional<DkimSigningKey> dkim = Optional.empty();
    if (options.dkim().isPresent()) {
      ServerOptions.DkimKeyOption k = options.dkim().get();
      dkim = Optional.of(DkimSigningKey.fromPem(k.domain(), k.selector(), Files.readString(k.keyFile())));
      if (options.relay().isEmpty()) {
        LOG.warn("--dkim-key signs relayed mail only; without --relay nothing is signed");
      }
    }
    DnsResolver dns = options.dns().map(d -> (DnsResolver) JndiDnsResolver.using(DnsServer.parse(d)))
        .orElseGet(JndiDnsResolver::system);
    if (options.relay().isPresent()) {
      SmarthostRelayer[] holder = new SmarthostRelayer[1];
      RelaySpool s = new RelaySpool(options.maildir().resolve(".relay"), () -> holder[0].wakeUp());
      holder[0] = options.relay().get().equals("mx")
          ? SmarthostRelayer.viaMx(s, MxSender.builder().resolver(dns).ehloName(hostname).build(), hostname,
              new RetrySchedule(Duration.ofMinutes(1), Duration.ofHours(1)), dkim)
          : new SmarthostRelayer(s, options.relay().get(), hostname, dkim);
      relayer = Optional.of(holder[0]);
      holder[0].start();
      spool = Optional.of(s);
    }
    MailRouting routing = new MailRouting(maildir, users, options.domains(), spool);
    SenderPolicy senders = new SenderPolicy(routing, !options.allowSenderMismatch());
    InboundChecks inbound = new InboundChecks(dns, hostname, options.maildir().resolve(".incoming"));

    SmtpServerConfig mx = SmtpServerConfig.builder().hostname(hostname).tlsAvailable(true)
        .bareLineEndings(BareLineEndingPolicy.NORMALIZE)
        .limits(SmtpLimits.builder().maxMessageSize(options.maxMessageSize()).build()).build();
    SaslServerMechanisms sasl = users.mechanisms(hostname, DecoySecret.loadOrCreate(options.maildir()));
    SmtpServerConfig submitting = mx.toBuilder().authMechanisms(sasl).authRequired(true)
        .authRequiresTls(true).build();
    // with --relay, submission offers what the relay honours for the mail it relays (DELIVERBY, MT-PRIORITY, RRVS,
    // FUTURERELEASE), and the relay spool keeps it (MaildirSmtpHandler)
    SmtpServerConfig submission = spool.isEmpty() ? submitting
        : RelayExample.withRelayExtensions(submitting, RelayPolicy.DEFAULT.maxHold());
    Pop3ServerConfig pop3 = Pop3ServerConfig.builder().hostname(hostname).sasl(sasl).implementation("Missive")
        .apop(true).build(); // MaildirPop3Handler answers APOP from the users file

    InetSocketAddress any = new InetSocketAddress(options.bind(), 0);
    String smtpBusy = "421 4.7.0 " + hostname + " Too many connections, try again later\r\n"; // RFC 5321 §3.8
    String pop3Busy = "-ERR [SYS/TEMP] Too many connections, try again later\r\n"; // RFC 3206 §4
    listen("smtp", options.smtpPort(), any, tls, false, smtpBusy, c -> smtp(mx, c, routing, false, senders,
        Optional.of(inbound)));
    listen("submission", options.submissionPort(), any, tls, false, smtpBusy,
        c -> smtp(submission, c, routing, true, senders, Optional.empty()));
    listen("pop3", options.pop3Port(), any, tls, false, pop3Busy, c -> pop3(pop3, maildir, users, c));
    if (options.smtpsPort() > 0) {
      listen("smtps", options.smtpsPort(), any, tls, true, smtpBusy, c -> smtp(submission, c, routing, true, senders,
          Optional.empty()));
    }
    if (options.pop3sPort() > 0) {
      listen("pop3s", options.pop3sPort(), any, tls, true, pop3Busy, c -> pop3(pop3, maildir, users, c));
    }
    ImapListener imap = new ImapService(maildir, users, sasl, options.maxMessageSize(), environment)
        .listen(any.getAddress(), options.imapPort(), options.imapsPort(), TlsSettings.of(tls),
            Transport.valueOf(transport.toUpperCase(java.util.Locale.ROOT)), connections, proxies);
    listeners.add(new Listener("imap", imap::port, imap::close));
    if (options.imapsPort() > 0) {
      listeners.add(new Listener("imaps", imap::implicitTlsPort, () -> { })); // closed with "imap"
    }
    if (options.pop2Port().isPresent()) { // RFC 937 has no TLS: the engine answers a non-loopback client "-"
      Pop2ServerConfig pop2 = Pop2ServerConfig.of(hostname);
      listen("pop2", options.pop2Port().getAsInt(), any, tls, false, "- Too many connections, try again later\r\n",
          c -> EngineSession.of(new Pop2HandlerServer(pop2, environment, c.peer(true),
              new MaildirPop2Handler(new MaildirPop3Handler(maildir, users, c.sessionId())))));
    }
  }

  private void listen(String name, int port, InetSocketAddress bind, SSLContext tls, boolean implicit,
                      String overLimitReply, java.util.function.Function<Connection, EngineSession> sessions)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(bind.getAddress(), port);
    TransportOptions options = connections.withOverLimitReply(overLimitReply);
    TlsSettings settings = TlsSettings.of(tls);
    ServerBuilder<?> b = Transport.valueOf(transport.toUpperCase(java.util.Locale.ROOT)).server(name, sessions)
        .bind(address).tls(settings).implicitTls(implicit).options(options);
    proxies.ifPresent(b::proxyProtocol);
    RunningServer s = b.start();
    listeners.add(new Listener(name, s::port, s::close));
  }

  /** An SMTP session: the MX port checks incoming mail ({@code inbound}), the submission ports relay. */
  private EngineSession smtp(SmtpServerConfig config, Connection c, MailRouting routing, boolean submission,
                             SenderPolicy senders, Optional<InboundChecks> inbound) {
    if (xclientProxies.contains(c.proxy().orElse(c.remote()).getAddress())) {
      config = forwarding(config); // an SMTP proxy (--xclient-proxy) may name the client with XCLIENT and XFORWARD
    }
    return EngineSession.of(new SmtpHandlerServer(config, environment, c.peer(false),
        session -> new MaildirSmtpHandler(session, routing, submission, senders, inbound, c.remote().getAddress())));
  }

  /**
   * {@code config} with Postfix's XCLIENT and XFORWARD offered, for connections from an SMTP proxy that speaks SMTP
   * itself (nginx's mail proxy). Never for a TCP proxy's connections: HAProxy passes its clients' own commands, and
   * any of them could then name any address, or log in with XCLIENT's LOGIN.
   */
  private static SmtpServerConfig forwarding(SmtpServerConfig config) {
    List<SmtpExtension> extensions = new ArrayList<>(config.extensions());
    extensions.add(SmtpExtension.XCLIENT);
    extensions.add(SmtpExtension.XFORWARD);
    return config.toBuilder().extensions(extensions.toArray(SmtpExtension[]::new)).build();
  }

  private EngineSession pop3(Pop3ServerConfig config, Maildir maildir, Users users, Connection c) {
    MaildirPop3Handler handler = new MaildirPop3Handler(maildir, users, c.sessionId());
    return EngineSession.of(new Pop3HandlerServer(config, environment, c.peer(true), session -> handler));
  }

  private static SSLContext tlsContext(ServerOptions options, String hostname)
      throws IOException, GeneralSecurityException {
    char[] password = options.tlsPassword().toCharArray();
    if (options.tlsKeystore().isPresent()) {
      return TlsContexts.server(options.tlsKeystore().get(), password);
    }
    return TlsContexts.server(TlsContexts.selfSigned(hostname, password), password);
  }

  /** The bound ports, by listener name, in start order. */
  public Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Listener l : listeners) {
      ports.put(l.name(), l.port().getAsInt());
    }
    return ports;
  }

  /**
   * Stops the server: every listener stops accepting, SMTP clients get {@code 421 4.3.2} (RFC 5321 §3.8), POP3
   * sessions end without UPDATE (nothing they marked is deleted, RFC 1939 §6), IMAP sessions get {@code BYE}
   * (RFC 9051 §7.1.5), then the relay stops.
   */
  @Override
  public void close() throws IOException {
    for (Listener l : listeners) {
      l.server().close();
    }
    relayer.ifPresent(SmarthostRelayer::close);
  }

  /** Starts the server and runs until the JVM is stopped. */
  public static void main(String[] args) throws Exception {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("missive-server: " + e.getMessage());
      }
      System.err.println(ServerOptions.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    if (options.users().isEmpty()) {
      byte[] random = new byte[9];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      Map<String, String> demo = Map.of("demo", password);
      options = options.withUsers(demo);
      System.out.println("missive-server: no --user given; created user 'demo' with password " + password);
    }
    MissiveServer server = new MissiveServer(options);
    LOG.info("missive-server ready: {} on the {} transport (Maildir {}, domains {})", server.ports(),
        options.transport(), options.maildir().toAbsolutePath(), options.domains());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("missive-server stopping");
      try {
        server.close();
      } catch (IOException ignored) {
        // exiting
      }
      stop.countDown();
    }));
    stop.await();
  }
}
