package dev.missive.imap.server;

import dev.missive.imap.Flag;
import dev.missive.imap.Partial;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.Section;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.StoreAction;
import dev.missive.imap.mailbox.UidSet;
import dev.missive.imap.message.BinarySection;
import dev.missive.imap.message.MessageLayout;
import dev.missive.imap.message.SectionContent;
import dev.missive.imap.response.FetchAttribute;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One FETCH answered from an {@link OpenMailbox} (RFC 9051 §6.4.5, §7.5.2), resumable: {@link #run()} writes
 * responses while the engine {@linkplain ImapServer#wantsContent() wants content} and returns when the output is
 * full, so a large {@code BODY[]} goes out in 16 KiB pieces as the host drains, never whole in memory; a BINARY
 * content is decoded twice, once to measure it (its size comes before the literal), then in pieces as it goes out.
 * The whole message ({@code BODY[]}, {@code RFC822}, and their partial forms) is served without reading its
 * structure: its literal is {@link StoredMessage#size()} octets, and a source that holds more or fewer than that
 * fails the FETCH (the response cannot be taken back, so the connection is closed) rather than cut it silently.
 */
final class FetchJob {

  private static final int CHUNK = 16 * 1024;

  private final ImapServer raw;
  private final OpenMailbox box;
  private final UidSet uids;
  private final List<FetchItem> items;
  private final boolean setsSeen;
  private final OptionalLong changedSince;
  /** The VANISHED (EARLIER) answer of a UID FETCH with the VANISHED modifier, until written (RFC 7162 §3.2.6). */
  private UidSet vanished;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private long index;
  private StoredMessage message;
  private MessageLayout layout;
  private int item;
  private final ArrayDeque<SectionContent.Piece> pieces = new ArrayDeque<>();
  private long pieceAt;
  private long pieceLeft;
  /** Where the message ends when the range being sent runs to its end (then one octet more must not be there). */
  private long messageEnd = -1;
  private BinarySection.Reader binary;
  private ResponseCode failure;

  FetchJob(ImapServer raw, OpenMailbox box, ImapServerEvent.FetchRequested event, boolean readOnly) {
    this.raw = raw;
    this.box = box;
    this.uids = event.messages();
    this.items = event.command().items();
    this.setsSeen = !readOnly && items.stream().anyMatch(FetchJob::setsSeen);
    this.changedSince = event.command().changedSince();
    if (event.command().vanished()) {
      SelectedMailbox now = box.snapshot();
      this.vanished = Resync.vanished(box, now.uids(), now.uidNext(), changedSince.getAsLong(),
          Optional.of(Resync.uids(event.command().set(), now.uidNext())));
    }
  }

  /** RFC 9051 §6.4.5: BODY[...] and BINARY[...] without .PEEK, and RFC822 and RFC822.TEXT, set {@code \Seen}. */
  private static boolean setsSeen(FetchItem i) {
    return i instanceof FetchItem.BodySection b && !b.peek() || i instanceof FetchItem.Binary b2 && !b2.peek()
        || i == FetchItem.Simple.RFC822 || i == FetchItem.Simple.RFC822_TEXT;
  }

  /**
   * Writes what the output takes.
   *
   * @return whether the FETCH is complete (the engine was answered)
   * @throws IOException     if the store cannot read a message
   * @throws StoreException  if the store refuses to set {@code \Seen}
   */
  boolean run() throws IOException, StoreException {
    if (vanished != null && raw.wantsContent()) {
      raw.vanishedEarlier(vanished); // before the FETCH responses (RFC 7162 §3.2.6)
      vanished = null;
    }
    while (raw.wantsContent()) {
      if (binary != null || pieceLeft > 0 || !pieces.isEmpty()) {
        pump();
        continue;
      }
      if (message != null && item == items.size()) {
        raw.fetchEnd();
        message = null;
        continue;
      }
      if (message != null) {
        writeItem(items.get(item++));
        continue;
      }
      if (index == uids.size()) {
        if (failure != null) {
          raw.reject(failure, "Some sections could not be decoded");
        } else {
          raw.complete();
        }
        return true;
      }
      start(uids.select(++index));
    }
    return false;
  }

  private void start(long uid) throws StoreException {
    StoredMessage m = box.message(uid);
    if (m == null) {
      return; // gone since the command began: nothing to say about it
    }
    if (changedSince.isPresent() && m.modSeq() <= changedSince.getAsLong()) {
      return; // RFC 7162 §3.1.4.1: only messages changed since
    }
    boolean seenNow = false;
    if (setsSeen && !m.flags().contains(Flag.SEEN)) {
      box.store(uid, StoreAction.ADD, List.of(Flag.SEEN));
      m = box.message(uid);
      seenNow = m != null;
      if (m == null) {
        return;
      }
    }
    message = m;
    layout = null;
    item = 0;
    raw.fetchBegin(uid);
    if (seenNow && !items.contains(FetchItem.Simple.FLAGS)) {
      raw.fetchAttribute(new FetchAttribute.Flags(raw.session().clientFlags(m.flags()))); // RFC 9051 §6.4.5: flags changed
    }
    if (seenNow && raw.isCondstoreEnabled() && m.modSeq() > 0 && !items.contains(FetchItem.Simple.MODSEQ)) {
      raw.fetchAttribute(new FetchAttribute.ModSeq(m.modSeq())); // RFC 7162 §3.1: with the flags it changed
    }
  }

  private MessageLayout layout() throws IOException {
    if (layout == null) {
      layout = message.layout();
    }
    return layout;
  }

  private void writeItem(FetchItem i) throws IOException {
    if (i instanceof FetchItem.Simple simple) {
      switch (simple) {
        case UID -> { } // the engine writes it
        case FLAGS -> raw.fetchAttribute(new FetchAttribute.Flags(raw.session().clientFlags(message.flags())));
        case INTERNALDATE -> raw.fetchAttribute(new FetchAttribute.InternalDate(message.internalDate()));
        case RFC822_SIZE -> raw.fetchAttribute(new FetchAttribute.Rfc822Size(message.size()));
        case ENVELOPE -> raw.fetchAttribute(new FetchAttribute.EnvelopeData(layout().envelope()));
        case BODY -> raw.fetchAttribute(new FetchAttribute.Structure(layout().bodyStructure(false), false));
        case BODYSTRUCTURE -> raw.fetchAttribute(new FetchAttribute.Structure(layout().bodyStructure(true), true));
        case RFC822 -> content(FetchAttribute.ContentName.RFC822, Section.WHOLE, Optional.empty());
        case RFC822_HEADER -> content(FetchAttribute.ContentName.RFC822_HEADER, Section.HEADER, Optional.empty());
        case RFC822_TEXT -> content(FetchAttribute.ContentName.RFC822_TEXT, Section.TEXT, Optional.empty());
        case MODSEQ -> {
          if (message.modSeq() > 0) { // the engine refuses MODSEQ on a NOMODSEQ mailbox (RFC 7162 §3.1.2.2)
            raw.fetchAttribute(new FetchAttribute.ModSeq(message.modSeq()));
          }
        }
        default -> throw new IllegalStateException("unknown item " + simple);
      }
    } else if (i instanceof FetchItem.BodySection b) {
      content(FetchAttribute.ContentName.BODY, b.section(), b.partial());
    } else if (i instanceof FetchItem.Binary b) {
      binary(b);
    } else if (i instanceof FetchItem.BinarySize b) {
      Optional<BinarySection> bin = BinarySection.of(layout(), b.part());
      if (bin.isPresent() && !bin.get().unknownEncoding()) {
        raw.fetchAttribute(new FetchAttribute.BinarySize(b.part(), bin.get().measure(message.source()).size()));
      } else {
        failure = ResponseCode.UNKNOWN_CTE;
      }
    }
  }

  private void content(FetchAttribute.ContentName name, Section section, Optional<Partial> partial)
      throws IOException {
    boolean whole = section.equals(Section.WHOLE);
    Optional<SectionContent> found = whole
        ? Optional.of(new SectionContent(List.of(new SectionContent.Range(0, message.size()))))
        : layout().section(section);
    messageEnd = whole ? message.size() : -1;
    OptionalLong origin = partial.map(p -> OptionalLong.of(p.offset())).orElse(OptionalLong.empty());
    if (found.isEmpty()) {
      raw.fetchAttribute(new FetchAttribute.Content(name, section, origin, OptionalLong.empty()));
      return;
    }
    SectionContent c = partial.map(found.get()::partial).orElse(found.get());
    FetchAttribute.Content attr = new FetchAttribute.Content(name, section, origin, OptionalLong.of(c.size()));
    if (c.size() == 0) {
      raw.fetchAttribute(attr);
      return;
    }
    raw.fetchContentHeader(attr, false);
    pieces.addAll(c.pieces());
  }

  private void binary(FetchItem.Binary b) throws IOException {
    Optional<BinarySection> bin = BinarySection.of(layout(), b.part());
    Section section = new Section(b.part(), Section.Text.NONE, List.of());
    OptionalLong origin = b.partial().map(p -> OptionalLong.of(p.offset())).orElse(OptionalLong.empty());
    if (bin.isEmpty()) {
      raw.fetchAttribute(new FetchAttribute.Content(FetchAttribute.ContentName.BINARY, section, origin,
          OptionalLong.empty()));
      return;
    }
    if (bin.get().unknownEncoding()) {
      failure = ResponseCode.UNKNOWN_CTE; // RFC 3516 §4.3: answered with NO [UNKNOWN-CTE]
      return;
    }
    // the literal's size comes first: one decoding pass measures, a second streams as the output drains
    BinarySection.Decoded measured = bin.get().measure(message.source());
    long size = b.partial().map(p -> Math.max(0, Math.min(measured.size() - p.offset(), p.length())))
        .orElse(measured.size());
    FetchAttribute.Content attr = new FetchAttribute.Content(FetchAttribute.ContentName.BINARY, section, origin,
        OptionalLong.of(size));
    if (size == 0) {
      raw.fetchAttribute(attr);
      return;
    }
    // RFC 3516 §4.2: literal8 when the content holds NUL (a partial range of such a part goes as one too)
    raw.fetchContentHeader(attr, measured.hasNul());
    binary = bin.get().reader(message.source(), b.partial());
  }

  private void pump() throws IOException {
    if (binary != null) {
      ByteBuffer decoded = binary.next();
      if (decoded == null) {
        binary = null;
      } else {
        raw.fetchContent(decoded);
      }
      return;
    }
    if (pieceLeft == 0) {
      SectionContent.Piece p = pieces.poll();
      if (p instanceof SectionContent.Added a) {
        raw.fetchContent(ByteBuffer.wrap(a.octets()));
        return;
      }
      SectionContent.Range r = (SectionContent.Range) p;
      pieceAt = r.offset();
      pieceLeft = r.length();
    }
    boolean last = pieceLeft < CHUNK && pieceAt + pieceLeft == messageEnd;
    buffer.clear().limit((int) (last ? pieceLeft + 1 : Math.min(CHUNK, pieceLeft))); // the last: one octet more
    int n = message.source().read(pieceAt, buffer);
    if (n < 0) {
      throw new IOException("the message ends before the section");
    }
    if (n > pieceLeft) {
      throw new IOException("message " + message.uid() + " holds more octets than its size, " + messageEnd);
    }
    buffer.flip();
    raw.fetchContent(buffer);
    pieceAt += n;
    pieceLeft -= n;
  }
}
