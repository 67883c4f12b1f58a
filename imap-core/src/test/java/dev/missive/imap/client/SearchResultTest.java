package dev.missive.imap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SEARCH's typed result whatever the server answers with: SEARCH (RFC 3501 §7.2.5) or ESEARCH (RFC 9051 §7.3.4).
 * A search without return options means ALL (RFC 9051 §6.4.4), so its ESEARCH set is every match and the lowest,
 * the highest and the count are known as from a SEARCH response; with explicit return options only what the server
 * returned is known.
 */
class SearchResultTest {

  private final List<ImapClientEvent> events = new ArrayList<>();
  private final ImapClient client = new ImapClient(ImapClientConfig.builder().login(ImapLogin.preauthenticated())
      .tlsPolicy(TlsPolicy.NONE).enable(List.of()).build(), new ManualTime().environment(),
      new PeerInfo("imap.example.org:143", "search-test", ConnectionSecurity.PLAINTEXT));

  private void feed(String text) {
    ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    do {
      client.receive(in);
      for (ImapClientEvent e; (e = client.nextEvent()) != null; ) {
        events.add(e);
      }
    } while (in.hasRemaining() && client.wantsInput());
  }

  private CommandResult.Searched searched(String tag) {
    return events.stream().filter(e -> e instanceof ImapClientEvent.Completed c && c.tag().equals(tag))
        .map(e -> (CommandResult.Searched) ((ImapClientEvent.Completed) e).result()).findFirst().orElseThrow();
  }

  private String selected() {
    feed("* PREAUTH [CAPABILITY IMAP4rev2] ready\r\n");
    String select = client.select("INBOX");
    feed("* 12 EXISTS\r\n" + select + " OK [READ-WRITE] done\r\n");
    return select;
  }

  @Test
  void aSearchWithoutReturnOptionsKnowsItsCountFromEsearchAll() {
    selected();
    String search = client.search(false, SearchCriteria.all());
    feed("* ESEARCH (TAG \"" + search + "\") ALL 7:9,1:3,2:5,11\r\n" + search + " OK done\r\n");
    CommandResult.Searched r = searched(search);
    assertThat(r.matches()).hasValue(SequenceSet.parse("7:9,1:3,2:5,11"));
    assertThat(List.of(r.min(), r.max(), r.count())).containsExactly(OptionalLong.of(1), OptionalLong.of(11),
        OptionalLong.of(9));                          // 1-5, 7-9 and 11, the overlap counted once
  }

  @Test
  void anEsearchWithoutAllMeansNoMatch() {
    selected();
    String search = client.search(true, SearchCriteria.all());
    feed("* ESEARCH (TAG \"" + search + "\") UID\r\n" + search + " OK done\r\n");
    CommandResult.Searched r = searched(search);
    assertThat(r.uid()).isTrue();
    assertThat(r.matches()).isEmpty();
    assertThat(List.of(r.min(), r.max(), r.count())).containsExactly(OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.of(0));
  }

  @Test
  void explicitReturnOptionsGiveOnlyWhatTheServerReturned() {
    selected();
    String search = client.search(false, Set.of(SearchReturnOption.MIN), SearchCriteria.all());
    feed("* ESEARCH (TAG \"" + search + "\") MIN 4\r\n" + search + " OK done\r\n");
    CommandResult.Searched r = searched(search);
    assertThat(List.of(r.min(), r.max(), r.count())).containsExactly(OptionalLong.of(4), OptionalLong.empty(),
        OptionalLong.empty());
  }

  @Test
  void aSearchResponseGivesEveryNumber() {
    selected();
    String search = client.search(false, SearchCriteria.all());
    feed("* SEARCH 5 2 9 2\r\n" + search + " OK done\r\n");
    CommandResult.Searched r = searched(search);
    assertThat(r.matches()).hasValue(SequenceSet.of(2, 5, 9));
    assertThat(List.of(r.min(), r.max(), r.count())).containsExactly(OptionalLong.of(2), OptionalLong.of(9),
        OptionalLong.of(3));
  }
}
