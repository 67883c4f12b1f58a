package dev.missive.examples.relay;

import dev.missive.dns.DnsResolver;
import dev.missive.dns.DnsServer;
import dev.missive.dns.JndiDnsResolver;
import dev.missive.examples.tls.TlsContexts;
import dev.missive.mailauth.dkim.DkimSigningKey;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.host.MxSender;
import dev.missive.smtp.host.SmtpListener;
import dev.missive.transport.TlsSettings;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.transport.TransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Teaches a store-and-forward relay MTA (RFC 5321 §2.3.10, §3.3, §4.5.4): the SMTP server engine accepts mail into
 * a durable spool ({@link RelaySpool}, the {@code 250} only after {@code fsync}), and a {@link SmarthostRelayer}
 * forwards it with {@code smtp-host}'s sender to one next hop or to the recipients' MX hosts, retrying 4xx replies
 * and connection failures with back-off ({@link RetrySchedule}) and bouncing 5xx refusals with an RFC 3464 report.
 *
 * <p><b>Where bounces go:</b> into the same spool, addressed to the original reverse path with the null reverse path
 * {@code <>}, so they leave through the next hop like any other mail (the smarthost knows how to reach the sender).
 *
 * <p><b>Extensions:</b> the SMTP side offers DELIVERBY (RFC 2852), MT-PRIORITY (RFC 6710), RRVS (RFC 7293) and
 * FUTURERELEASE (RFC 4865) and
 * the spool keeps their values with each message ({@link RelayEnvelope}); the relayer tries held messages at their
 * release time (RFC 4865), the messages due in priority order, returns or reports late ones, warns after
 * {@code --warn-ms} and gives up after {@code --expire-ms} ({@link SmarthostRelayer}).
 *
 * <p><b>What survives a crash:</b> everything acknowledged with 250. A message is forwarded at least once: killed
 * between the next hop's 250 and the removal from the spool, the relay sends it again after the restart.
 *
 * <pre>
 * java -cp examples/target/missive-server.jar dev.missive.examples.relay.RelayExample \
 *     --port 2526 --spool ./relay-spool --next-hop smtp.example.net:25
 * </pre>
 *
 * Options: {@code --bind ADDR} (127.0.0.1), {@code --port N} (2526; 0 picks one), {@code --spool DIR}
 * ({@code ./relay-spool}), {@code --next-hop HOST:PORT} or {@code --mx yes} (one of them: a smarthost, or the
 * recipients' MX hosts, RFC 5321 §5.1, with {@code --dns HOST:PORT} to ask one DNS server instead of the system's and
 * {@code --mx-port N} for a test's MX hosts instead of 25), {@code --hostname NAME} (localhost),
 * {@code --retry-ms N} and {@code --retry-max-ms N} (the back-off, by default 60 000 and 3 600 000),
 * {@code --warn-ms N} and {@code --expire-ms N} (when the sender gets a "delayed" report and when a message is given
 * up with a "failed" one, RFC 5321 §4.5.4.1; by default 4 hours and 5 days), {@code --max-hold-s N} (the longest
 * HOLDFOR/HOLDUNTIL accepted, RFC 4865 §3; by default 7 days), {@code --priority-clients ADDR[,ADDR...]} (the
 * clients whose MT-PRIORITY above 0 is kept, RFC 6710 §4.1; anyone else's is lowered to 0, {@link RelayPolicy}),
 * {@code --dkim-key FILE} with {@code --dkim-selector NAME} and {@code --dkim-domain NAME} (a PEM PKCS#8 RSA or
 * Ed25519 key that DKIM-signs each message it forwards, RFC 6376 §5; the domain defaults to the hostname). It prints
 * {@code relay ready on port N} once it listens. With {@code --odmr PORT} and
 * {@code --odmr-customer user:password:domain[,domain...][;...]} (with {@code --next-hop}) it holds the mail for those
 * customers' domains instead of forwarding it, until the customer collects it with ATRN on that port (RFC 2645
 * On-Demand Mail Relay) or it expires like queued mail ({@code --warn-ms}, {@code --expire-ms}). That port offers STARTTLS (RFC 3207) with the key and certificate of
 * {@code --odmr-keystore FILE} and {@code --odmr-keystore-password PASS} (PKCS#12), or with a self-signed certificate
 * made at start, and takes AUTH PLAIN and LOGIN before TLS only from loopback. The inbound side offers no STARTTLS and no AUTH: bind it to
 * loopback or put it behind an address check; the outbound side uses STARTTLS when offered.
 */
public final class RelayExample implements AutoCloseable {

  private final SmarthostRelayer relayer;
  private final SmtpListener server;
  private final OdmrService odmr;
  private final HeldMail held;

  /**
   * Opens the spool, starts the relayer (which at once picks up what an earlier run left queued) and listens.
   *
   * @param bind     the listen address
   * @param spoolDir the spool directory
   * @param nextHop  the next hop as {@code host:port}
   * @param hostname this relay's name (greeting, EHLO, {@code Received:}, bounces)
   * @param schedule the retry back-off
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, String nextHop, String hostname, RetrySchedule schedule)
      throws IOException, GeneralSecurityException {
    this(bind, spoolDir, nextHop, hostname, schedule, Optional.empty());
  }

  /**
   * The same, DKIM-signing every message it forwards.
   *
   * @param bind     the listen address
   * @param spoolDir the spool directory
   * @param nextHop  the next hop as {@code host:port}
   * @param hostname this relay's name (greeting, EHLO, {@code Received:}, bounces)
   * @param schedule the retry back-off
   * @param dkim     the signing key, if any
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, String nextHop, String hostname, RetrySchedule schedule,
                      Optional<DkimSigningKey> dkim) throws IOException, GeneralSecurityException {
    this(bind, spoolDir, nextHop, hostname, schedule, dkim, RelayPolicy.DEFAULT);
  }

  /**
   * The same, with its own warning and expiry times (RFC 5321 §4.5.4.1).
   *
   * @param bind     the listen address
   * @param spoolDir the spool directory
   * @param nextHop  the next hop as {@code host:port}
   * @param hostname this relay's name (greeting, EHLO, {@code Received:}, bounces)
   * @param schedule the retry back-off
   * @param dkim     the signing key, if any
   * @param policy   when to warn the sender and when to give a message up
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, String nextHop, String hostname, RetrySchedule schedule,
                      Optional<DkimSigningKey> dkim, RelayPolicy policy) throws IOException, GeneralSecurityException {
    this(bind, spoolDir, hostname, spool -> new SmarthostRelayer(spool, nextHop, TlsContexts.client(),
        TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT, hostname, schedule, dkim, policy), null, List.of(),
        Optional.empty(), policy);
  }

  /**
   * The same, holding the mail for On-Demand Mail Relay customers' domains (RFC 2645) instead of forwarding it,
   * until the customer collects it with ATRN on the ODMR port.
   *
   * @param bind      the listen address
   * @param spoolDir  the spool directory (held mail goes under {@code held/} in it)
   * @param nextHop   the next hop as {@code host:port}, for everything not held
   * @param hostname  this relay's name
   * @param schedule  the retry back-off
   * @param odmr      the ODMR port's address (RFC 2645 §4 reserves port 366)
   * @param customers {@code user:password:domain[,domain...]} per customer
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, String nextHop, String hostname, RetrySchedule schedule,
                      InetSocketAddress odmr, List<String> customers) throws IOException, GeneralSecurityException {
    this(bind, spoolDir, nextHop, hostname, schedule, odmr, customers, Optional.empty());
  }

  /**
   * The same, the ODMR port offering STARTTLS (RFC 3207) with {@code odmrTls}, so customers off loopback can
   * authenticate.
   *
   * @param bind      the listen address
   * @param spoolDir  the spool directory (held mail goes under {@code held/} in it)
   * @param nextHop   the next hop as {@code host:port}, for everything not held
   * @param hostname  this relay's name
   * @param schedule  the retry back-off
   * @param odmr      the ODMR port's address (RFC 2645 §4 reserves port 366)
   * @param customers {@code user:password:domain[,domain...]} per customer
   * @param odmrTls   the ODMR port's TLS (its key and certificate), or empty for no STARTTLS
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, String nextHop, String hostname, RetrySchedule schedule,
                      InetSocketAddress odmr, List<String> customers, Optional<TlsSettings> odmrTls)
      throws IOException, GeneralSecurityException {
    this(bind, spoolDir, nextHop, hostname, schedule, odmr, customers, odmrTls, RelayPolicy.DEFAULT);
  }

  /**
   * The same with its own warning and expiry times (RFC 5321 §4.5.4.1), which the mail held for ODMR customers
   * follows too: a held message not collected in time is returned to its sender.
   *
   * @param bind      the listen address
   * @param spoolDir  the spool directory (held mail goes under {@code held/} in it)
   * @param nextHop   the next hop as {@code host:port}, for everything not held
   * @param hostname  this relay's name
   * @param schedule  the retry back-off
   * @param odmr      the ODMR port's address (RFC 2645 §4 reserves port 366)
   * @param customers {@code user:password:domain[,domain...]} per customer
   * @param odmrTls   the ODMR port's TLS (its key and certificate), or empty for no STARTTLS
   * @param policy    when to warn the sender and when to give a message up, relayed or held
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, String nextHop, String hostname, RetrySchedule schedule,
                      InetSocketAddress odmr, List<String> customers, Optional<TlsSettings> odmrTls,
                      RelayPolicy policy) throws IOException, GeneralSecurityException {
    this(bind, spoolDir, hostname, spool -> new SmarthostRelayer(spool, nextHop, TlsContexts.client(),
        TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT, hostname, schedule, Optional.empty(), policy), odmr, customers,
        odmrTls, policy);
  }

  /**
   * The same, delivering to the recipients' MX hosts (RFC 5321 §5.1) instead of a next hop.
   *
   * @param bind     the listen address
   * @param spoolDir the spool directory
   * @param mx       the MX sender (resolver, EHLO name, TLS policy)
   * @param hostname this relay's name (greeting, EHLO, {@code Received:}, bounces)
   * @param schedule the retry back-off
   * @param dkim     the signing key, if any
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, MxSender mx, String hostname, RetrySchedule schedule,
                      Optional<DkimSigningKey> dkim) throws IOException, GeneralSecurityException {
    this(bind, spoolDir, mx, hostname, schedule, dkim, RelayPolicy.DEFAULT);
  }

  /**
   * The same by MX, with its own warning and expiry times.
   *
   * @param bind     the listen address
   * @param spoolDir the spool directory
   * @param mx       the MX sender (resolver, EHLO name, TLS policy)
   * @param hostname this relay's name (greeting, EHLO, {@code Received:}, bounces)
   * @param schedule the retry back-off
   * @param dkim     the signing key, if any
   * @param policy   when to warn the sender and when to give a message up
   */
  public RelayExample(InetSocketAddress bind, Path spoolDir, MxSender mx, String hostname, RetrySchedule schedule,
                      Optional<DkimSigningKey> dkim, RelayPolicy policy) throws IOException, GeneralSecurityException {
    this(bind, spoolDir, hostname, spool -> SmarthostRelayer.viaMx(spool, mx, hostname, schedule, dkim, policy), null,
        List.of(), Optional.empty(), policy);
  }

  /** Makes the relayer for a spool. */
  @FunctionalInterface
  private interface Relayers {
    SmarthostRelayer make(RelaySpool spool) throws GeneralSecurityException;
  }

  private RelayExample(InetSocketAddress bind, Path spoolDir, String hostname, Relayers relayers,
                       InetSocketAddress odmrBind, List<String> customers, Optional<TlsSettings> odmrTls,
                       RelayPolicy policy)
      throws IOException, GeneralSecurityException {
    SmarthostRelayer[] holder = new SmarthostRelayer[1];
    RelaySpool spool = new RelaySpool(spoolDir, () -> holder[0].wakeUp());
    // before the relayer starts: a report about held mail is applied to it before it can be sent (HeldMail)
    held = odmrBind == null ? null : new HeldMail(OdmrCustomers.parse(customers), spoolDir.resolve("held"), spool,
        hostname, policy, Clock.systemUTC());
    odmr = held == null ? null : new OdmrService(odmrBind, hostname, held, odmrTls);
    relayer = relayers.make(spool);
    holder[0] = relayer;
    relayer.start();
    if (held != null) {
      held.start();
    }
    server = SmtpListener.builder(hostname, session -> new RelaySmtpHandler(session, spool, held))
        .config(withRelayExtensions(SmtpServerConfig.builder().hostname(hostname).priorityTrust(
            policy.priorityTrust()).build(), policy.maxHold()))
        .address(bind.getAddress())
        .port(bind.getPort())
        .maxConnections(64, 64)
        .start();
  }

  /**
   * The engine's configuration with the extensions the relay honours added: DELIVERBY (RFC 2852), MT-PRIORITY
   * (RFC 6710), RRVS (RFC 7293) and FUTURERELEASE (RFC 4865 §3, offering holds of up to {@code maxHold}), whose
   * values the spool keeps ({@link RelayEnvelope}); the example server's submission ports use it with
   * {@code --relay}.
   *
   * @param config  the configuration to add them to
   * @param maxHold the longest HOLDFOR/HOLDUNTIL offered ({@link RelayPolicy#maxHold()})
   * @return the configuration with the extensions
   */
  public static SmtpServerConfig withRelayExtensions(SmtpServerConfig config, Duration maxHold) {
    List<SmtpExtension> offered = new ArrayList<>(config.extensions());
    for (SmtpExtension e : List.of(SmtpExtension.DELIVERBY, SmtpExtension.MT_PRIORITY, SmtpExtension.RRVS,
        SmtpExtension.FUTURERELEASE)) {
      if (!offered.contains(e)) {
        offered.add(e);
      }
    }
    return config.toBuilder().extensions(offered.toArray(SmtpExtension[]::new))
        .limits(config.limits().toBuilder().maxFutureRelease(maxHold).build()).build();
  }

  /** The port the relay listens on. */
  public int port() {
    return server.port();
  }

  /** The ODMR port (RFC 2645), or -1 when the relay holds no mail for customers. */
  public int odmrPort() {
    return odmr == null ? -1 : odmr.port();
  }

  @Override
  public void close() throws IOException {
    server.close();
    if (odmr != null) {
      odmr.close();
      held.close();
    }
    relayer.close();
  }

  /** Runs the relay until the process is stopped; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>(Map.of("--bind", "127.0.0.1", "--port", "2526",
        "--spool", "relay-spool", "--hostname", "localhost", "--retry-ms", "60000", "--retry-max-ms", "3600000",
        "--warn-ms", Long.toString(RelayPolicy.DEFAULT.warnAfter().toMillis()),
        "--expire-ms", Long.toString(RelayPolicy.DEFAULT.expireAfter().toMillis()),
        "--max-hold-s", Long.toString(RelayPolicy.DEFAULT_MAX_HOLD.toSeconds())));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      options.put(args[i], args[i + 1]);
    }
    if (options.containsKey("--next-hop") == options.containsKey("--mx")) {
      System.err.println("usage: RelayExample (--next-hop HOST:PORT | --mx yes [--dns HOST:PORT] [--mx-port N])"
          + " [--port N] [--spool DIR] [--bind ADDR] [--hostname NAME] [--retry-ms N] [--retry-max-ms N]"
          + " [--warn-ms N] [--expire-ms N] [--max-hold-s N] [--priority-clients ADDR[,ADDR...]]"
          + " [--dkim-key FILE --dkim-selector NAME [--dkim-domain NAME]]"
          + " [--odmr PORT --odmr-customer USER:PASSWORD:DOMAIN[,DOMAIN...][;...]"
          + " [--odmr-keystore FILE --odmr-keystore-password PASS]]");
      System.exit(2);
    }
    Optional<DkimSigningKey> dkim = Optional.empty();
    if (options.containsKey("--dkim-key")) {
      dkim = Optional.of(DkimSigningKey.fromPem(options.getOrDefault("--dkim-domain", options.get("--hostname")),
          Objects.requireNonNull(options.get("--dkim-selector"), "--dkim-key needs --dkim-selector"),
          Files.readString(Path.of(options.get("--dkim-key")))));
    }
    RetrySchedule schedule = new RetrySchedule(Duration.ofMillis(Long.parseLong(options.get("--retry-ms"))),
        Duration.ofMillis(Long.parseLong(options.get("--retry-max-ms"))));
    RelayPolicy policy = new RelayPolicy(Duration.ofMillis(Long.parseLong(options.get("--warn-ms"))),
        Duration.ofMillis(Long.parseLong(options.get("--expire-ms"))),
        Duration.ofSeconds(Long.parseLong(options.get("--max-hold-s"))))
        .withPriorityClients(addresses(options.getOrDefault("--priority-clients", "")));
    InetSocketAddress bind = new InetSocketAddress(options.get("--bind"), Integer.parseInt(options.get("--port")));
    Path spool = Path.of(options.get("--spool"));
    RelayExample relay;
    if (options.containsKey("--mx")) {
      DnsResolver dns = options.containsKey("--dns") ? JndiDnsResolver.using(DnsServer.parse(options.get("--dns")))
          : JndiDnsResolver.system();
      MxSender mx = MxSender.builder().resolver(dns).ehloName(options.get("--hostname"))
          .port(Integer.parseInt(options.getOrDefault("--mx-port", "25"))).build();
      relay = new RelayExample(bind, spool, mx, options.get("--hostname"), schedule, dkim, policy);
    } else if (options.containsKey("--odmr")) {
      InetSocketAddress odmr = new InetSocketAddress(options.get("--bind"), Integer.parseInt(options.get("--odmr")));
      relay = new RelayExample(bind, spool, options.get("--next-hop"), options.get("--hostname"), schedule, odmr,
          List.of(options.getOrDefault("--odmr-customer", "").split(";")), Optional.of(odmrTls(options)), policy);
    } else {
      relay = new RelayExample(bind, spool, options.get("--next-hop"), options.get("--hostname"), schedule, dkim,
          policy);
    }
    System.out.println("relay ready on port " + relay.port()
        + (relay.odmrPort() < 0 ? "" : ", ODMR on port " + relay.odmrPort()));
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        relay.close();
      } catch (IOException ignored) {
        // exiting
      }
      stop.countDown();
    }));
    stop.await();
  }

  /** The IP address literals of a comma-separated list ({@code --priority-clients}); never a DNS name. */
  private static List<java.net.InetAddress> addresses(String list) {
    List<java.net.InetAddress> out = new ArrayList<>();
    for (String a : list.split(",")) {
      if (!a.isBlank()) {
        out.add(RelayPolicy.literal(a.strip()).orElseThrow(() -> new IllegalArgumentException(
            "--priority-clients takes IP addresses, not " + a)));
      }
    }
    return out;
  }

  /** The ODMR port's TLS: {@code --odmr-keystore} (PKCS#12), or a self-signed certificate for the hostname. */
  private static TlsSettings odmrTls(Map<String, String> options) throws IOException, GeneralSecurityException {
    char[] password = options.getOrDefault("--odmr-keystore-password", "changeit").toCharArray();
    Path store = options.containsKey("--odmr-keystore") ? Path.of(options.get("--odmr-keystore"))
        : TlsContexts.selfSigned(options.get("--hostname"), password);
    return TlsSettings.fromKeyStore(store, password);
  }
}
