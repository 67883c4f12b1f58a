package dev.missive.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.testkit.ChunkingCheck;
import dev.missive.testkit.Feeding;
import dev.missive.testkit.Side;
import dev.missive.testkit.Transcript;
import dev.missive.wire.ConnectionSecurity;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 1939 example sessions played as written, each turn whole, byte by byte and in random splits. */
class Rfc1939TranscriptTest {

  private static ChunkingCheck<Pop3HandlerServer> check(String name, MemoryStore[] stores) {
    Transcript t = Fixtures.transcript(name);
    return ChunkingCheck.of(t, Side.SERVER, () -> {
      stores[0] = MemoryStore.rfc1939();
      return Fixtures.hosted(stores[0], Fixtures.rfcConfig().build(), ConnectionSecurity.TRUSTED);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"pop3/server/rfc1939-section10-apop.txt", "pop3/server/issue6-user-pass.txt",
      "pop3/server/rfc1939-section7-commands.txt"})
  void playsAsWrittenWhateverTheSplits(String name) {
    MemoryStore[] store = new MemoryStore[1];
    check(name, store).assertIndependent(10);
    assertThat(store[0].locked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pop3/server/rfc1939-section10-apop.txt", "pop3/server/issue6-user-pass.txt"})
  void updateRemovesBothMessages(String name) {
    MemoryStore[] store = new MemoryStore[1];
    check(name, store).run(Feeding.whole());
    assertThat(store[0].maildrops.get("mrose")).isEmpty();
    assertThat(store[0].log).containsExactly("open mrose", "update mrose [1, 2]", "close mrose");
  }

  @Property(tries = 50)
  void randomSplitsOfTheIssueSession(@ForAll long seed) {
    check("pop3/server/issue6-user-pass.txt", new MemoryStore[1]).assertSameAsWhole(Feeding.random(seed));
  }
}
