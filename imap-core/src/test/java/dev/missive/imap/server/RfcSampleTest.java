package dev.missive.imap.server;

import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Side;
import dev.missive.testkit.TestEnvironments;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The sample connections of RFC 3501 §8 and RFC 9051 §8 through the raw engine, whatever the input's splits. */
class RfcSampleTest {

  static Transcript transcript(String name) {
    InputStream in = RfcSampleTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalArgumentException("no transcript " + name);
    }
    return Transcript.parse(in);
  }

  @Test
  void rfc3501Section8() {
    ChunkingCheck.of(transcript("rfc3501-section8.txt"), Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      ImapServerConfig config = ImapServerConfig.builder().greeting("IMAP4rev1 Service Ready").build();
      ImapServer server = new ImapServer(config, TestEnvironments.of(time),
          new PeerInfo("[127.0.0.1]", "rfc3501", ConnectionSecurity.TRUSTED));
      return HostedEngine.of(server, new RawSampleHost("1", "secret"), time);
    }).assertIndependent(10);
  }
}
