package dev.missive.imap.server;

import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.response.UntaggedResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mailbox commands answered from a {@link MailSession}: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE,
 * LIST (RFC 9051 §6.3.9 with LIST-EXTENDED's selection and return options, RFC 5258 §3: SUBSCRIBED, REMOTE (no
 * remote mailboxes here), RECURSIVEMATCH with CHILDINFO, SPECIAL-USE; and LIST-STATUS, RFC 5819),
 * LSUB (RFC 3501 §6.3.9) and STATUS (RFC 9051 §6.3.11). Children attributes are computed from the names
 * (CHILDREN, RFC 3348).
 */
final class MailboxAnswers {

  private final ImapServer raw;
  private final MailSession session;

  MailboxAnswers(ImapServer raw, MailSession session) {
    this.raw = raw;
    this.session = session;
  }

  void answer(AuthenticatedCommand c) throws StoreException {
    if (c instanceof AuthenticatedCommand.Create create) {
      session.create(create.mailbox(), create.specialUse());
    } else if (c instanceof AuthenticatedCommand.Delete delete) {
      session.delete(delete.mailbox());
    } else if (c instanceof AuthenticatedCommand.Rename rename) {
      session.rename(rename.from(), rename.to());
    } else if (c instanceof AuthenticatedCommand.Subscribe sub) {
      session.subscribe(sub.mailbox(), sub.subscribe());
    } else if (c instanceof AuthenticatedCommand.Status status) {
      raw.respond(new UntaggedResponse.MailboxStatus(status.mailbox(), values(status.mailbox(), status.items())));
    } else if (c instanceof AuthenticatedCommand.Lsub lsub) {
      list(lsub.reference(), List.of(lsub.pattern()), Set.of(ListSelectOption.SUBSCRIBED), Set.of(), List.of(),
          true);
    } else if (c instanceof AuthenticatedCommand.ListMailboxes l) {
      list(l.reference(), l.patterns(), l.selection(), l.returns(), l.statusItems(), false);
    }
    raw.complete();
  }

  private Map<StatusItem, Long> values(String mailbox, List<StatusItem> items) throws StoreException {
    MailboxCounts counts = session.status(mailbox);
    Map<StatusItem, Long> values = new LinkedHashMap<>();
    for (StatusItem i : items) {
      values.put(i, switch (i) {
        case MESSAGES -> counts.messages();
        case UIDNEXT -> counts.uidNext();
        case UIDVALIDITY -> counts.uidValidity();
        case UNSEEN -> counts.unseen();
        case DELETED -> counts.deleted();
        case SIZE -> counts.size();
        case RECENT -> counts.recent();
        case APPENDLIMIT -> raw.session().config.limits().maxAppendSize();
        case HIGHESTMODSEQ -> counts.highestModSeq();
      });
    }
    return values;
  }

  private void list(String reference, List<String> patterns, Set<ListSelectOption> selection,
                    Set<ListReturnOption> returns, List<StatusItem> statusItems, boolean lsub)
      throws StoreException {
    Optional<Character> delimiter = session.delimiter();
    if (!lsub && patterns.size() == 1 && patterns.get(0).isEmpty() && selection.isEmpty()) {
      // RFC 9051 §6.3.9: the delimiter and the root of the reference
      raw.respond(new UntaggedResponse.MailboxList(List.of(MailboxAttribute.NOSELECT), delimiter, "", List.of(),
          Optional.empty(), false));
      return;
    }
    List<MailboxInfo> all = session.mailboxes();
    TreeSet<String> names = new TreeSet<>();
    all.forEach(m -> names.add(m.name()));
    boolean subscribedOnly = selection.contains(ListSelectOption.SUBSCRIBED);
    boolean specialOnly = selection.contains(ListSelectOption.SPECIAL_USE);
    // RFC 5258 §3.5: with RECURSIVEMATCH a name whose descendants are subscribed is listed with CHILDINFO
    Set<String> subscribedParents = selection.contains(ListSelectOption.RECURSIVEMATCH) && subscribedOnly
        ? subscribedAncestors(all, delimiter) : Set.of();
    for (MailboxInfo m : all) {
      if (!matchesAny(reference, patterns, m.name(), delimiter)) {
        continue;
      }
      boolean childInfo = subscribedParents.contains(m.name());
      if ((subscribedOnly && !m.subscribed() || specialOnly && m.attributes().stream()
          .noneMatch(MailboxAttribute::isSpecialUse)) && !childInfo) {
        continue;
      }
      List<MailboxAttribute> attrs = new ArrayList<>(m.attributes());
      if (!lsub) {
        boolean children = delimiter.isPresent() && hasChildren(names, m.name() + delimiter.get());
        attrs.add(children ? MailboxAttribute.HAS_CHILDREN : MailboxAttribute.HAS_NO_CHILDREN);
        if (m.subscribed() && (subscribedOnly || returns.contains(ListReturnOption.SUBSCRIBED))) {
          attrs.add(MailboxAttribute.SUBSCRIBED);
        }
      }
      raw.respond(new UntaggedResponse.MailboxList(attrs, delimiter, m.name(),
          childInfo ? List.of("SUBSCRIBED") : List.of(), Optional.empty(), lsub));
      if (!statusItems.isEmpty() && !m.attributes().contains(MailboxAttribute.NOSELECT)) {
        try { // RFC 5819 §2: a mailbox whose status cannot be had is simply listed without it
          raw.respond(new UntaggedResponse.MailboxStatus(m.name(), values(m.name(), statusItems)));
        } catch (StoreException e) {
          raw.respond(new UntaggedResponse.Condition(ResponseStatus.NO, e.code(), "STATUS failed for a mailbox"));
        }
      }
    }
  }

  /** The names with a subscribed descendant (RFC 5258 §3.5), whether or not they are subscribed themselves. */
  private static Set<String> subscribedAncestors(List<MailboxInfo> all, Optional<Character> delimiter) {
    Set<String> parents = new java.util.HashSet<>();
    if (delimiter.isEmpty()) {
      return parents;
    }
    for (MailboxInfo m : all) {
      if (m.subscribed()) {
        String name = m.name();
        for (int i = name.lastIndexOf(delimiter.get()); i > 0; i = name.lastIndexOf(delimiter.get(), i - 1)) {
          parents.add(name.substring(0, i));
        }
      }
    }
    return parents;
  }

  private static boolean hasChildren(TreeSet<String> names, String prefix) {
    String next = names.ceiling(prefix);
    return next != null && next.startsWith(prefix);
  }

  private static boolean matchesAny(String reference, List<String> patterns, String name, Optional<Character> d) {
    for (String p : patterns) {
      String full = reference + p;
      if (matches(full, name, d) || full.equalsIgnoreCase("INBOX") && name.equals("INBOX")) {
        return true;
      }
    }
    return false;
  }

  /**
   * RFC 9051 §6.3.9: {@code *} matches anything, {@code %} anything but the hierarchy delimiter. Quadratic in the
   * name at worst, whatever the pattern: runs of wildcards are collapsed and a pattern with more literal characters
   * than the name cannot match.
   */
  static boolean matches(String pattern, String name, Optional<Character> d) {
    StringBuilder p = new StringBuilder();
    int literals = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      boolean wild = c == '*' || c == '%';
      int last = p.length() - 1;
      if (wild && last >= 0 && (p.charAt(last) == '*' || p.charAt(last) == '%')) {
        if (c == '*') {
          p.setCharAt(last, '*');
        }
        continue;
      }
      p.append(c);
      literals += wild ? 0 : 1;
    }
    int n = name.length();
    if (literals > n) {
      return false;
    }
    boolean[] prev = new boolean[n + 1];
    prev[0] = true;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      boolean[] cur = new boolean[n + 1];
      for (int j = 0; j <= n; j++) {
        if (c == '*') {
          cur[j] = prev[j] || j > 0 && cur[j - 1];
        } else if (c == '%') {
          cur[j] = prev[j] || j > 0 && cur[j - 1] && !(d.isPresent() && name.charAt(j - 1) == d.get());
        } else {
          cur[j] = j > 0 && prev[j - 1] && name.charAt(j - 1) == c;
        }
      }
      prev = cur;
    }
    return prev[n];
  }
}
