package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.message.SearchEvaluator;
import dev.missive.imap.message.SearchableMessage;
import dev.missive.imap.message.SectionContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Set;

/** SEARCH answered over an {@link OpenMailbox} with a {@link SearchEvaluator} (RFC 9051 §6.4.4). */
final class SearchAnswer {

  private SearchAnswer() {
  }

  /** Answers the search: the matching messages and their highest mod-sequence (RFC 7162 §3.1.5). */
  static void answer(ImapServer raw, OpenMailbox box, ImapServerEvent.SearchRequested event,
                     SearchEvaluator evaluator) throws IOException {
    UidSet found = new UidSet();
    long highest = 0;
    long n = event.messages().size();
    for (long i = 1; i <= n; i++) {
      long uid = event.messages().select(i);
      StoredMessage m = box.message(uid);
      if (m != null && evaluator.matches(event.command().criteria(), new Searchable(m, raw.sequenceNumber(uid)),
          event.context())) {
        found.add(uid);
        highest = Math.max(highest, m.modSeq());
      }
    }
    raw.searchResult(found, highest);
  }

  private record Searchable(StoredMessage m, long seq) implements SearchableMessage {
    @Override
    public long uid() {
      return m.uid();
    }

    @Override
    public Set<Flag> flags() {
      return m.flags();
    }

    @Override
    public OffsetDateTime internalDate() {
      return m.internalDate();
    }

    @Override
    public long size() {
      return m.size();
    }

    @Override
    public long modSeq() {
      return m.modSeq();
    }

    @Override
    public InputStream open() {
      return new SourceStream(m.source());
    }
  }

  /** A stored message's octets read in order. */
  static final class SourceStream extends InputStream {
    private final SectionContent.MessageSource source;
    private long at;

    SourceStream(SectionContent.MessageSource source) {
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int r = source.read(at, ByteBuffer.wrap(b, off, len));
      if (r > 0) {
        at += r;
      }
      return r == 0 ? -1 : r;
    }
  }
}
