package dev.missive.imap.message;

import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.internal.text.Casemap;
import dev.missive.imap.internal.text.SubstringMatcher;
import dev.missive.message.Defect;
import dev.missive.message.header.DateTimes;
import dev.missive.message.header.HeaderField;
import dev.missive.message.stream.BodyMode;
import dev.missive.message.stream.MessageStreamParser;
import dev.missive.message.stream.MimeEvent;
import dev.missive.message.stream.ParserOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard SEARCH evaluator (RFC 9051 §6.4.4): flags, internal and sent dates (the date part only, in the
 * date's own zone), sizes, sequence numbers and UIDs ({@code $} through the saved result), header fields and
 * text. String keys match substrings with {@code i;unicode-casemap} (RFC 5051): header values after RFC 2047
 * decoding, body text after transfer and charset decoding of text parts (and the headers of encapsulated
 * messages). The message is read at most twice — its header, and its text only when a BODY or TEXT key needs it,
 * every such key answered in the same pass — and streamed, never held. A message without a Date field is
 * compared by its internal date for SENT* keys (as Dovecot does).
 */
final class MessageSearch implements SearchEvaluator {

  @Override
  public boolean matches(SearchKey criteria, SearchableMessage message, SearchContext context) throws IOException {
    return new Evaluation(message, context, criteria).eval(criteria);
  }

  /** One message's evaluation: what was read of it is kept for the other keys. */
  private static final class Evaluation {
    private final SearchableMessage message;
    private final SearchContext context;
    private final SearchKey criteria;
    private List<HeaderField> header;
    private Map<String, Boolean> textHits;

    Evaluation(SearchableMessage message, SearchContext context, SearchKey criteria) {
      this.message = message;
      this.context = context;
      this.criteria = criteria;
    }

    boolean eval(SearchKey k) throws IOException {
      if (k instanceof SearchKey.All) {
        return true;
      }
      if (k instanceof SearchKey.FlagKey f) {
        return message.flags().contains(f.flag()) == f.set();
      }
      if (k instanceof SearchKey.Size s) {
        return s.larger() ? message.size() > s.octets() : message.size() < s.octets();
      }
      if (k instanceof SearchKey.SequenceNumbers s) {
        return inSet(s.set(), message.seq(), context.messageCount());
      }
      if (k instanceof SearchKey.Uids u) {
        return inSet(u.set(), message.uid(), context.lastUid());
      }
      if (k instanceof SearchKey.ModSeq m) {
        return message.modSeq() >= m.modSeq(); // RFC 7162 §3.1.5: equal or greater
      }
      if (k instanceof SearchKey.DateKey d) {
        return compare(date(d.field()), d.comparison(), d.date());
      }
      if (k instanceof SearchKey.Not n) {
        return !eval(n.key());
      }
      if (k instanceof SearchKey.Or o) {
        return eval(o.left()) || eval(o.right());
      }
      if (k instanceof SearchKey.And a) {
        // cheap keys first: those that read nothing, then the header, then the text
        for (int pass = 0; pass < 3; pass++) {
          for (SearchKey each : a.keys()) {
            if (cost(each) == pass && !eval(each)) {
              return false;
            }
          }
        }
        return true;
      }
      if (k instanceof SearchKey.Header h) {
        return headerContains(h.field(), h.value());
      }
      SearchKey.Contains c = (SearchKey.Contains) k;
      switch (c.target()) {
        case BODY:
        case TEXT:
          return text(c.target(), c.value());
        default:
          return headerContains(c.target().name(), c.value());
      }
    }

    private boolean inSet(SequenceSet set, long n, long largest) {
      if (set.isSaved()) {
        return context.saved().map(s -> s.contains(message.uid())).orElse(false);
      }
      return set.contains(n, largest);
    }

    private LocalDate date(SearchKey.DateField field) throws IOException {
      if (field == SearchKey.DateField.SENT) {
        for (HeaderField f : header()) {
          if (f.hasName("Date")) {
            return DateTimes.parse(f.unfoldedValue(), new ArrayList<Defect>())
                .map(z -> z.toLocalDate()).orElse(message.internalDate().toLocalDate());
          }
        }
      }
      return message.internalDate().toLocalDate();
    }

    private static boolean compare(LocalDate d, SearchKey.DateComparison c, LocalDate ref) {
      switch (c) {
        case BEFORE:
          return d.isBefore(ref);
        case ON:
          return d.isEqual(ref);
        default:
          return !d.isBefore(ref);
      }
    }

    private boolean headerContains(String name, String value) throws IOException {
      String needle = Casemap.key(value);
      for (HeaderField f : header()) {
        if (f.hasName(name) && (value.isEmpty() || Casemap.key(f.decodedValue()).contains(needle))) {
          return true;
        }
      }
      return false;
    }

    private List<HeaderField> header() throws IOException {
      if (header == null) {
        header = new ArrayList<>();
        try (InputStream in = message.open()) {
          MessageStreamParser p = new MessageStreamParser(ParserOptions.DEFAULT);
          TextScan.feed(in, p, e -> {
            if (e instanceof MimeEvent.HeaderFieldEvent h) {
              header.add(h.field());
            }
            return !(e instanceof MimeEvent.EndOfHeader);
          });
        }
      }
      return header;
    }

    private boolean text(SearchKey.Target target, String value) throws IOException {
      if (textHits == null) {
        Map<String, SubstringMatcher> bodies = new LinkedHashMap<>();
        Map<String, SubstringMatcher> texts = new LinkedHashMap<>();
        collect(criteria, bodies, texts);
        textHits = new LinkedHashMap<>();
        try (InputStream in = message.open()) {
          new TextScan(bodies.values(), texts.values()).run(in);
        }
        bodies.forEach((needle, m) -> textHits.put("BODY " + needle, m.found()));
        texts.forEach((needle, m) -> textHits.put("TEXT " + needle, m.found()));
      }
      return textHits.getOrDefault(target.name() + " " + Casemap.key(value), false);
    }

    private static void collect(SearchKey k, Map<String, SubstringMatcher> bodies,
                                Map<String, SubstringMatcher> texts) {
      if (k instanceof SearchKey.Contains c && (c.target() == SearchKey.Target.BODY
          || c.target() == SearchKey.Target.TEXT)) {
        String needle = Casemap.key(c.value());
        (c.target() == SearchKey.Target.BODY ? bodies : texts)
            .computeIfAbsent(needle, SubstringMatcher::new);
      } else if (k instanceof SearchKey.Not n) {
        collect(n.key(), bodies, texts);
      } else if (k instanceof SearchKey.Or o) {
        collect(o.left(), bodies, texts);
        collect(o.right(), bodies, texts);
      } else if (k instanceof SearchKey.And a) {
        a.keys().forEach(each -> collect(each, bodies, texts));
      }
    }

    private static int cost(SearchKey k) {
      if (k instanceof SearchKey.Contains c) {
        return c.target() == SearchKey.Target.BODY || c.target() == SearchKey.Target.TEXT ? 2 : 1;
      }
      if (k instanceof SearchKey.Header) {
        return 1;
      }
      if (k instanceof SearchKey.DateKey d) {
        return d.field() == SearchKey.DateField.SENT ? 1 : 0;
      }
      if (k instanceof SearchKey.Not n) {
        return cost(n.key());
      }
      if (k instanceof SearchKey.Or o) {
        return Math.max(cost(o.left()), cost(o.right()));
      }
      if (k instanceof SearchKey.And a) {
        return a.keys().stream().mapToInt(Evaluation::cost).max().orElse(0);
      }
      return 0;
    }
  }

  /**
   * One streaming pass over a message's text: header fields (for TEXT), text parts decoded from their transfer
   * encoding and charset, the headers of encapsulated messages; each piece casemapped and fed to the matchers.
   */
  private static final class TextScan {
    private static final int FLUSH = 4096;

    private final List<SubstringMatcher> textOnly;
    private final List<SubstringMatcher> all = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private CharsetDecoder decoder;
    private ByteBuffer carry = ByteBuffer.allocate(16);

    TextScan(java.util.Collection<SubstringMatcher> body, java.util.Collection<SubstringMatcher> text) {
      this.textOnly = new ArrayList<>(text);
      all.addAll(body);
      all.addAll(text);
    }

    void run(InputStream in) throws IOException {
      if (all.isEmpty()) {
        return;
      }
      MessageStreamParser p = new MessageStreamParser(ParserOptions.DEFAULT.withBodyMode(BodyMode.DECODED));
      int[] depth = {0};
      feed(in, p, e -> {
        if (e instanceof MimeEvent.StartMessage m) {
          depth[0] = m.depth();
        } else if (e instanceof MimeEvent.HeaderFieldEvent h) {
          // the message's own header is TEXT only; part and encapsulated headers are body text
          text(h.field().decodedValue(), depth[0] == 0 ? textOnly : all);
          boundary();
        } else if (e instanceof MimeEvent.EndOfHeader h) {
          decoder = h.contentType().isText()
              ? h.contentType().javaCharset().orElse(StandardCharsets.ISO_8859_1).newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
              : null;
        } else if (e instanceof MimeEvent.DecodedBodyBytes b && decoder != null) {
          decode(b.bytes());
        } else if (e instanceof MimeEvent.EndPart || e instanceof MimeEvent.EndMessage) {
          flushDecoder();
          boundary();
          decoder = null;
        }
        return all.stream().anyMatch(m -> !m.found());
      });
    }

    private void decode(ByteBuffer bytes) {
      ByteBuffer in = bytes;
      if (carry.position() > 0) {
        ByteBuffer joined = ByteBuffer.allocate(carry.position() + bytes.remaining());
        joined.put(carry.flip()).put(bytes.duplicate()).flip();
        carry.clear();
        in = joined;
      }
      while (true) {
        chars.clear();
        var r = decoder.decode(in, chars, false);
        chars.flip();
        pending.append(chars);
        if (pending.length() > FLUSH) {
          flushAtSpace();
        }
        if (r.isUnderflow()) {
          break;
        }
      }
      if (in.hasRemaining()) {
        if (carry.capacity() < in.remaining()) {
          carry = ByteBuffer.allocate(in.remaining());
        }
        carry.put(in);
      }
    }

    private void flushDecoder() {
      if (decoder != null) {
        chars.clear();
        decoder.decode(carry.flip(), chars, true);
        decoder.flush(chars);
        chars.flip();
        pending.append(chars);
        carry.clear();
      }
      text(pending, all);
      pending.setLength(0);
    }

    private void flushAtSpace() {
      int cut = pending.length();
      while (cut > 0 && !Character.isWhitespace(pending.charAt(cut - 1))) {
        cut--;
      }
      if (cut == 0) {
        cut = pending.length();
      }
      text(pending.substring(0, cut), all);
      pending.delete(0, cut);
    }

    private static void text(CharSequence s, List<SubstringMatcher> matchers) {
      if (s.length() > 0 && !matchers.isEmpty()) {
        String key = Casemap.key(s);
        matchers.forEach(m -> m.feed(key));
      }
    }

    private void boundary() {
      all.forEach(SubstringMatcher::boundary);
    }

    /** Receives events; returns whether to go on. */
    @FunctionalInterface
    interface Handler {
      boolean on(MimeEvent e);
    }

    /** Feeds a stream to a parser until the handler stops or the message ends; returns whether it ran to the end. */
    static boolean feed(InputStream in, MessageStreamParser p, Handler h) throws IOException {
      byte[] buf = new byte[16 * 1024];
      while (true) {
        for (MimeEvent e = p.next(); e != null; e = p.next()) {
          if (!h.on(e)) {
            return false;
          }
        }
        if (p.isFinished()) {
          return true;
        }
        int n = in.read(buf);
        if (n < 0) {
          p.end();
          for (MimeEvent e = p.next(); e != null; e = p.next()) {
            if (!h.on(e)) {
              return false;
            }
          }
          return true;
        }
        ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
        while (chunk.hasRemaining()) {
          p.feed(chunk);
          for (MimeEvent e = p.next(); e != null; e = p.next()) {
            if (!h.on(e)) {
              return false;
            }
          }
        }
      }
    }
  }
}
