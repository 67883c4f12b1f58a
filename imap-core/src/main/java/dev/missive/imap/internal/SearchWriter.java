package dev.missive.imap.internal;

import dev.missive.imap.Flag;
import dev.missive.imap.command.SearchKey;
import dev.missive.imap.internal.text.DateText;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes SEARCH criteria (RFC 9051 §6.4.4): the CHARSET argument and the {@link SearchKey} tree, strings encoded
 * with that charset. A key with non-ASCII text and no charset gets {@code CHARSET UTF-8} when UTF-8 is not enabled
 * on the connection (RFC 3501's default charset is US-ASCII).
 */
public final class SearchWriter {

  private final ImapWriter w;
  private final Optional<String> charsetName;
  private final Charset charset;

  /**
   * A writer for one SEARCH command.
   *
   * @param w           the writer, after {@code SEARCH} and its RETURN options
   * @param charsetName the command's CHARSET argument, if any
   */
  public SearchWriter(ImapWriter w, Optional<String> charsetName) {
    this.w = w;
    this.charsetName = charsetName;
    this.charset = charsetName.map(Charset::forName).orElse(StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code [SP CHARSET x] SP keys}.
   *
   * @param criteria the criteria; a top-level {@link SearchKey.And} is written as keys side by side
   */
  public void write(SearchKey criteria) {
    if (charsetName.isPresent()) {
      w.raw(" CHARSET ").astring(charsetName.get());
    } else if (!w.utf8() && hasNonAscii(criteria)) {
      w.raw(" CHARSET UTF-8");
    }
    w.sp();
    if (criteria instanceof SearchKey.And and) {
      keys(and.keys());
    } else {
      key(criteria);
    }
  }

  private void keys(List<SearchKey> keys) {
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        w.sp();
      }
      key(keys.get(i));
    }
  }

  private void key(SearchKey k) {
    if (k instanceof SearchKey.All) {
      w.raw("ALL");
    } else if (k instanceof SearchKey.FlagKey f) {
      w.raw(flagKey(f.flag(), f.set()));
    } else if (k instanceof SearchKey.Contains c) {
      w.raw(c.target().name()).sp();
      text(c.value());
    } else if (k instanceof SearchKey.Header h) {
      w.raw("HEADER ").astring(h.field()).sp();
      text(h.value());
    } else if (k instanceof SearchKey.DateKey d) {
      w.raw((d.field() == SearchKey.DateField.SENT ? "SENT" : "") + d.comparison().name() + " "
          + DateText.date(d.date()));
    } else if (k instanceof SearchKey.Size s) {
      w.raw(s.larger() ? "LARGER " : "SMALLER ").number(s.octets());
    } else if (k instanceof SearchKey.Not n) {
      w.raw("NOT ");
      key(n.key());
    } else if (k instanceof SearchKey.Or o) {
      w.raw("OR ");
      key(o.left());
      w.sp();
      key(o.right());
    } else if (k instanceof SearchKey.And a) {
      w.raw("(");
      keys(a.keys());
      w.raw(")");
    } else if (k instanceof SearchKey.SequenceNumbers s) {
      w.sequenceSet(s.set());
    } else if (k instanceof SearchKey.ModSeq m) {
      w.raw("MODSEQ ").number(m.modSeq());
    } else {
      w.raw("UID ").sequenceSet(((SearchKey.Uids) k).set());
    }
  }

  private static String flagKey(Flag flag, boolean set) {
    if (flag.isKeyword()) {
      return (set ? "KEYWORD " : "UNKEYWORD ") + flag.name();
    }
    if (flag.equals(Flag.RECENT)) {
      return set ? "RECENT" : "OLD";
    }
    String name = flag.name().substring(1).toUpperCase(java.util.Locale.ROOT);
    return set ? name : "UN" + name;
  }

  private void text(String value) {
    try {
      ByteBuffer bb = charset.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(value));
      byte[] octets = new byte[bb.remaining()];
      bb.get(octets);
      w.astring(octets);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("search text not representable in " + charset.name());
    }
  }

  private static boolean hasNonAscii(SearchKey k) {
    if (k instanceof SearchKey.Contains c) {
      return !c.value().chars().allMatch(ch -> ch < 0x80);
    }
    if (k instanceof SearchKey.Header h) {
      return !h.value().chars().allMatch(ch -> ch < 0x80);
    }
    if (k instanceof SearchKey.Not n) {
      return hasNonAscii(n.key());
    }
    if (k instanceof SearchKey.Or o) {
      return hasNonAscii(o.left()) || hasNonAscii(o.right());
    }
    if (k instanceof SearchKey.And a) {
      return a.keys().stream().anyMatch(SearchWriter::hasNonAscii);
    }
    return false;
  }
}
