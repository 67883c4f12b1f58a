package dev.missive.message.address;

import dev.missive.message.address.internal.AddressLexer;
import dev.missive.message.address.internal.AddressToken;
import dev.missive.message.address.internal.EncodedPhrase;
import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import dev.missive.message.address.internal.AddressToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lenient, total recursive-descent parser of RFC 5322 §3.4 address lists, with the obsolete syntax of §4.4
 * (obs-route, obs-local-part, obs-domain, obs-phrase, empty list elements) accepted with a defect.
 *
 * <p>An address whose structure is broken (junk such as an unmatched {@code )} or {@code ]}, an unterminated
 * comment, quoted string or literal, or a bare addr-spec followed by {@code <}) is dropped with a defect rather
 * than guessed at, so input like {@code alice@example.org)<bob@example.com>} never yields a confident mailbox
 * (CVE-2023-27043). A missing comma after an address that ended clearly ({@code >} or {@code ;}, or before a
 * word) is tolerated with a defect.
 */
final class AddressListParser {

  private final List<AddressToken> t;
  private final List<Defect> defects;
  private int i;
  private boolean failed;

  private AddressListParser(String value, List<Defect> defects) {
    this.t = AddressLexer.tokenize(value);
    this.defects = defects;
  }

  /** Parses an {@code address-list}; problems are added to {@code defects}. */
  public static List<Address> parse(String value, List<Defect> defects) {
    AddressListParser p = new AddressListParser(value, defects);
    List<Address> out = new ArrayList<>();
    p.list(out, false);
    return out;
  }

  /** Parses list elements into {@code out} until the end, or a {@code ;} (consumed) when {@code inGroup}. */
  private void list(List<Address> out, boolean inGroup) {
    boolean needComma = false;
    boolean lastBare = false;
    while (i < t.size()) {
      Kind k = t.get(i).kind();
      if (inGroup && k == Kind.SEMI) {
        i++;
        return;
      }
      if (k == Kind.COMMA) {
        if (!needComma) {
          defect("empty list element (obsolete syntax, RFC 5322 §4.4)");
        }
        i++;
        needComma = false;
        continue;
      }
      if (needComma) {
        if (k == Kind.JUNK || (lastBare && k == Kind.LT) || !(t.get(i).isWord() || k == Kind.LT)) {
          out.remove(out.size() - 1);
          failed = false;
          fail("unexpected text after an address; the address is dropped");
          recover(inGroup);
          continue;
        }
        defect("missing comma between addresses");
      }
      failed = false;
      Address a = address(inGroup);
      if (a == null) {
        recover(inGroup);
        needComma = true;
        lastBare = false;
      } else {
        out.add(a);
        needComma = true;
        lastBare = a instanceof Mailbox && t.get(i - 1).kind() != Kind.GT;
      }
    }
    if (inGroup) {
      defect("group not terminated by ';'");
    }
  }

  /** {@code address = mailbox / group}; null (with a defect) if it does not parse. */
  private Address address(boolean inGroup) {
    int start = i;
    if (kind() == Kind.AT) {
      defect("source route outside angle brackets (obsolete syntax)");
      return route() ? mailbox(List.of(), addrSpec()) : null;
    }
    List<AddressToken> phrase = new ArrayList<>();
    while (i < t.size() && (t.get(i).isWord() || kind() == Kind.DOT)) {
      phrase.add(t.get(i++));
    }
    if (kind() == Kind.COLON) {
      if (inGroup) {
        return fail("a group inside a group");
      }
      i++;
      if (phrase.isEmpty()) {
        defect("group without a name");
      }
      List<Address> members = new ArrayList<>();
      list(members, true);
      List<Mailbox> mailboxes = new ArrayList<>();
      members.forEach(m -> mailboxes.add((Mailbox) m));
      return new Group(displayName(phrase), mailboxes);
    }
    if (kind() == Kind.LT) {
      i++;
      if (kind() == Kind.AT && !route()) {
        return null;
      }
      AddrSpec spec = addrSpec();
      if (spec != null && kind() != Kind.GT) {
        return fail("expected '>'");
      }
      i++;
      return mailbox(phrase, spec);
    }
    i = start;
    return mailbox(List.of(), addrSpec());
  }

  private Mailbox mailbox(List<AddressToken> phrase, AddrSpec spec) {
    return spec == null ? null : new Mailbox(Optional.of(displayName(phrase)), spec);
  }

  /** {@code obs-route}: {@code "@" domain *("," ["@" domain]) ":"}, checked and dropped. */
  private boolean route() {
    defect("source route ignored (obsolete syntax, RFC 5322 §4.4)");
    while (kind() == Kind.AT || kind() == Kind.COMMA) {
      if (t.get(i++).kind() == Kind.AT && domain() == null) {
        return false;
      }
    }
    if (kind() != Kind.COLON) {
      fail("expected ':' after a source route");
      return false;
    }
    i++;
    return true;
  }

  /** {@code addr-spec = local-part "@" domain}, with obs-local-part and obs-domain. */
  private AddrSpec addrSpec() {
    StringBuilder local = new StringBuilder();
    boolean obsolete = false;
    int words = 0;
    boolean quoted = false;
    while (true) {
      AddressToken w = i < t.size() ? t.get(i) : null;
      if (w == null || !w.isWord()) {
        return fail(words == 0 ? "expected a local part" : "local part ends with '.'");
      }
      obsolete |= words > 0 && w.spaceBefore();
      quoted |= w.kind() == Kind.QUOTED;
      local.append(w.text());
      i++;
      words++;
      if (kind() != Kind.DOT) {
        break;
      }
      obsolete |= t.get(i).spaceBefore();
      local.append('.');
      i++;
    }
    if (obsolete || (quoted && words > 1)) {
      defect("obsolete local part (RFC 5322 §4.4)");
    }
    if (kind() != Kind.AT) {
      return fail("expected '@'");
    }
    i++;
    Domain domain = domain();
    if (domain == null) {
      return null;
    }
    try {
      return new AddrSpec(new LocalPart(local.toString()), domain);
    } catch (IllegalArgumentException e) {
      return fail("invalid local part");
    }
  }

  /** {@code domain = dot-atom / domain-literal / obs-domain}. */
  private Domain domain() {
    String text;
    if (kind() == Kind.LITERAL) {
      text = "[" + t.get(i++).text() + "]";
    } else {
      StringBuilder sb = new StringBuilder();
      boolean obsolete = false;
      while (true) {
        if (kind() != Kind.ATOM) {
          return fail(sb.length() == 0 ? "expected a domain" : "domain ends with '.'");
        }
        obsolete |= sb.length() > 0 && t.get(i).spaceBefore();
        sb.append(t.get(i++).text());
        if (kind() != Kind.DOT) {
          break;
        }
        obsolete |= t.get(i++).spaceBefore();
        sb.append('.');
      }
      if (obsolete) {
        defect("obsolete domain with white space or comments (RFC 5322 §4.4)");
      }
      text = sb.toString();
    }
    try {
      return new Domain(text);
    } catch (IllegalArgumentException e) {
      return fail("invalid domain");
    }
  }

  /** The decoded display name of a phrase (RFC 5322 §3.2.5, RFC 2047 §5 (3)); encoded words only in atoms. */
  private String displayName(List<AddressToken> phrase) {
    if (phrase.stream().anyMatch(w -> w.kind() == Kind.DOT)) {
      defect("'.' in a display name (obsolete phrase, RFC 5322 §4.4)");
    }
    StringBuilder out = new StringBuilder();
    StringBuilder atoms = null;
    for (AddressToken w : phrase) {
      boolean sep = w.spaceBefore() && (out.length() > 0 || atoms != null);
      if (w.kind() == Kind.QUOTED) {
        flush(out, atoms);
        atoms = null;
        out.append(sep ? " " : "").append(w.text());
      } else {
        if (atoms == null) {
          out.append(sep ? " " : "");
          atoms = new StringBuilder();
        } else if (sep) {
          atoms.append(' ');
        }
        atoms.append(w.kind() == Kind.DOT ? "." : w.text());
      }
    }
    flush(out, atoms);
    return out.toString();
  }

  private void flush(StringBuilder out, StringBuilder atoms) {
    if (atoms != null) {
      out.append(EncodedPhrase.looksEncoded(atoms.toString())
          ? EncodedPhrase.decode(atoms.toString(), defects) : atoms);
    }
  }

  /** Skips to the next ',' (or ';' in a group, not consumed). */
  private void recover(boolean inGroup) {
    while (i < t.size() && kind() != Kind.COMMA && !(inGroup && kind() == Kind.SEMI)) {
      i++;
    }
  }

  private Kind kind() {
    return i < t.size() ? t.get(i).kind() : null;
  }

  private void defect(String detail) {
    defects.add(new Defect(DefectKind.MALFORMED_ADDRESS, detail));
  }

  /** Records the first failure of the current address (with the junk's reason if junk is next); returns null. */
  private <T> T fail(String detail) {
    if (!failed) {
      failed = true;
      AddressToken here = i < t.size() ? t.get(i) : null;
      String where = here == null ? "at the end" : "at index " + here.start();
      String junk = here != null && here.kind() == Kind.JUNK ? " (" + here.text() + ")" : "";
      defect(detail + " " + where + junk);
    }
    return null;
  }
}
