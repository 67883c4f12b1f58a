package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.imap.protocol.ImapLimits;
import dev.missive.wire.TlsPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder's strict defaults, {@code toBuilder()}'s copy, and {@code build()}'s validation. */
class ImapClientConfigTest {

  private static final ImapLogin LOGIN = ImapLogin.password("mrc", "secret");

  @Test
  void defaultsAreStrict() {
    ImapClientConfig c = ImapClientConfig.builder().login(LOGIN).build();
    assertThat(c).isEqualTo(new ImapClientConfig(LOGIN, TlsPolicy.REQUIRED, false, List.of("IMAP4rev2", "UTF8=ACCEPT"),
        Duration.ofMinutes(5), ImapLimits.DEFAULT, 16, 100_000, 1_000_000, 64 * 1024, false));
  }

  @Test
  void toBuilderCopiesEveryValueAndChangesOnlyWhatItIsTold() {
    ImapClientConfig c = ImapClientConfig.builder().login(LOGIN).tlsPolicy(TlsPolicy.NONE).plaintextLoginAllowed(true)
        .enable(List.of()).responseTimeout(Duration.ofSeconds(30)).limits(ImapLimits.STRICT).maxInFlight(2)
        .maxCollected(3).maxTrackedUids(0).maxUndrainedOutput(1024).compress(true).build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toBuilder().maxInFlight(1).build())
        .isEqualTo(new ImapClientConfig(LOGIN, TlsPolicy.NONE, true, List.of(), Duration.ofSeconds(30),
            ImapLimits.STRICT, 1, 3, 0, 1024, true));
  }

  @Test
  void mailboxResyncAddsQresyncAndCondstoreOnce() {
    ImapClientConfig c = ImapClientConfig.builder().login(LOGIN).mailboxResync().mailboxResync().build();
    assertThat(c.enable()).containsExactly("IMAP4rev2", "UTF8=ACCEPT", "QRESYNC", "CONDSTORE");
  }

  @Test
  void buildValidates() {
    assertThatThrownBy(() -> ImapClientConfig.builder().build())
        .isInstanceOf(NullPointerException.class).hasMessage("login");
    assertThatThrownBy(() -> ImapClientConfig.builder().login(LOGIN).maxInFlight(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImapClientConfig.builder().login(LOGIN).responseTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImapClientConfig.builder().login(LOGIN).maxUndrainedOutput(1023).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(ImapClientConfig.builder().login(LOGIN).build().toString()).doesNotContain("secret");
  }
}
