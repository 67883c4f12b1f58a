package dev.missive.imap.internal;

import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.command.QresyncParameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mailbox commands of the authenticated state for {@link CommandParser}: SELECT and EXAMINE with RFC 7162's
 * parameters (RFC 9051 §6.3.2, §6.3.3), CREATE with USE (RFC 6154 §3), LIST with LIST-EXTENDED's options and
 * LIST-STATUS (RFC 9051 §6.3.9, RFC 5258, RFC 5819), STATUS (RFC 9051 §6.3.11).
 */
final class MailboxCommandParser {

  private final Lexer lx;
  private final boolean utf8;
  private final String tag;
  private final CommandParser names;

  MailboxCommandParser(Lexer lx, boolean utf8, String tag, CommandParser names) {
    this.lx = lx;
    this.utf8 = utf8;
    this.tag = tag;
    this.names = names;
  }

  /** RFC 9051 §6.3.2 with RFC 7162's select parameters: {@code (CONDSTORE)} (§3.1.8), {@code (QRESYNC (...))} (§3.2.5). */
  Command select(boolean readOnly) {
    String mailbox = names.spMailbox();
    boolean condstore = false;
    Optional<QresyncParameters> qresync = Optional.empty();
    if (lx.trySp()) {
      lx.open();
      do {
        String name = lx.word();
        if (name.equals("CONDSTORE") && !condstore) {
          condstore = true;
        } else if (name.equals("QRESYNC") && qresync.isEmpty()) {
          lx.sp();
          qresync = Optional.of(qresync());
        } else {
          throw lx.error("unknown or repeated SELECT parameter " + CommandParser.printable(name));
        }
      } while (lx.trySp());
      lx.close();
    }
    return new AuthenticatedCommand.Select(tag, mailbox, readOnly, condstore, qresync);
  }

  /** {@code "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"} (RFC 7162 §7). */
  private QresyncParameters qresync() {
    lx.open();
    long uidValidity = lx.nzNumber();
    lx.sp();
    long modSeq = lx.nzNumber64();
    Optional<SequenceSet> known = Optional.empty();
    Optional<SequenceSet> seqs = Optional.empty();
    Optional<SequenceSet> uids = Optional.empty();
    if (lx.trySp()) {
      boolean seqMatch = true;
      if (lx.peek() != '(') {
        known = Optional.of(noStar(lx.sequenceSet()));
        seqMatch = lx.trySp();
      }
      if (seqMatch) { // "(" known-sequence-set SP known-uid-set ")"
        lx.open();
        seqs = Optional.of(noStar(lx.sequenceSet()));
        lx.sp();
        uids = Optional.of(noStar(lx.sequenceSet()));
        lx.close();
      }
    }
    lx.close();
    return new QresyncParameters(uidValidity, modSeq, known, seqs, uids);
  }

  private SequenceSet noStar(SequenceSet set) {
    if (set.usesStar() || set.isSaved()) {
      throw lx.error("QRESYNC sets hold neither * nor $ (RFC 7162 §7)");
    }
    return set;
  }

  Command create() {
    String mailbox = names.spMailbox();
    List<MailboxAttribute> use = new ArrayList<>();
    if (lx.trySp()) {
      lx.open();
      if (!lx.tryWord("USE")) {
        throw lx.error("unknown CREATE parameter");
      }
      lx.sp();
      lx.open();
      do {
        use.add(mailboxAttribute());
      } while (lx.trySp());
      lx.close();
      lx.close();
    }
    return new AuthenticatedCommand.Create(tag, mailbox, use);
  }

  private MailboxAttribute mailboxAttribute() {
    int start = lx.position();
    lx.expect('\\');
    lx.atom();
    return new MailboxAttribute(new String(lx.buffer(), start, lx.position() - start, StandardCharsets.US_ASCII));
  }

  Command list() {
    lx.sp();
    boolean extended = false;
    Set<ListSelectOption> selection = EnumSet.noneOf(ListSelectOption.class);
    if (lx.peek() == '(') {
      extended = true;
      lx.open();
      if (lx.peek() != ')') {
        do {
          selection.add(selectOption(lx.name()));
        } while (lx.trySp());
      }
      lx.close();
      lx.sp();
      if (selection.contains(ListSelectOption.RECURSIVEMATCH)
          && !(selection.contains(ListSelectOption.SUBSCRIBED) || selection.contains(ListSelectOption.SPECIAL_USE))) {
        throw lx.error("RECURSIVEMATCH needs another selection option (RFC 9051 §6.3.9.1)");
      }
    }
    String reference = MailboxText.pattern(lx.astringBytes(), utf8);
    lx.sp();
    List<String> patterns = new ArrayList<>();
    if (lx.peek() == '(') {
      extended = true;
      lx.open();
      do {
        patterns.add(MailboxText.pattern(lx.listMailboxBytes(), utf8));
      } while (lx.trySp());
      lx.close();
    } else {
      patterns.add(MailboxText.pattern(lx.listMailboxBytes(), utf8));
    }
    Set<ListReturnOption> returns = EnumSet.noneOf(ListReturnOption.class);
    List<StatusItem> statusItems = List.of();
    if (lx.trySp()) {
      extended = true;
      if (!lx.tryWord("RETURN")) {
        throw lx.error("RETURN expected");
      }
      lx.sp();
      lx.open();
      if (lx.peek() != ')') {
        do {
          ListReturnOption option = returnOption(lx.name());
          returns.add(option);
          if (option == ListReturnOption.STATUS) {
            lx.sp();
            statusItems = statusItems();
          }
        } while (lx.trySp());
      }
      lx.close();
    }
    return new AuthenticatedCommand.ListMailboxes(tag, selection, reference, patterns, returns, statusItems,
        extended);
  }

  private ListSelectOption selectOption(String name) {
    for (ListSelectOption o : ListSelectOption.values()) {
      if (o.keyword().equals(name)) {
        return o;
      }
    }
    throw lx.error("unknown LIST selection option " + CommandParser.printable(name));
  }

  private ListReturnOption returnOption(String name) {
    for (ListReturnOption o : ListReturnOption.values()) {
      if (o.keyword().equals(name)) {
        return o;
      }
    }
    throw lx.error("unknown LIST return option " + CommandParser.printable(name));
  }

  Command status() {
    String mailbox = names.spMailbox();
    lx.sp();
    return new AuthenticatedCommand.Status(tag, mailbox, statusItems());
  }

  private List<StatusItem> statusItems() {
    lx.open();
    List<StatusItem> items = new ArrayList<>();
    do {
      String word = lx.word();
      StatusItem item = StatusItem.of(word);
      if (item == null) {
        throw lx.error("unknown STATUS item " + CommandParser.printable(word));
      }
      items.add(item);
    } while (lx.trySp());
    lx.close();
    return items;
  }
}
