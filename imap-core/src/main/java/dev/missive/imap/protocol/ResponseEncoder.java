package dev.missive.imap.protocol;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.StatusItem;
import dev.missive.imap.internal.ImapWriter;
import dev.missive.imap.internal.StructureWriter;
import dev.missive.imap.internal.text.DateText;
import dev.missive.imap.response.FetchAttribute;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server side's writer of responses (RFC 9051 §7 and §9) into the engine's {@link OutputQueue}: every
 * {@link Response} record, and FETCH responses whose section contents stream.
 *
 * <p>Values are always in a correct form: strings quoted when they can be and literals otherwise (a mailbox name
 * or subject with CR, LF or {@code "} can never become protocol text), 8-bit text only once UTF-8 is enabled,
 * mailbox names in modified UTF-7 or UTF-8 as the connection requires. Host misuse — response text with CR or LF,
 * non-ASCII text before UTF-8 is enabled, a text starting with {@code [} without a code (clients would read a
 * code) — throws {@link IllegalArgumentException} before anything is written.
 *
 * <p>A FETCH with section contents: {@link #fetchBegin(long)}, then {@link #fetchAttribute} for each item, with
 * {@link #contentHeader} before each content followed by exactly its octets through {@link #content(ByteBuffer)}
 * (back-pressure is the queue's: stop while {@link OutputQueue#isOverLimit()}), then {@link #fetchEnd()}.
 */
public final class ResponseEncoder {

  private final OutputQueue out;
  private boolean utf8;
  private boolean inFetch;
  private boolean firstAttribute;
  private long contentLeft = -1;

  /**
   * An encoder writing into {@code out}.
   *
   * @param out the engine's output queue
   */
  public ResponseEncoder(OutputQueue out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Sets whether UTF-8 is enabled (after {@code ENABLE IMAP4rev2} or {@code ENABLE UTF8=ACCEPT}): mailbox names
   * go as UTF-8, 8-bit strings may be quoted and texts may hold non-ASCII characters.
   *
   * @param enabled whether UTF-8 is enabled
   */
  public void setUtf8(boolean enabled) {
    this.utf8 = enabled;
  }

  private ImapWriter writer() {
    return new ImapWriter(ImapWriter.Literals.SERVER, utf8);
  }

  private void emit(ImapWriter w) {
    out.write(w.toBytes());
  }

  /**
   * Writes a whole response. A FETCH may carry {@link FetchAttribute.Content} items only of size 0 or NIL; larger
   * contents stream through {@link #fetchBegin(long)}.
   *
   * @param response the response
   * @throws IllegalArgumentException if it cannot be written correctly
   * @throws IllegalStateException    inside a streamed FETCH
   */
  public void write(Response response) {
    requireNotInFetch();
    ImapWriter w = writer();
    if (response instanceof Response.Tagged t) {
      w.raw(t.tag()).sp().raw(t.status().name()).sp();
      respText(w, t.code(), t.text());
    } else if (response instanceof Response.Continuation c) {
      w.raw("+ ").text(c.text());
    } else {
      w.raw("* ");
      untagged(w, (UntaggedResponse) response);
    }
    w.crlf();
    emit(w);
  }

  private void respText(ImapWriter w, Optional<ResponseCode> code, String text) {
    if (code.isPresent()) {
      w.raw("[").raw(code.get().format()).raw("] ");
    } else if (text.startsWith("[")) {
      throw new IllegalArgumentException("a text starting with '[' would be read as a response code");
    }
    w.text(text);
  }

  private void untagged(ImapWriter w, UntaggedResponse r) {
    if (r instanceof UntaggedResponse.Condition c) {
      w.raw(c.status().name()).sp();
      respText(w, c.code(), c.text());
    } else if (r instanceof UntaggedResponse.Capabilities c) {
      w.raw("CAPABILITY");
      c.capabilities().forEach(x -> w.sp().atom(x));
    } else if (r instanceof UntaggedResponse.Enabled e) {
      w.raw("ENABLED");
      e.capabilities().forEach(x -> w.sp().atom(x));
    } else if (r instanceof UntaggedResponse.MailboxList l) {
      mailboxList(w, l);
    } else if (r instanceof UntaggedResponse.MailboxStatus s) {
      w.raw("STATUS ").mailbox(s.mailbox()).raw(" (");
      int i = 0;
      for (Map.Entry<StatusItem, Long> e : s.values().entrySet()) {
        w.raw(i++ > 0 ? " " : "").raw(e.getKey().name()).sp();
        if (e.getKey() == StatusItem.APPENDLIMIT && e.getValue() == Long.MAX_VALUE) {
          w.raw("NIL");
        } else {
          w.number(e.getValue());
        }
      }
      w.raw(")");
    } else if (r instanceof UntaggedResponse.ESearch e) {
      w.raw("ESEARCH");
      e.tag().ifPresent(t -> w.raw(" (TAG ").string(t).raw(")"));
      w.raw(e.uid() ? " UID" : "");
      e.min().ifPresent(n -> w.raw(" MIN ").number(n));
      e.max().ifPresent(n -> w.raw(" MAX ").number(n));
      e.all().ifPresent(s -> w.raw(" ALL ").sequenceSet(s));
      e.count().ifPresent(n -> w.raw(" COUNT ").number(n));
      e.modSeq().ifPresent(n -> w.raw(" MODSEQ ").number(n));
    } else if (r instanceof UntaggedResponse.Search s) {
      w.raw("SEARCH");
      s.numbers().forEach(n -> w.sp().number(n));
      s.modSeq().ifPresent(n -> w.raw(" (MODSEQ ").number(n).raw(")"));
    } else if (r instanceof UntaggedResponse.Vanished v) {
      w.raw(v.earlier() ? "VANISHED (EARLIER) " : "VANISHED ").sequenceSet(v.uids());
    } else if (r instanceof UntaggedResponse.Flags f) {
      w.raw("FLAGS ").flagList(f.flags());
    } else if (r instanceof UntaggedResponse.Exists e) {
      w.number(e.count()).raw(" EXISTS");
    } else if (r instanceof UntaggedResponse.Recent e) {
      w.number(e.count()).raw(" RECENT");
    } else if (r instanceof UntaggedResponse.Expunge e) {
      w.number(e.seq()).raw(" EXPUNGE");
    } else if (r instanceof UntaggedResponse.Fetch f) {
      w.number(f.seq()).raw(" FETCH (");
      for (int i = 0; i < f.attributes().size(); i++) {
        if (i > 0) {
          w.sp();
        }
        attribute(w, f.attributes().get(i), true);
      }
      w.raw(")");
    } else if (r instanceof UntaggedResponse.Namespace n) {
      w.raw("NAMESPACE ");
      namespaces(w, n.personal());
      w.sp();
      namespaces(w, n.otherUsers());
      w.sp();
      namespaces(w, n.shared());
    } else if (r instanceof UntaggedResponse.Id id) {
      w.raw("ID ");
      CommandEncoder.writeId(w, id.parameters());
    } else {
      throw new IllegalArgumentException("a server writes typed responses, not " + r.getClass().getSimpleName());
    }
  }

  private static void mailboxList(ImapWriter w, UntaggedResponse.MailboxList l) {
    w.raw(l.lsub() ? "LSUB (" : "LIST (");
    for (int i = 0; i < l.attributes().size(); i++) {
      w.raw(i > 0 ? " " : "").raw(l.attributes().get(i).name());
    }
    w.raw(") ");
    delimiter(w, l.delimiter());
    w.sp().mailbox(l.mailbox());
    if (!l.childInfo().isEmpty() || l.oldName().isPresent()) {
      w.raw(" (");
      if (!l.childInfo().isEmpty()) {
        w.raw("CHILDINFO ").list(l.childInfo(), ImapWriter::string);
      }
      if (l.oldName().isPresent()) {
        w.raw(l.childInfo().isEmpty() ? "" : " ").raw("OLDNAME (").mailbox(l.oldName().get()).raw(")");
      }
      w.raw(")");
    }
  }

  private static void delimiter(ImapWriter w, Optional<Character> d) {
    if (d.isEmpty()) {
      w.raw("NIL");
    } else {
      w.string(String.valueOf(d.get()));
    }
  }

  private static void namespaces(ImapWriter w, List<UntaggedResponse.NamespaceDescription> list) {
    if (list.isEmpty()) {
      w.raw("NIL");
      return;
    }
    w.raw("(");
    for (UntaggedResponse.NamespaceDescription d : list) {
      w.raw("(").mailbox(d.prefix()).sp();
      delimiter(w, d.delimiter());
      d.extensions().forEach((name, values) -> w.sp().string(name).sp().list(values, ImapWriter::string));
      w.raw(")");
    }
    w.raw(")");
  }

  private void attribute(ImapWriter w, FetchAttribute a, boolean whole) {
    if (a instanceof FetchAttribute.Flags f) {
      w.raw("FLAGS ").flagList(f.flags());
    } else if (a instanceof FetchAttribute.Uid u) {
      w.raw("UID ").number(u.uid());
    } else if (a instanceof FetchAttribute.ModSeq m) {
      w.raw("MODSEQ (").number(m.modSeq()).raw(")");
    } else if (a instanceof FetchAttribute.InternalDate d) {
      w.raw("INTERNALDATE \"").raw(DateText.dateTime(d.date())).raw("\"");
    } else if (a instanceof FetchAttribute.Rfc822Size s) {
      w.raw("RFC822.SIZE ").number(s.size());
    } else if (a instanceof FetchAttribute.EnvelopeData e) {
      w.raw("ENVELOPE ");
      StructureWriter.envelope(w, e.envelope());
    } else if (a instanceof FetchAttribute.Structure s) {
      w.raw(s.extensible() ? "BODYSTRUCTURE " : "BODY ");
      StructureWriter.body(w, s.structure(), s.extensible());
    } else if (a instanceof FetchAttribute.BinarySize b) {
      w.raw("BINARY.SIZE[").raw(new dev.missive.imap.Section(b.part(), dev.missive.imap.Section.Text.NONE,
          List.of()).partPath()).raw("] ").number(b.size());
    } else if (a instanceof FetchAttribute.Content c) {
      if (whole && c.size().isPresent() && c.size().getAsLong() > 0) {
        throw new IllegalArgumentException("stream section contents with fetchBegin/contentHeader/content");
      }
      w.raw(c.key()).sp();
      if (c.size().isEmpty()) {
        w.raw("NIL");
      } else if (whole) {
        w.raw("\"\"");
      }
    } else {
      throw new IllegalArgumentException("a server writes typed FETCH items, not " + a);
    }
  }

  // ---- streamed FETCH ----

  /**
   * Starts {@code * seq FETCH (}.
   *
   * @param seq the message sequence number
   */
  public void fetchBegin(long seq) {
    requireNotInFetch();
    if (seq < 1) {
      throw new IllegalArgumentException("sequence numbers start at 1");
    }
    out.writeAscii("* " + seq + " FETCH (");
    inFetch = true;
    firstAttribute = true;
  }

  /**
   * Writes one data item other than a section content of size over 0.
   *
   * @param attribute the item
   */
  public void fetchAttribute(FetchAttribute attribute) {
    requireBetweenAttributes();
    ImapWriter w = writer();
    if (!firstAttribute) {
      w.sp();
    }
    attribute(w, attribute, true);
    emit(w);
    firstAttribute = false;
  }

  /**
   * Writes a section content's name and literal header ({@code BODY[1]<0> {n}} CRLF, or {@code ~{n}} for a
   * literal8); then exactly {@code content.size()} octets must follow through {@link #content(ByteBuffer)}.
   *
   * @param content  the item, its size present
   * @param literal8 whether to send a literal8 (BINARY content with NUL, RFC 3516 §4.2)
   */
  public void contentHeader(FetchAttribute.Content content, boolean literal8) {
    requireBetweenAttributes();
    if (content.size().isEmpty()) {
      throw new IllegalArgumentException("NIL content has no octets: use fetchAttribute");
    }
    out.writeAscii((firstAttribute ? "" : " ") + content.key() + (literal8 ? " ~{" : " {")
        + content.size().getAsLong() + "}\r\n");
    firstAttribute = false;
    contentLeft = content.size().getAsLong() == 0 ? -1 : content.size().getAsLong();
  }

  /**
   * Writes octets of the current content (a section's octets after {@link #contentHeader}).
   *
   * @param octets the next octets; its position advances
   * @throws IllegalStateException if more octets are written than announced
   */
  public void content(ByteBuffer octets) {
    if (!octets.hasRemaining()) {
      return;
    }
    if (contentLeft < 0) {
      throw new IllegalStateException("no content announced");
    }
    if (octets.remaining() > contentLeft) {
      throw new IllegalStateException("more octets than the literal announced");
    }
    contentLeft -= octets.remaining();
    out.write(octets);
    if (contentLeft == 0) {
      contentLeft = -1;
    }
  }

  /** Ends the FETCH response: {@code )} and CRLF. */
  public void fetchEnd() {
    requireBetweenAttributes();
    out.writeAscii(")\r\n");
    inFetch = false;
  }

  private void requireNotInFetch() {
    if (inFetch) {
      throw new IllegalStateException("a streamed FETCH response is open");
    }
  }

  private void requireBetweenAttributes() {
    if (!inFetch) {
      throw new IllegalStateException("no FETCH response open");
    }
    if (contentLeft >= 0) {
      throw new IllegalStateException(contentLeft + " octets of content still due");
    }
  }
}
