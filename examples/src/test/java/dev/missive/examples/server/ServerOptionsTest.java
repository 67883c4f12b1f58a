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
  void toStringMasksUserAndKeyStorePasswords() {
    ServerOptions options = ServerOptions.parse("--user", "alice:s3cr3t-user", "--tls-password", "s3cr3t-store");
    assertThat(options.toString()).contains("alice").doesNotContain("s3cr3t");
    assertThat(options.withUsers(java.util.Map.of("demo", "s3cr3t-demo")).toString())
        .contains("demo").doesNotContain("s3cr3t");
  }
}
