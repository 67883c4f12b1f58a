package dev.missive.imap.protocol;

import dev.missive.imap.command.FetchItem;
import dev.missive.imap.command.SearchReturnOption;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.internal.ImapWriter;
import dev.missive.imap.internal.SearchWriter;
import java.util.List;

/**
 * Writes the commands of the selected state (RFC 9051 §6.4; UID EXPUNGE of RFC 4315 §2.1, MOVE of RFC 6851,
 * CHANGEDSINCE and UNCHANGEDSINCE of RFC 7162 §3.1.3–§3.1.4, VANISHED of §3.2.6, ESEARCH's RETURN of RFC 4731) for
 * {@link CommandEncoder}.
 */
final class SelectedCommandWriter {

  private SelectedCommandWriter() {
  }

  /**
   * Writes a selected-state command after its tag and space.
   *
   * @param w the writer of the command
   * @param c the command
   */
  static void write(ImapWriter w, SelectedCommand c) {
    if (c instanceof SelectedCommand.Check) {
      w.raw("CHECK");
    } else if (c instanceof SelectedCommand.Close cl) {
      w.raw(cl.expunge() ? "CLOSE" : "UNSELECT");
    } else if (c instanceof SelectedCommand.Expunge e) {
      if (e.uids().isPresent()) {
        w.raw("UID EXPUNGE ").sequenceSet(e.uids().get());
      } else {
        w.raw("EXPUNGE");
      }
    } else if (c instanceof SelectedCommand.Search s) {
      search(w, s);
    } else if (c instanceof SelectedCommand.Fetch f) {
      w.raw(f.uid() ? "UID FETCH " : "FETCH ").sequenceSet(f.set()).sp();
      List<FetchItem> items = f.items();
      boolean list = items.size() > 1 || f.changedSince().isPresent();
      w.raw(list ? "(" : "");
      for (int i = 0; i < items.size(); i++) {
        w.raw(i > 0 ? " " : "").raw(fetchItem(items.get(i)));
      }
      w.raw(list ? ")" : "");
      f.changedSince().ifPresent(m -> w.raw(" (CHANGEDSINCE ").number(m).raw(f.vanished() ? " VANISHED)" : ")"));
    } else if (c instanceof SelectedCommand.Store s) {
      w.raw(s.uid() ? "UID STORE " : "STORE ").sequenceSet(s.set()).sp();
      s.unchangedSince().ifPresent(m -> w.raw("(UNCHANGEDSINCE ").number(m).raw(") "));
      w.raw(s.action().prefix() + (s.silent() ? "FLAGS.SILENT " : "FLAGS ")).flagList(s.flags());
    } else {
      SelectedCommand.Copy cp = (SelectedCommand.Copy) c;
      w.raw(cp.uid() ? "UID " : "").raw(cp.move() ? "MOVE " : "COPY ").sequenceSet(cp.set()).sp()
          .mailbox(cp.mailbox());
    }
  }

  private static void search(ImapWriter w, SelectedCommand.Search s) {
    w.raw(s.uid() ? "UID SEARCH" : "SEARCH");
    if (s.returnOptions().isPresent()) {
      w.raw(" RETURN (");
      int i = 0;
      for (SearchReturnOption o : SearchReturnOption.values()) {
        if (s.returnOptions().get().contains(o)) {
          w.raw(i++ > 0 ? " " : "").raw(o.name());
        }
      }
      w.raw(")");
    }
    new SearchWriter(w, s.charset()).write(s.criteria());
  }

  /**
   * The written form of a FETCH item.
   *
   * @param item the item
   * @return for example {@code BODY.PEEK[HEADER.FIELDS (From)]<0.100>}
   */
  static String fetchItem(FetchItem item) {
    if (item instanceof FetchItem.Simple s) {
      return s.keyword();
    }
    if (item instanceof FetchItem.BodySection b) {
      return (b.peek() ? "BODY.PEEK" : "BODY") + b.section() + b.partial().map(Object::toString).orElse("");
    }
    if (item instanceof FetchItem.Binary b) {
      return (b.peek() ? "BINARY.PEEK[" : "BINARY[") + path(b.part()) + "]"
          + b.partial().map(Object::toString).orElse("");
    }
    return "BINARY.SIZE[" + path(((FetchItem.BinarySize) item).part()) + "]";
  }

  private static String path(List<Integer> part) {
    StringBuilder sb = new StringBuilder();
    for (int p : part) {
      sb.append(sb.length() > 0 ? "." : "").append(p);
    }
    return sb.toString();
  }
}
