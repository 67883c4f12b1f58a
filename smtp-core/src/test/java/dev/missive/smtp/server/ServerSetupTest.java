package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.internal.ReplyWriter;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a configuration means for every session, worked out once ({@link ServerSetup}): the replies it keeps are the
 * octets the engine formatted per session before (RFC 5321 §4.1.1.1 EHLO, §4.2 texts), and sessions of one
 * configuration share one setup.
 */
class ServerSetupTest {

  private static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

  private static final List<SmtpServerConfig> CONFIGS = List.of(
      SmtpServerConfig.defaults("mx.example.org"),
      SmtpServerConfig.builder().hostname("mx.example.org").authMechanisms(AuthTest.mechanisms()).tlsAvailable(true)
          .build(),
      SmtpServerConfig.builder().hostname("mx.example.org").authMechanisms(AuthTest.mechanisms()).tlsAvailable(true)
          .authRequiresTls(true).enhancedStatusCodes(false).build(),
      SmtpServerConfig.builder().hostname("lmtp.example.org").lmtp(true).extensions().build(),
      SmtpServerConfig.builder().hostname("mx.example.org").extensions(SmtpExtension.PIPELINING, SmtpExtension.SIZE,
          SmtpExtension.LIMITS, SmtpExtension.DELIVERBY, SmtpExtension.XCLIENT).enhancedStatusCodes(false).build(),
      SmtpServerConfig.builder().hostname("mx.example.org")
          .texts(ReplyTexts.DEFAULT.with(ReplyText.EHLO_GREETING, "{host} hello {client}, welcome")).build(),
      SmtpServerConfig.builder().hostname("mx.example.org").extensions(SmtpExtension.FUTURERELEASE)
          .limits(SmtpLimits.builder().maxFutureRelease(Duration.ofDays(2)).build()).build());

  private static byte[] octets(OutputQueue out) {
    ByteBuffer b = ByteBuffer.allocate(out.size());
    out.drainTo(b);
    return b.array();
  }

  @Test
  void ehloRepliesAreTheOctetsTheWholeReplyFormats() {
    for (SmtpServerConfig config : CONFIGS) {
      for (boolean tls : new boolean[] {false, true}) {
        for (String client : List.of("client.example", "[192.0.2.1]", "клиент.example", "c".repeat(250) + ".ex")) {
          ServerSetup setup = ServerSetup.of(config);
          OutputQueue out = new OutputQueue(1 << 16, setup.firstOutputBlock()); // a long name goes past the block
          setup.writeEhlo(out, tls, client, NOW);
          Reply whole = Capabilities.ehloReply(config, Capabilities.offered(config, tls), tls, client, NOW);
          assertThat(new String(octets(out), java.nio.charset.StandardCharsets.UTF_8))
              .as("%s tls=%s", config.extensions(), tls)
              .isEqualTo(new String(ReplyWriter.encode(whole, false), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
  }

  @Test
  void keptRepliesAreTheConfiguredTextsWithTheHostName() {
    SmtpServerConfig config = CONFIGS.get(5);
    ServerSetup setup = ServerSetup.of(config);
    for (ReplyText t : ReplyText.values()) {
      assertThat(setup.reply(t)).isEqualTo(config.texts().reply(t, config.hostname()));
    }
    OutputQueue out = new OutputQueue(1024);
    setup.greeting().writeTo(out, false); // RFC 2034 §4: the greeting goes before EHLO, without a status code
    setup.startMailInput().writeTo(out, true);
    setup.closing().writeTo(out, true);
    assertThat(new String(octets(out), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(
        "220 mx.example.org " + config.greeting() + "\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            + "221 2.0.0 mx.example.org Service closing transmission channel\r\n");
    assertThat(setup.offered(false)).isEqualTo(Capabilities.offered(config, false));
    // the default greeting and an EHLO reply to a 64-octet name fit 256 octets
    assertThat(ServerSetup.of(CONFIGS.get(0)).firstOutputBlock()).isEqualTo(256);
    assertThat(setup.commandMax(true)).isEqualTo(
        Capabilities.commandLineLength(config, Capabilities.offered(config, true)));
  }

  @Test
  void sessionsOfOneConfigurationShareItsSetupAndATrustedPeerGetsPlaintextAuth() {
    SmtpServerConfig config = CONFIGS.get(1);
    ServerSetup setup = ServerSetup.of(config);
    assertThat(ServerSetup.of(config)).isSameAs(setup);
    assertThat(ServerSetup.of(SmtpServerConfig.defaults("other.example"))).isNotSameAs(setup);
    assertThat(setup.forPeer(ServerFixtures.peer())).isSameAs(setup);
    ServerSetup trusted = setup.forPeer(ServerFixtures.peer(ConnectionSecurity.TRUSTED));
    assertThat(trusted.config().plaintextAuthAllowed()).isTrue();
    assertThat(setup.forPeer(ServerFixtures.peer(ConnectionSecurity.TRUSTED))).isSameAs(trusted);
    assertThat(trusted.config().extensions()).isEqualTo(config.extensions());
  }

  /**
   * A listener that has no session open between two connections keeps its setup: the cache holds it softly, so a
   * collection does not make every next session work it out again.
   */
  @Test
  void theSetupOutlivesACollectionWhileNoSessionIsOpen() {
    SmtpServerConfig config = SmtpServerConfig.defaults("gc.example.org");
    java.lang.ref.WeakReference<ServerSetup> made = new java.lang.ref.WeakReference<>(ServerSetup.of(config));
    System.gc();
    assertThat(made.get()).isNotNull().isSameAs(ServerSetup.of(config));
  }
}
