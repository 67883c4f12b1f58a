package dev.missive.imap.message;

import dev.missive.imap.Address;
import dev.missive.imap.Envelope;
import dev.missive.message.Defect;
import dev.missive.message.address.AddressParser;
import dev.missive.message.address.Group;
import dev.missive.message.address.Mailbox;
import dev.missive.message.header.EncodedWords;
import dev.missive.message.header.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes the ENVELOPE of a message from its header fields (RFC 9051 §7.5.2): Date, Subject, In-Reply-To and
 * Message-ID as their unfolded values (NIL when absent, the empty string when present but empty; encoded words kept
 * as they are, for the client to decode); From, Sender, Reply-To, To, Cc and Bcc parsed into address structures
 * with message-format's address parser (NIL when absent or empty; Sender and Reply-To default to From); groups as
 * start and end markers.
 *
 * <p>Display names: the address parser decodes RFC 2047 encoded words, so a non-ASCII display name is written back
 * as UTF-8 encoded words, which every client decodes to the same text (RFC 9051 §7.5.2 wants the phrase with RFC
 * 5322 quoting removed); pure US-ASCII names are given as they are. The first field of each name is used; a
 * duplicated field's later occurrences are ignored, as servers do.
 */
public final class Envelopes {

  private Envelopes() {}

  /**
   * The envelope of a header.
   *
   * @param fields the message's header fields, in order
   * @return the envelope
   */
  public static Envelope of(List<HeaderField> fields) {
    List<Address> from = addresses(fields, "From");
    List<Address> sender = addresses(fields, "Sender");
    List<Address> replyTo = addresses(fields, "Reply-To");
    return new Envelope(value(fields, "Date"), value(fields, "Subject"), from, sender.isEmpty() ? from : sender,
        replyTo.isEmpty() ? from : replyTo, addresses(fields, "To"), addresses(fields, "Cc"),
        addresses(fields, "Bcc"), value(fields, "In-Reply-To"), value(fields, "Message-ID"));
  }

  private static Optional<HeaderField> first(List<HeaderField> fields, String name) {
    for (HeaderField f : fields) {
      if (f.hasName(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> value(List<HeaderField> fields, String name) {
    return first(fields, name).map(f -> clean(f.unfoldedValue().strip()));
  }

  /** Header values go into IMAP strings: CR, LF and NUL cannot (a literal carries no NUL, RFC 9051 §9 CHAR8). */
  private static String clean(String s) {
    return s.replace('\r', ' ').replace('\n', ' ').replace('\0', '\uFFFD');
  }

  private static List<Address> addresses(List<HeaderField> fields, String name) {
    Optional<HeaderField> f = first(fields, name);
    if (f.isEmpty()) {
      return List.of();
    }
    List<Defect> defects = new ArrayList<>();
    List<Address> out = new ArrayList<>();
    for (dev.missive.message.address.Address a : AddressParser.parseAddressList(f.get().unfoldedValue(), defects)) {
      if (a instanceof Mailbox m) {
        out.add(address(m));
      } else {
        Group g = (Group) a;
        out.add(Address.groupStart(phrase(g.name())));
        g.members().forEach(m -> out.add(address(m)));
        out.add(Address.groupEnd());
      }
    }
    return out;
  }

  private static Address address(Mailbox m) {
    return new Address(m.displayName().map(Envelopes::phrase), Optional.empty(),
        Optional.of(clean(m.addrSpec().localPart().value())), Optional.of(clean(m.addrSpec().domain().value())));
  }

  private static String phrase(String decoded) {
    String s = clean(decoded);
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return EncodedWords.encode(s, StandardCharsets.UTF_8);
      }
    }
    return s;
  }
}
