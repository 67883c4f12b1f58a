package dev.missive.examples.server;

import dev.missive.transport.TransportOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command-line options of {@link MissiveServer}, parsed and validated.
 *
 * @param bind              listen address
 * @param smtpPort          the MX-style port (local delivery, STARTTLS offered, no AUTH)
 * @param submissionPort    the RFC 6409 submission port (AUTH required, offered only after STARTTLS)
 * @param pop3Port          the POP3 port (STLS; plaintext login only on loopback before STLS)
 * @param smtpsPort         the implicit-TLS submission port (RFC 8314), or 0 for none
 * @param pop3sPort         the implicit-TLS POP3 port (RFC 8314), or 0 for none
 * @param maildir           the storage root
 * @param domains           the local domains
 * @param users             mailbox names and passwords
 * @param tlsKeystore       a PKCS#12 key store, or empty for a self-signed certificate
 * @param tlsPassword       the key store password
 * @param relay             the smarthost for authenticated mail to other domains, as host:port, or {@code mx}
 *                          to deliver to the recipients' MX hosts (RFC 5321 §5.1)
 * @param maxMessageSize    the advertised and enforced SIZE
 * @param transport         {@code blocking} (a thread per connection) or {@code netty} (event loops)
 * @param allowSenderMismatch whether submission accepts a sender the authenticated user does not own (by default
 *                          it is refused with 553 5.7.1, see {@link SenderPolicy})
 * @param connections       each listener's connection limits (in total and per client address) and TLS handshake
 *                          deadline
 * @param dns               the DNS server for mail authentication as host:port, or empty for the system's
 * @param dkim              the key relayed mail is DKIM-signed with, if any
 * @param imapPort          the IMAP port (STARTTLS; plaintext login only on loopback before STARTTLS)
 * @param imapsPort         the implicit-TLS IMAP port (RFC 8314), or 0 for none
 * @param pop2Port          the POP2 port (RFC 937; loopback clients only, since HELO sends the password in the
 *                          clear), or empty for none
 * @param trustedProxies    the proxies whose connections must begin with a PROXY protocol header naming the real
 *                          client, on every listener (empty: none)
 * @param xclientProxies    the SMTP proxies (nginx's mail proxy) whose connections are offered Postfix's XCLIENT and
 *                          XFORWARD, by the address the connection comes from (the proxy's, also behind a PROXY
 *                          header); never a TCP proxy's such as HAProxy's, whose clients' own commands pass through
 */
public record ServerOptions(String bind, int smtpPort, int submissionPort, int pop3Port, int smtpsPort,
                            int pop3sPort, Path maildir, List<String> domains, Map<String, String> users,
                            Optional<Path> tlsKeystore, String tlsPassword, Optional<String> relay,
                            long maxMessageSize, String transport, boolean allowSenderMismatch,
                            TransportOptions connections, Optional<String> dns,
                            Optional<DkimKeyOption> dkim, int imapPort, int imapsPort,
                            OptionalInt pop2Port, List<InetAddress> trustedProxies,
                            List<InetAddress> xclientProxies) {

  /** The most connections one listener serves at once, by default. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  /** The most connections one listener serves at once from one client address, by default (Postfix has 50). */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;

  /**
   * The DKIM signing options: a PEM PKCS#8 private key file (RSA or Ed25519), its selector and signing domain.
   *
   * @param keyFile  the key file
   * @param selector the selector ({@code s=})
   * @param domain   the signing domain ({@code d=})
   */
  public record DkimKeyOption(Path keyFile, String selector, String domain) {}

  /** The transports {@code --transport} accepts. */
  public static final List<String> TRANSPORTS = List.of("blocking", "netty");

  /** The usage text printed by {@code --help} and on errors. */
  public static final String USAGE = String.join("\n",
      "usage: java -jar examples/target/missive-server.jar [options]",
      "  --bind ADDR                 listen address (127.0.0.1)",
      "  --smtp PORT                 MX-style SMTP: local delivery, STARTTLS, no AUTH (2525)",
      "  --submission PORT           RFC 6409 submission: AUTH after STARTTLS (2587)",
      "  --pop3 PORT                 POP3 with STLS, USER/PASS, APOP, SASL (1110)",
      "  --smtps PORT                implicit-TLS submission, RFC 8314 (off)",
      "  --pop3s PORT                implicit-TLS POP3, RFC 8314 (off)",
      "  --imap PORT                 IMAP over the same Maildirs (Maildir++ folders), STARTTLS (1143)",
      "  --imaps PORT                implicit-TLS IMAP, RFC 8314 (off)",
      "  --maildir DIR               storage root, one Maildir per user (./mail-data)",
      "  --domain NAME               a local domain, repeatable (localhost)",
      "  --user NAME:PASSWORD        a mailbox and its password, repeatable (demo with a random password)",
      "  --tls-keystore FILE         PKCS#12 key and certificate (a self-signed one is made at start)",
      "  --tls-password PASS         its password",
      "  --relay HOST:PORT|mx        smarthost for authenticated mail to other domains, or mx: the recipients'",
      "                              MX hosts, looked up through --dns (none)",
      "  --max-message-size BYTES    advertised SIZE and enforced limit (26214400)",
      "  --transport blocking|netty  sockets with a thread per connection, or Netty event loops (blocking)",
      "  --allow-sender-mismatch     submission accepts any MAIL FROM, not only the user's own addresses and <>",
      "  --max-connections N         connections one listener serves at once (" + DEFAULT_MAX_CONNECTIONS + ")",
      "  --max-connections-per-address N  the same from one client address ("
          + DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + "); more get 421 4.7.0 / -ERR [SYS/TEMP]",
      "  --tls-handshake-timeout SECONDS  the longest a TLS handshake may take ("
          + TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT.toSeconds() + ")",
      "  --dns HOST:PORT             DNS server for SPF, DKIM, DMARC and ARC look-ups (the system's)",
      "  --dkim-key FILE             PEM PKCS#8 private key (RSA or Ed25519) that signs relayed mail (none)",
      "  --dkim-selector NAME        its selector, required with --dkim-key",
      "  --dkim-domain NAME          its signing domain (the first --domain)",
      "  --pop2 PORT                 POP2, RFC 937, for loopback clients only: no TLS (off)",
      "  --trusted-proxy ADDRESS     a proxy (HAProxy, nginx) whose connections begin with a PROXY v1/v2 header",
      "                              naming the real client, on every listener; repeatable (none)",
      "  --xclient-proxy ADDRESS     an SMTP proxy (nginx mail) whose connections may use XCLIENT and XFORWARD;",
      "                              never a TCP proxy (HAProxy): its clients could name any address; repeatable");

  /** The options with every password masked (user passwords and the key store's), for logs. */
  @Override
  public String toString() {
    return "ServerOptions[bind=" + bind + ", smtp=" + smtpPort + ", submission=" + submissionPort + ", pop3="
        + pop3Port + ", smtps=" + smtpsPort + ", pop3s=" + pop3sPort + ", maildir=" + maildir + ", domains="
        + domains + ", users=" + users.keySet() + " (passwords masked), tlsKeystore=" + tlsKeystore
        + ", tlsPassword=***, relay=" + relay + ", maxMessageSize=" + maxMessageSize + ", transport=" + transport
        + ", allowSenderMismatch=" + allowSenderMismatch
        + ", maxConnections=" + connections.maxConnections() + ", maxConnectionsPerAddress="
        + connections.maxConnectionsPerAddress() + ", tlsHandshakeTimeout=" + connections.handshakeTimeout()
        + ", dns=" + dns + ", dkim=" + dkim + ", imap=" + imapPort + ", imaps=" + imapsPort + ", pop2=" + pop2Port
        + ", trustedProxies=" + trustedProxies + ", xclientProxies=" + xclientProxies + "]";
  }

  /** These options with {@code users} as the mailboxes. */
  public ServerOptions withUsers(Map<String, String> newUsers) {
    return new ServerOptions(bind, smtpPort, submissionPort, pop3Port, smtpsPort, pop3sPort, maildir, domains,
        Map.copyOf(newUsers), tlsKeystore, tlsPassword, relay, maxMessageSize, transport, allowSenderMismatch,
        connections, dns, dkim, imapPort, imapsPort, pop2Port, trustedProxies, xclientProxies);
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException with a message for the user on any bad option
   */
  public static ServerOptions parse(String... args) {
    String bind = "127.0.0.1";
    int smtp = 2525;
    int submission = 2587;
    int pop3 = 1110;
    int smtps = 0;
    int pop3s = 0;
    int imap = 1143;
    int imaps = 0;
    OptionalInt pop2 = OptionalInt.empty();
    Path maildir = Path.of("mail-data");
    List<String> domains = new ArrayList<>();
    Map<String, String> users = new LinkedHashMap<>();
    Path keystore = null;
    String password = "changeit";
    String relay = null;
    long maxSize = 25L * 1024 * 1024;
    String transport = "blocking";
    boolean allowSenderMismatch = false;
    int maxConnections = DEFAULT_MAX_CONNECTIONS;
    int maxPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    Duration handshake = TransportOptions.DEFAULT_HANDSHAKE_TIMEOUT;
    String dns = null;
    Path dkimKey = null;
    String dkimSelector = null;
    String dkimDomain = null;
    List<InetAddress> trustedProxies = new ArrayList<>();
    List<InetAddress> xclientProxies = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (option.equals("--allow-sender-mismatch")) {
        allowSenderMismatch = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--bind": bind = value; break;
        case "--smtp": smtp = port(option, value); break;
        case "--submission": submission = port(option, value); break;
        case "--pop3": pop3 = port(option, value); break;
        case "--smtps": smtps = port(option, value); break;
        case "--pop3s": pop3s = port(option, value); break;
        case "--imap": imap = port(option, value); break;
        case "--imaps": imaps = port(option, value); break;
        case "--maildir": maildir = Path.of(value); break;
        case "--domain": domains.add(value.toLowerCase(java.util.Locale.ROOT)); break;
        case "--user": {
          int colon = value.indexOf(':');
          if (colon < 1 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--user wants NAME:PASSWORD, got " + value);
          }
          users.put(value.substring(0, colon), value.substring(colon + 1));
          break;
        }
        case "--tls-keystore": keystore = Path.of(value); break;
        case "--tls-password": password = value; break;
        case "--relay": {
          if (!value.equals("mx") && !value.matches("[^:\\s]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("--relay wants HOST:PORT or mx, got " + value);
          }
          relay = value;
          break;
        }
        case "--max-message-size": {
          try {
            maxSize = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-message-size wants a number of bytes, got " + value);
          }
          if (maxSize < 1024) {
            throw new IllegalArgumentException("--max-message-size must be at least 1024");
          }
          break;
        }
        case "--transport": {
          if (!TRANSPORTS.contains(value)) {
            throw new IllegalArgumentException("--transport wants blocking or netty, got " + value);
          }
          transport = value;
          break;
        }
        case "--max-connections": maxConnections = positive(option, value, 100_000); break;
        case "--max-connections-per-address": maxPerAddress = positive(option, value, 100_000); break;
        case "--tls-handshake-timeout": handshake = Duration.ofSeconds(positive(option, value, 3600)); break;
        case "--dns": {
          if (!value.matches("[^:\\s]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("--dns wants HOST:PORT, got " + value);
          }
          dns = value;
          break;
        }
        case "--dkim-key": dkimKey = Path.of(value); break;
        case "--dkim-selector": dkimSelector = value; break;
        case "--dkim-domain": dkimDomain = value.toLowerCase(java.util.Locale.ROOT); break;
        case "--pop2": pop2 = OptionalInt.of(port(option, value)); break;
        case "--trusted-proxy": trustedProxies.add(ipAddress(option, value)); break;
        case "--xclient-proxy": xclientProxies.add(ipAddress(option, value)); break;
        default:
          throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (domains.isEmpty()) {
      domains.add("localhost");
    }
    if ((dkimKey == null) != (dkimSelector == null) || dkimKey == null && dkimDomain != null) {
      throw new IllegalArgumentException("--dkim-key and --dkim-selector go together (--dkim-domain with them)");
    }
    Optional<DkimKeyOption> dkim = dkimKey == null ? Optional.empty()
        : Optional.of(new DkimKeyOption(dkimKey, dkimSelector, dkimDomain == null ? domains.get(0) : dkimDomain));
    return new ServerOptions(bind, smtp, submission, pop3, smtps, pop3s, maildir, List.copyOf(domains),
        users, Optional.ofNullable(keystore), password, Optional.ofNullable(relay), maxSize, transport,
        allowSenderMismatch,
        TransportOptions.defaults().withMaxConnections(maxConnections, Math.min(maxPerAddress, maxConnections))
            .withHandshakeTimeout(handshake), Optional.ofNullable(dns), dkim, imap, imaps, pop2,
            List.copyOf(trustedProxies), List.copyOf(xclientProxies));
  }

  /** An IP address literal (never a name to look up: the trust must not depend on DNS). */
  private static InetAddress ipAddress(String option, String value) {
    String octet = "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";
    boolean ipv4 = value.matches(octet + "(\\." + octet + "){3}");
    if (ipv4 || value.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      try {
        return InetAddress.getByName(value); // a literal: no lookup happens
      } catch (java.net.UnknownHostException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(option + " wants an IPv4 or IPv6 address, got " + value);
  }

  private static int positive(String option, String value, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " wants a number from 1 to " + max + ", got " + value);
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " wants a port number (0-65535), got " + value);
  }
}
