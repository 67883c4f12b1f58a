package dev.missive.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real DNS server on loopback for tests of DNS look-ups (RFC 1035): Debian's {@code dnsmasq} serving only the
 * TXT, MX, A/AAAA, PTR and CNAME records a test adds, from a generated configuration, on 127.0.0.1 and a free
 * high port (UDP and TCP). Names under the domains of the records (and under {@code localDomain}s) that have no
 * record are NXDOMAIN; a name with records of other types answers with no data. The server never forwards a query.
 * <pre>{@code
 * assumeTrue(LoopbackDnsServer.isAvailableOrFailOnCi());
 * try (LoopbackDnsServer dns = LoopbackDnsServer.builder().txt("example.com", "v=spf1 -all").start()) {
 *   resolver = new JndiDnsResolver(options.withServer(DnsServer.parse(dns.hostPort())));
 * }
 * }</pre>
 */
public final class LoopbackDnsServer implements AutoCloseable {

  /** Where Debian installs dnsmasq. */
  public static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

  private final Process process;
  private final Path dir;
  private final int port;

  private LoopbackDnsServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Whether dnsmasq is installed; see {@link ExternalTools#availableOrFailOnCi(String, boolean)}.
   *
   * @return whether tests can start the server
   * @throws AssertionError when it is missing and {@code CI=true}
   */
  public static boolean isAvailableOrFailOnCi() {
    return ExternalTools.availableOrFailOnCi("dnsmasq", ExternalTools.isExecutable(DNSMASQ));
  }

  /** {@return a builder of the records to serve} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the UDP and TCP port on 127.0.0.1} */
  public int port() {
    return port;
  }

  /** {@return {@code 127.0.0.1:PORT}, as the examples' {@code --dns} option takes it} */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** Stops the server and deletes its configuration. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  /** The records of a {@link LoopbackDnsServer}, in dnsmasq's configuration syntax. */
  public static final class Builder {
    private final List<String> lines = new ArrayList<>();
    private final List<String> domains = new ArrayList<>();

    private Builder() {
    }

    private Builder line(String name, String line) {
      check(name);
      lines.add(line);
      String[] labels = name.split("\\.");
      String top = labels[labels.length - 1];
      if (!domains.contains(top)) {
        domains.add(top);
      }
      return this;
    }

    private static void check(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= ' ' || c >= 0x7f || c == ',' || c == '"' || c == '\\' || c == '/' || c == '#') {
          throw new IllegalArgumentException("character dnsmasq cannot take in a name: " + s);
        }
      }
    }

    /**
     * A TXT record of one or more character-strings (each at most 255 octets, printable ASCII without '"' and
     * '\').
     *
     * @param name    the owner name
     * @param strings the strings
     * @return this builder
     */
    public Builder txt(String name, String... strings) {
      StringBuilder b = new StringBuilder("txt-record=").append(name);
      for (String s : strings) {
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c < ' ' || c >= 0x7f || c == '"' || c == '\\') {
            throw new IllegalArgumentException("character dnsmasq cannot take in a TXT string at " + i);
          }
        }
        if (s.length() > 255) {
          throw new IllegalArgumentException("a TXT character-string holds at most 255 octets");
        }
        b.append(",\"").append(s).append('"');
      }
      return line(name, b.toString());
    }

    /**
     * An MX record.
     *
     * @param name       the owner name
     * @param preference the preference
     * @param exchange   the exchange host
     * @return this builder
     */
    public Builder mx(String name, int preference, String exchange) {
      check(exchange);
      return line(name, "mx-host=" + name + "," + exchange + "," + preference);
    }

    /**
     * A and/or AAAA records for a name.
     *
     * @param name      the owner name
     * @param addresses IPv4 and IPv6 literals
     * @return this builder
     */
    public Builder address(String name, String... addresses) {
      for (String a : addresses) {
        check(a);
      }
      return line(name, "host-record=" + name + "," + String.join(",", addresses));
    }

    /**
     * A PTR record.
     *
     * @param reverseName the in-addr.arpa or ip6.arpa name
     * @param host        the host name it points to
     * @return this builder
     */
    public Builder ptr(String reverseName, String host) {
      check(host);
      return line(reverseName, "ptr-record=" + reverseName + "," + host);
    }

    /**
     * A CNAME record.
     *
     * @param alias  the alias
     * @param target the canonical name (must have records here)
     * @return this builder
     */
    public Builder cname(String alias, String target) {
      check(target);
      return line(alias, "cname=" + alias + "," + target);
    }

    /**
     * Makes every name under a domain answered here (NXDOMAIN when it has no record), even without records.
     *
     * @param domain the domain
     * @return this builder
     */
    public Builder localDomain(String domain) {
      check(domain);
      domains.add(domain);
      return this;
    }

    /**
     * Writes the configuration and starts dnsmasq, waiting until it answers on TCP.
     *
     * @return the running server; close it
     * @throws UncheckedIOException if it cannot start
     */
    public LoopbackDnsServer start() {
      try {
        Path dir = Files.createTempDirectory("missive-dnsmasq");
        int port = freePort();
        List<String> conf = new ArrayList<>(List.of("port=" + port, "listen-address=127.0.0.1",
            "bind-interfaces", "no-resolv", "no-hosts", "no-poll", "keep-in-foreground", "user=root",
            "pid-file=", "log-facility=-", "cache-size=0"));
        for (String d : domains) {
          conf.add("local=/" + d + "/");
        }
        conf.addAll(lines);
        Path file = dir.resolve("dnsmasq.conf");
        Files.write(file, conf, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(DNSMASQ.toString(), "--conf-file=" + file)
            .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        LoopbackDnsServer server = new LoopbackDnsServer(p, dir, port);
        awaitListening(server, p, dir);
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void awaitListening(LoopbackDnsServer server, Process p, Path dir) throws IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          String log = Files.readString(dir.resolve("dnsmasq.log"), StandardCharsets.UTF_8);
          server.close();
          throw new IOException("dnsmasq exited: " + log);
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port), 200);
          return;
        } catch (IOException notYet) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      server.close();
      throw new IOException("dnsmasq did not start listening on port " + server.port);
    }

    private static int freePort() throws IOException {
      for (int i = 0; i < 20; i++) {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
          int port = tcp.getLocalPort();
          try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return port;
          } catch (IOException taken) {
            // try another
          }
        }
      }
      throw new IOException("no free port for both UDP and TCP on loopback");
    }
  }
}
