package dev.missive.imap.server;

import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Side;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.ScramCredentials;
import dev.missive.sasl.ScramDecoys;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The sample connections of RFC 3501 §8 and RFC 9051 §8 through the raw engine, whatever the input's splits. */
class RfcSampleTest {

  /** Reads a server-side transcript from {@code transcripts/imap/server/} (docs/architecture.md, "Transcripts"). */
  static Transcript transcript(String name) {
    return Transcript.resource(RfcSampleTest.class::getResourceAsStream, "imap/server/" + name);
  }

  @Test
  void rfc3501Section8() {
    ChunkingCheck.of(transcript("rfc3501-section8.txt"), Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      ImapServerConfig config = ImapServerConfig.builder().greeting("IMAP4rev1 Service Ready").build();
      ImapServer server = new ImapServer(config, time.environment(),
          new PeerInfo("[127.0.0.1]", "rfc3501", ConnectionSecurity.TRUSTED));
      return HostedEngine.of(server, new RawSampleHost("1", "secret"), time);
    }).assertIndependent(10);
  }

  /** RFC 7677 §3's user, salt and server nonce, which the RFC 9051 §8 sample's SCRAM exchange uses. */
  static SaslServerMechanisms rfc7677Scram() {
    byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    ScramCredentials user = ScramCredentials.derive("pencil", salt, 4096);
    return SaslServerMechanisms.builder()
        .scramSha256(name -> Optional.ofNullable(name.equals("user") ? user : null),
            ScramDecoys.of(new byte[32], UnaryOperator.identity(), 4096, salt.length))
        .scramNonces(() -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0").build();
  }

  @Test
  void rfc9051Section8() {
    ChunkingCheck.of(transcript("rfc9051-section8.txt"), Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      ImapServerConfig config = ImapServerConfig.builder().startTls(true).sasl(rfc7677Scram()).build();
      ImapServer server = new ImapServer(config, time.environment(),
          new PeerInfo("[192.0.2.1]", "rfc9051", ConnectionSecurity.PLAINTEXT));
      return HostedEngine.of(server, new RawSampleHost("2", "unused"), time);
    }).assertIndependent(10);
  }
}
