package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command line of {@code missive-server}: the transport choice and secrets kept out of {@code toString()}. */
class ServerOptionsTest {

  @Test
  void transportIsBlockingByDefaultAndNettyOnRequest() {
    assertThat(ServerOptions.parse().transport()).isEqualTo("blocking");
    assertThat(ServerOptions.parse("--transport", "netty").transport()).isEqualTo("netty");
    assertThatThrownBy(() -> ServerOptions.parse("--transport", "nio"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocking or netty");
  }

  @Test
  void senderMismatchIsRefusedUnlessAllowedByAFlag() {
    assertThat(ServerOptions.parse().allowSenderMismatch()).isFalse();
    ServerOptions allowing = ServerOptions.parse("--allow-sender-mismatch", "--transport", "netty");
    assertThat(allowing.allowSenderMismatch()).isTrue();
    assertThat(allowing.transport()).isEqualTo("netty");
    assertThat(allowing.withUsers(java.util.Map.of("demo", "x")).allowSenderMismatch()).isTrue();
    assertThat(ServerOptions.USAGE).contains("--allow-sender-mismatch");
  }

  @Test
  void relayIsASmarthostOrTheMxHosts() {
    assertThat(ServerOptions.parse("--relay", "smtp.example.net:587").relay()).contains("smtp.example.net:587");
    assertThat(ServerOptions.parse("--relay", "mx", "--dns", "127.0.0.1:5353").relay()).contains("mx");
    assertThatThrownBy(() -> ServerOptions.parse("--relay", "smtp.example.net"))
        .hasMessageContaining("HOST:PORT or mx");
    assertThat(ServerOptions.USAGE).contains("--relay HOST:PORT|mx");
  }

  @Test
  void dnsAndDkimOptions() {
    ServerOptions none = ServerOptions.parse();
    assertThat(none.dns()).isEmpty();
    assertThat(none.dkim()).isEmpty();
    ServerOptions all = ServerOptions.parse("--domain", "example.org", "--dns", "127.0.0.1:5353",
        "--dkim-key", "key.pem", "--dkim-selector", "s1");
    assertThat(all.dns()).contains("127.0.0.1:5353");
    assertThat(all.dkim()).contains(new ServerOptions.DkimKeyOption(java.nio.file.Path.of("key.pem"), "s1",
        "example.org")); // the domain defaults to the first --domain
    assertThat(ServerOptions.parse("--dkim-key", "k", "--dkim-selector", "s", "--dkim-domain", "Mail.Example")
        .dkim().orElseThrow().domain()).isEqualTo("mail.example");
    assertThatThrownBy(() -> ServerOptions.parse("--dns", "localhost")).hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> ServerOptions.parse("--dkim-key", "k")).hasMessageContaining("go together");
    assertThatThrownBy(() -> ServerOptions.parse("--dkim-selector", "s")).hasMessageContaining("go together");
    assertThatThrownBy(() -> ServerOptions.parse("--dkim-domain", "d")).hasMessageContaining("go together");
  }

  @Test
  void toStringMasksUserAndKeyStorePasswords() {
    ServerOptions options = ServerOptions.parse("--user", "alice:s3cr3t-user", "--tls-password", "s3cr3t-store");
    assertThat(options.toString()).contains("alice").doesNotContain("s3cr3t");
    assertThat(options.withUsers(java.util.Map.of("demo", "s3cr3t-demo")).toString())
        .contains("demo").doesNotContain("s3cr3t");
  }

  @Test
  void connectionLimitsAndTheHandshakeDeadlineHaveDefaultsAndOptions() {
    ServerOptions defaults = ServerOptions.parse();
    assertThat(defaults.connections().maxConnections()).isEqualTo(ServerOptions.DEFAULT_MAX_CONNECTIONS);
    assertThat(defaults.connections().maxConnectionsPerAddress())
        .isEqualTo(ServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    assertThat(defaults.connections().handshakeTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    ServerOptions set = ServerOptions.parse("--max-connections", "50", "--max-connections-per-address", "5",
        "--tls-handshake-timeout", "3");
    assertThat(set.connections().maxConnections()).isEqualTo(50);
    assertThat(set.connections().maxConnectionsPerAddress()).isEqualTo(5);
    assertThat(set.connections().handshakeTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(set.toString()).contains("maxConnections=50", "maxConnectionsPerAddress=5");
    assertThat(ServerOptions.parse("--max-connections", "4").connections().maxConnectionsPerAddress())
        .as("never above the total").isEqualTo(4);
    assertThatThrownBy(() -> ServerOptions.parse("--max-connections-per-address", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1 to");
    assertThatThrownBy(() -> ServerOptions.parse("--tls-handshake-timeout", "soon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-handshake-timeout");
  }

  @Test
  void imapOnItsDefaultPortAndImapsOffUnlessAsked() {
    ServerOptions none = ServerOptions.parse();
    assertThat(none.imapPort()).isEqualTo(1143);
    assertThat(none.imapsPort()).isZero();
    ServerOptions both = ServerOptions.parse("--imap", "0", "--imaps", "1993");
    assertThat(both.imapPort()).isZero();
    assertThat(both.imapsPort()).isEqualTo(1993);
    assertThat(both.withUsers(java.util.Map.of("a", "b")).imapsPort()).isEqualTo(1993);
    assertThatThrownBy(() -> ServerOptions.parse("--imap", "65536")).hasMessageContaining("--imap");
    assertThat(ServerOptions.USAGE).contains("--imap PORT", "--imaps PORT");
  }

  @Test
  void trustedProxiesAreRepeatableAddressLiterals() throws Exception {
    assertThat(ServerOptions.parse().trustedProxies()).isEmpty();
    assertThat(ServerOptions.parse("--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1").trustedProxies())
        .containsExactly(java.net.InetAddress.getByName("127.0.0.1"), java.net.InetAddress.getByName("::1"));
    assertThatThrownBy(() -> ServerOptions.parse("--trusted-proxy", "proxy.example"))
        .hasMessageContaining("IPv4 or IPv6 address");
    assertThatThrownBy(() -> ServerOptions.parse("--trusted-proxy", "1.2.3.400"))
        .hasMessageContaining("IPv4 or IPv6 address");
    assertThat(ServerOptions.USAGE).contains("--trusted-proxy", "--xclient-proxy");
    assertThat(ServerOptions.parse("--xclient-proxy", "192.0.2.25").xclientProxies())
        .containsExactly(java.net.InetAddress.getByName("192.0.2.25"));
    assertThat(ServerOptions.parse("--trusted-proxy", "192.0.2.25").xclientProxies()).isEmpty();
  }
}
