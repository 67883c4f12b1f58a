package dev.missive.imap.internal;

import dev.missive.imap.Partial;
import dev.missive.imap.Section;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.SelectedCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses FETCH and UID FETCH (RFC 9051 §6.4.5 and §9 {@code fetch}, {@code fetch-att}, {@code section},
 * {@code partial}; RFC 3516 §4.1 for BINARY; RFC 3501 §6.4.5 for the RFC822 items; RFC 7162 §3.1.4.1 and §3.2.6
 * for the CHANGEDSINCE and VANISHED modifiers), and the section
 * specifications both directions share.
 */
public final class FetchParser {

  private final Lexer lx;

  /**
   * A parser over the lexer.
   *
   * @param lx the lexer
   */
  public FetchParser(Lexer lx) {
    this.lx = lx;
  }

  /**
   * Parses the rest of a FETCH command.
   *
   * @param tag the command's tag
   * @param uid whether it is UID FETCH
   * @return the command
   */
  public SelectedCommand.Fetch fetch(String tag, boolean uid) {
    lx.sp();
    SequenceSet set = lx.sequenceSet();
    lx.sp();
    List<FetchItem> items = new ArrayList<>();
    if (lx.peek() == '(') {
      lx.open();
      do {
        items.add(item());
      } while (lx.trySp());
      lx.close();
    } else if (lx.tryWord("ALL")) {
      items.addAll(FetchItem.Macro.ALL.items());
    } else if (lx.tryWord("FAST")) {
      items.addAll(FetchItem.Macro.FAST.items());
    } else if (lx.tryWord("FULL")) {
      items.addAll(FetchItem.Macro.FULL.items());
    } else {
      items.add(item());
    }
    OptionalLong changedSince = OptionalLong.empty();
    boolean vanished = false;
    if (lx.trySp()) { // RFC 7162 §3.1.4.1, §3.2.6: fetch-modifiers
      lx.open();
      do {
        String name = lx.word();
        if (name.equals("CHANGEDSINCE") && changedSince.isEmpty()) {
          lx.sp();
          changedSince = OptionalLong.of(lx.nzNumber64());
        } else if (name.equals("VANISHED") && uid && !vanished) {
          vanished = true;
        } else {
          throw lx.error("unknown or repeated FETCH modifier " + (name.length() > 32 ? name.substring(0, 32) : name));
        }
      } while (lx.trySp());
      lx.close();
      if (vanished && changedSince.isEmpty()) {
        throw lx.error("VANISHED needs CHANGEDSINCE (RFC 7162 §3.2.6)");
      }
    }
    return new SelectedCommand.Fetch(tag, uid, set, items, changedSince, vanished);
  }

  private FetchItem item() {
    String name = lx.name();
    switch (name) {
      case "BODY", "BODY.PEEK" -> {
        if (lx.peek() != '[') {
          if (name.equals("BODY")) {
            return FetchItem.Simple.BODY;
          }
          throw lx.error("BODY.PEEK needs a section");
        }
        Section section = section();
        return new FetchItem.BodySection(section, partial(), name.equals("BODY.PEEK"));
      }
      case "BINARY", "BINARY.PEEK" -> {
        List<Integer> part = binarySection();
        return new FetchItem.Binary(part, partial(), name.equals("BINARY.PEEK"));
      }
      case "BINARY.SIZE" -> {
        return new FetchItem.BinarySize(binarySection());
      }
      default -> {
        for (FetchItem.Simple s : FetchItem.Simple.values()) {
          if (s.keyword().equals(name)) {
            return s;
          }
        }
        throw lx.error("unknown FETCH item " + (name.length() > 32 ? name.substring(0, 32) : name));
      }
    }
  }

  /** {@return {@code "[" [section-spec] "]"}} */
  public Section section() {
    lx.expect('[');
    List<Integer> part = new ArrayList<>();
    Section.Text text = Section.Text.NONE;
    List<String> fields = List.of();
    if (lx.peek() != ']') {
      if (lx.peek() >= '0' && lx.peek() <= '9') {
        part = partNumbers();
        if (lx.tryChar('.')) {
          text = sectionText(true);
        }
      } else {
        text = sectionText(false);
      }
      if (text == Section.Text.HEADER_FIELDS || text == Section.Text.HEADER_FIELDS_NOT) {
        lx.sp();
        fields = headerList();
      }
    }
    lx.expect(']');
    return new Section(part, text, fields);
  }

  /** {@return {@code "[" [section-part] "]"} of BINARY (RFC 3516 §4.1)} */
  public List<Integer> binarySection() {
    lx.expect('[');
    List<Integer> part = lx.peek() == ']' ? List.of() : partNumbers();
    lx.expect(']');
    return part;
  }

  private List<Integer> partNumbers() {
    List<Integer> part = new ArrayList<>();
    do {
      long n = lx.nzNumber();
      if (n > Integer.MAX_VALUE) {
        throw lx.error("part number too large");
      }
      part.add((int) n);
    } while (lx.peek() == '.' && lx.peek(1) >= '0' && lx.peek(1) <= '9' && lx.tryChar('.'));
    return part;
  }

  private Section.Text sectionText(boolean afterPart) {
    String name = lx.name();
    for (Section.Text t : Section.Text.values()) {
      if (t != Section.Text.NONE && t.keyword().equals(name)) {
        if (t == Section.Text.MIME && !afterPart) {
          throw lx.error("MIME needs a part number");
        }
        return t;
      }
    }
    throw lx.error("unknown section text");
  }

  private List<String> headerList() {
    List<String> names = new ArrayList<>();
    lx.open();
    do {
      String name = lx.astring();
      if (!Section.isFieldName(name)) {
        throw lx.error("not a header field name");
      }
      names.add(name);
    } while (lx.trySp());
    lx.close();
    return names;
  }

  /** {@return {@code "<" number64 "." nz-number64 ">"}, if present} */
  public Optional<Partial> partial() {
    if (!lx.tryChar('<')) {
      return Optional.empty();
    }
    long offset = lx.number64();
    lx.expect('.');
    long length = lx.nzNumber64();
    lx.expect('>');
    return Optional.of(new Partial(offset, length));
  }
}
