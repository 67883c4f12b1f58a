package dev.missive.imap.server;

import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.ManualTime;
import dev.missive.testkit.Side;
import dev.missive.wire.ConnectionSecurity;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7162's example sessions (§3.1.2 to §3.1.8, §3.2.5, §3.2.6, §3.2.7, §3.2.10, §6) through the handler engine, each over
 * a {@link SampleMailbox} holding the example's mailbox with its own numbers ({@link Rfc7162Samples}), played whole,
 * byte by byte and in random splits (docs/architecture.md, "Chunking independence"). Each transcript's header says
 * which example it plays and where its lines differ from the RFC's, and why.
 */
class Rfc7162SampleTest {

  private static Supplier<SampleMailbox> sample(String name) {
    return switch (name) {
      case "select" -> Rfc7162Samples::select;
      case "nomodseq" -> Rfc7162Samples::noModSeq;
      case "store" -> Rfc7162Samples::store;
      case "modified" -> Rfc7162Samples::modified;
      case "modified-expunged" -> Rfc7162Samples::modifiedAndExpunged;
      case "uidvalidity" -> Rfc7162Samples::otherUidValidity;
      case "qresync-select" -> Rfc7162Samples::qresync;
      case "vanished", "expunge" -> Rfc7162Samples::vanished;
      case "delayed-vanished" -> Rfc7162Samples::delayedVanished;
      case "uid-fetch-vanished" -> Rfc7162Samples::uidFetchVanished;
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static ChunkingCheck<ImapHandlerServer> check(String name) {
    Supplier<SampleMailbox> box = sample(name);
    return ChunkingCheck.of(RfcSampleTest.transcript("rfc7162-" + name + ".txt"), Side.SERVER, () -> {
      ManualTime time = new ManualTime();
      ImapHandlerServer s = new ImapHandlerServer(box.get(), Sessions.handlerConfig().build(), time.environment(),
          Sessions.peer(ConnectionSecurity.TRUSTED));
      return HostedEngine.of(s, (engine, log) -> { }, time);
    });
  }

  @ParameterizedTest
  @CsvSource({"select", "nomodseq", "store", "modified", "modified-expunged", "uidvalidity", "qresync-select",
      "vanished", "expunge", "delayed-vanished", "uid-fetch-vanished"})
  void example(String name) {
    check(name).assertIndependent(5);
  }
}
