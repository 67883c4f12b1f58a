package dev.missive.message.address;

import dev.missive.message.Defect;
import dev.missive.message.DefectKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parser of addresses in RFC 5322 header fields ({@code From}, {@code To}, {@code Cc}, {@code Reply-To},
 * {@code Sender}, …; RFC 5322 §3.4, §3.6.2, §3.6.3, obsolete syntax of §4.4, UTF-8 of RFC 6532 §3.2).
 *
 * <p>Parsing is lenient and total: damaged input gives {@link Defect}s of kind
 * {@link DefectKind#MALFORMED_ADDRESS} (or an RFC 2047 kind), never an exception. Comments and folding white
 * space are ignored (RFC 5322 §3.2.2), including the trailing comment of the RFC 822-era form
 * {@code pete@silly.test (Pete)}: it is not promoted to a display name, because it is not one in the grammar and a
 * name that one parser shows and another does not is a parser differential a sender can exploit; RFC 2047 encoded words are decoded in display names only, never in an addr-spec or a
 * quoted string (RFC 2047 §5), so {@code =?x?q?a=40evil.com?=@ok.com} stays a local part of {@code ok.com}.
 * Obsolete forms (a source route {@code <@a,@b:user@host>}, {@code a . b@c}, empty list elements, {@code Joe Q.
 * Public}) are read with a defect; a missing comma after an address that ended clearly is tolerated with a
 * defect. An address whose structure is broken — an unmatched {@code )} or {@code ]}, an unterminated comment,
 * quoted string or domain literal, an addr-spec followed directly by {@code <} — is dropped with a defect rather
 * than guessed at, so {@code alice@example.org)<bob@example.com>} gives no mailbox at all (CVE-2023-27043).
 *
 * <p>The value passed in is the field body: unfolded or not (CR and LF are read as folding white space), and
 * decoded from UTF-8 when the message uses RFC 6532.
 */
public final class AddressParser {

  private AddressParser() {}

  /**
   * Parses an {@code address-list} (RFC 5322 §3.4): mailboxes and groups, in order.
   *
   * @param value   the unfolded field value
   * @param defects receives a defect for each malformed address
   * @return the addresses that could be read, in order
   */
  public static List<Address> parseAddressList(String value, List<Defect> defects) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(defects, "defects");
    return AddressListParser.parse(value, defects);
  }

  /**
   * Parses a {@code mailbox-list} (RFC 5322 §3.4, as in {@code From:}); a group found there is a defect and its
   * members are returned in its place.
   *
   * @param value   the unfolded field value
   * @param defects receives a defect for each malformed mailbox
   * @return the mailboxes that could be read, in order
   */
  public static List<Mailbox> parseMailboxList(String value, List<Defect> defects) {
    List<Address> all = parseAddressList(value, defects);
    if (all.stream().anyMatch(a -> a instanceof Group)) {
      defects.add(new Defect(DefectKind.MALFORMED_ADDRESS, "a group where a mailbox list is expected"));
    }
    return mailboxes(all);
  }

  /**
   * Parses a single {@code mailbox} (RFC 5322 §3.4, as in {@code Sender:}); none or several is a defect and gives
   * empty, so nothing is silently chosen.
   *
   * @param value   the unfolded field value
   * @param defects receives a defect when the value is malformed
   * @return the mailbox, or empty
   */
  public static Optional<Mailbox> parseMailbox(String value, List<Defect> defects) {
    List<Mailbox> all = parseMailboxList(value, defects);
    if (all.size() != 1) {
      defects.add(new Defect(DefectKind.MALFORMED_ADDRESS, "expected exactly one mailbox, found " + all.size()));
      return Optional.empty();
    }
    return Optional.of(all.get(0));
  }

  /**
   * The mailboxes of a list, group members in place of their groups (RFC 5322 §3.4).
   *
   * @param addresses mailboxes and groups
   * @return the mailboxes, groups expanded
   */
  public static List<Mailbox> mailboxes(List<? extends Address> addresses) {
    List<Mailbox> out = new ArrayList<>();
    for (Address a : addresses) {
      if (a instanceof Mailbox) {
        out.add((Mailbox) a);
      } else {
        out.addAll(((Group) a).members());
      }
    }
    return out;
  }
}
