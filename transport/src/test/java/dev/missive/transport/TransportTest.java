package dev.missive.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link Transport} without {@code transport-netty} on the path (this module's tests never have it): the blocking
 * transport works, Netty is refused with an error that names the missing artifact and module.
 */
class TransportTest {

  @Test
  void theBlockingTransportNeedsNoProvider() {
    assertThat(Transport.BLOCKING.server("t", c -> null)).isInstanceOf(BlockingServer.Builder.class);
  }

  @Test
  void nettyWithoutTransportNettyNamesTheMissingModule() {
    assertThatThrownBy(() -> Transport.NETTY.server("t", c -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev.missive:transport-netty")
        .hasMessageContaining("dev.missive.transport.netty");
  }
}
