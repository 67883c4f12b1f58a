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
  void toStringMasksUserAndKeyStorePasswords() {
    ServerOptions options = ServerOptions.parse("--user", "alice:s3cr3t-user", "--tls-password", "s3cr3t-store");
    assertThat(options.toString()).contains("alice").doesNotContain("s3cr3t");
    assertThat(options.withUsers(java.util.Map.of("demo", "s3cr3t-demo")).toString())
        .contains("demo").doesNotContain("s3cr3t");
  }
}
