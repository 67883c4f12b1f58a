package dev.missive.benchmarks.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs each IMAP benchmark body once: every command is read, SELECT and FETCH over the large mailbox answer every
 * message, both parsers read every corpus response, and both clients fetch every corpus message.
 */
class ImapBenchmarksSmokeTest {

  @Test
  void commandParsingReadsEveryCommand() {
    CommandParsingBenchmark b = new CommandParsingBenchmark();
    // every command but the APPEND, plus the APPEND's completion and its 55 message octets
    assertThat(b.decode()).isEqualTo(CommandParsingBenchmark.COMMANDS.length + 55);
  }

  @Test
  void selectedMailboxBodiesAnswerEveryMessage() {
    SelectedMailboxBenchmark b = new SelectedMailboxBenchmark();
    b.setUp();
    assertThat(b.select()).isPositive();
    // "* n FETCH (UID u FLAGS (\\Seen))" for every message: at least 30 octets each
    assertThat(b.fetchUidFlags()).isGreaterThan(30L * SelectedMailboxBenchmark.MESSAGES);
    assertThat(b.handlerFetchUidFlags()).isGreaterThan(25L * SelectedMailboxBenchmark.MESSAGES);
  }

  @Test
  void corpusBenchmarksAgree() throws Exception {
    String dir = dev.missive.benchmarks.SharedCorpus.folderOrSkip();
    ImapCorpusBenchmark b = new ImapCorpusBenchmark();
    b.corpus = dir;
    b.setUp();
    assertThat(b.layout()).isPositive();
    assertThat(b.fetchResponse()).isPositive();
    assertThat(b.missiveParse()).isEqualTo(b.messages.length);
    assertThat(b.angusParse()).isEqualTo(b.messages.length);
  }

  @Test
  void clientFetchBenchmarksFetchEveryMessage() throws Exception {
    String dir = dev.missive.benchmarks.SharedCorpus.folderOrSkip();
    ImapClientFetchBenchmark b = new ImapClientFetchBenchmark();
    b.corpus = dir;
    b.setUp();
    assertThat(b.messages).isPositive();
    assertThat(b.missiveClient()).isEqualTo(b.messages);
    assertThat(b.angusProtocol()).isEqualTo(b.messages);
  }
}
