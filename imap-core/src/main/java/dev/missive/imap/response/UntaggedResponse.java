package dev.missive.imap.response;

import dev.missive.imap.Flag;
import dev.missive.imap.IdParameter;
import dev.missive.imap.MailboxAttribute;
import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.SequenceSet;
import dev.missive.imap.StatusItem;
import dev.missive.imap.internal.text.Checks;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The untagged responses (RFC 9051 §7.1 to §7.5, with IMAP4rev1's SEARCH, LSUB and RECENT of RFC 3501 §7).
 *
 * <p>One sealed interface with one small record per response of the RFC's grammar, kept in one file on purpose:
 * its nested records are the whole set a decoder produces and an encoder writes, and a reader sees every response
 * and its checks side by side. That is why this one file is over about 400 lines (docs/architecture.md, "Packages
 * and names": one concept, one file).
 */
public sealed interface UntaggedResponse extends Response {

  /**
   * A status response without tag (RFC 9051 §7.1): OK, NO, BAD, PREAUTH (greeting) or BYE.
   *
   * @param status the condition
   * @param code   the response code, if any
   * @param text   the human-readable text (no CR, LF or NUL)
   */
  record Condition(ResponseStatus status, Optional<ResponseCode> code, String text) implements UntaggedResponse {
    /**
     * Checks the values.
     *
     * @param status the condition
     * @param code   the response code, if any
     * @param text   the human-readable text
     */
    public Condition {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(code, "code");
      Checks.text("text", text);
    }
  }

  /**
   * CAPABILITY (RFC 9051 §7.2.2).
   *
   * @param capabilities the capability atoms, for example {@code IMAP4rev2} or {@code AUTH=PLAIN}
   */
  record Capabilities(List<String> capabilities) implements UntaggedResponse {
    /**
     * Checks the atoms.
     *
     * @param capabilities the capability atoms
     */
    public Capabilities {
      capabilities = Checks.list("capabilities", capabilities);
      capabilities.forEach(c -> Checks.atom("capability", c));
    }
  }

  /**
   * ENABLED (RFC 9051 §7.2.1, RFC 5161).
   *
   * @param capabilities the capabilities the server enabled
   */
  record Enabled(List<String> capabilities) implements UntaggedResponse {
    /**
     * Checks the atoms.
     *
     * @param capabilities the capabilities the server enabled
     */
    public Enabled {
      capabilities = Checks.list("capabilities", capabilities);
      capabilities.forEach(c -> Checks.atom("capability", c));
    }
  }

  /**
   * LIST (RFC 9051 §7.3.1) or, with {@code lsub}, LSUB (RFC 3501 §7.2.3), with the extended data items of
   * LIST-EXTENDED that this module knows (CHILDINFO, RFC 5258 §4; OLDNAME, RFC 9051 §6.3.9.7); others are skipped.
   *
   * @param attributes the name attributes
   * @param delimiter  the hierarchy delimiter, empty for NIL (a flat name)
   * @param mailbox    the mailbox name, decoded
   * @param childInfo  the CHILDINFO selection options, empty when absent
   * @param oldName    the OLDNAME, if given
   * @param lsub       whether it is an LSUB response
   */
  record MailboxList(List<MailboxAttribute> attributes, Optional<Character> delimiter, String mailbox,
                     List<String> childInfo, Optional<String> oldName, boolean lsub) implements UntaggedResponse {
    /**
     * Checks the values.
     *
     * @param attributes the name attributes
     * @param delimiter  the hierarchy delimiter, empty for NIL
     * @param mailbox    the mailbox name
     * @param childInfo  the CHILDINFO selection options
     * @param oldName    the OLDNAME, if given
     * @param lsub       whether it is an LSUB response
     */
    public MailboxList {
      attributes = Checks.list("attributes", attributes);
      Objects.requireNonNull(delimiter, "delimiter");
      Objects.requireNonNull(mailbox, "mailbox");
      childInfo = Checks.list("childInfo", childInfo);
      Objects.requireNonNull(oldName, "oldName");
      delimiter.ifPresent(UntaggedResponse::checkDelimiter);
    }
  }

  /**
   * STATUS (RFC 9051 §7.3.3). An APPENDLIMIT of NIL (no limit, RFC 7889 §3.1) is {@link Long#MAX_VALUE}.
   *
   * @param mailbox the mailbox name, decoded
   * @param values  the items and their values, in the order sent
   */
  record MailboxStatus(String mailbox, Map<StatusItem, Long> values) implements UntaggedResponse {
    /**
     * Copies the map, keeping its order.
     *
     * @param mailbox the mailbox name
     * @param values  the items and their values
     */
    public MailboxStatus {
      Objects.requireNonNull(mailbox, "mailbox");
      values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
      values.forEach((k, v) -> Objects.requireNonNull(v, "value"));
    }
  }

  /**
   * ESEARCH (RFC 9051 §7.3.4, RFC 4731 §3.2): the results a SEARCH's RETURN options asked for.
   *
   * @param tag    the correlator: the tag of the SEARCH it answers, if given
   * @param uid    whether the numbers are UIDs
   * @param min    MIN, if returned
   * @param max    MAX, if returned
   * @param all    ALL, if returned
   * @param count  COUNT, if returned
   * @param modSeq MODSEQ, the highest mod-sequence of the matching messages when the search used MODSEQ (RFC 7162
   *               §3.1.5, RFC 4731 §3.2)
   */
  record ESearch(Optional<String> tag, boolean uid, OptionalLong min, OptionalLong max, Optional<SequenceSet> all,
                 OptionalLong count, OptionalLong modSeq) implements UntaggedResponse {
    /**
     * Checks the values.
     *
     * @param tag    the correlator, if given
     * @param uid    whether the numbers are UIDs
     * @param min    MIN, if returned
     * @param max    MAX, if returned
     * @param all    ALL, if returned
     * @param count  COUNT, if returned
     * @param modSeq MODSEQ, if returned
     */
    public ESearch {
      tag.ifPresent(Checks::tag);
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      Objects.requireNonNull(all, "all");
      Objects.requireNonNull(count, "count");
      Objects.requireNonNull(modSeq, "modSeq");
      modSeq.ifPresent(m -> Checks.modSeq(m, false));
      all.ifPresent(s -> {
        if (s.isSaved() || s.usesStar()) {
          throw new IllegalArgumentException("ALL holds numbers only");
        }
      });
    }

    /**
     * An ESEARCH response without mod-sequence.
     *
     * @param tag   the correlator, if given
     * @param uid   whether the numbers are UIDs
     * @param min   MIN, if returned
     * @param max   MAX, if returned
     * @param all   ALL, if returned
     * @param count COUNT, if returned
     */
    public ESearch(Optional<String> tag, boolean uid, OptionalLong min, OptionalLong max, Optional<SequenceSet> all,
                   OptionalLong count) {
      this(tag, uid, min, max, all, count, OptionalLong.empty());
    }
  }

  /**
   * SEARCH (RFC 3501 §7.2.5; IMAP4rev1 only).
   *
   * @param numbers the matching numbers
   */
  record Search(List<Long> numbers, OptionalLong modSeq) implements UntaggedResponse {
    /**
     * Checks the numbers.
     *
     * @param numbers the matching numbers
     * @param modSeq  the highest mod-sequence of the matching messages, when the search used MODSEQ (RFC 7162
     *                §3.1.5: {@code (MODSEQ n)} after the numbers, never with no number)
     */
    public Search {
      numbers = Checks.list("numbers", numbers);
      numbers.forEach(UntaggedResponse::checkNz);
      Objects.requireNonNull(modSeq, "modSeq");
      modSeq.ifPresent(m -> Checks.modSeq(m, false));
      if (modSeq.isPresent() && numbers.isEmpty()) {
        throw new IllegalArgumentException("an empty SEARCH response has no MODSEQ (RFC 7162 §3.1.5)");
      }
    }

    /**
     * A SEARCH response without mod-sequence.
     *
     * @param numbers the matching numbers
     */
    public Search(List<Long> numbers) {
      this(numbers, OptionalLong.empty());
    }
  }

  /**
   * FLAGS (RFC 9051 §7.3.5): the flags defined in the selected mailbox.
   *
   * @param flags the flags
   */
  record Flags(List<Flag> flags) implements UntaggedResponse {
    /**
     * Copies the list.
     *
     * @param flags the flags
     */
    public Flags {
      flags = Checks.list("flags", flags);
    }
  }

  /**
   * {@code n EXISTS} (RFC 9051 §7.4.1): the mailbox's size.
   *
   * @param count the number of messages
   */
  record Exists(long count) implements UntaggedResponse {
    /**
     * Checks the number.
     *
     * @param count the number of messages
     */
    public Exists {
      checkNumber(count);
    }
  }

  /**
   * {@code n RECENT} (RFC 3501 §7.3.2; IMAP4rev1 only).
   *
   * @param count the number of recent messages
   */
  record Recent(long count) implements UntaggedResponse {
    /**
     * Checks the number.
     *
     * @param count the number of recent messages
     */
    public Recent {
      checkNumber(count);
    }
  }

  /**
   * {@code n EXPUNGE} (RFC 9051 §7.5.1): the message with this sequence number is gone; later numbers shift down.
   *
   * @param seq the message sequence number
   */
  record Expunge(long seq) implements UntaggedResponse {
    /**
     * Checks the number.
     *
     * @param seq the message sequence number
     */
    public Expunge {
      checkNz(seq);
    }
  }

  /**
   * {@code VANISHED [(EARLIER)] uids} (RFC 7162 §3.2.10): messages expunged, by UID. Without {@code EARLIER} it
   * replaces EXPUNGE once QRESYNC is enabled and shrinks the message count; with it, it answers a resynchronisation
   * and names UIDs the client may not even know (the count does not change).
   *
   * @param earlier whether it is {@code VANISHED (EARLIER)}
   * @param uids    the UIDs, without {@code *} or {@code $}
   */
  record Vanished(boolean earlier, SequenceSet uids) implements UntaggedResponse {
    /**
     * Checks the values.
     *
     * @param earlier whether it is {@code VANISHED (EARLIER)}
     * @param uids    the UIDs
     */
    public Vanished {
      Objects.requireNonNull(uids, "uids");
      if (uids.isSaved() || uids.usesStar()) {
        throw new IllegalArgumentException("VANISHED names UIDs, not * or $");
      }
    }
  }

  /**
   * {@code n FETCH (...)} (RFC 9051 §7.5.2): message data. Section contents are not held here: they stream (see
   * {@link FetchAttribute.Content}).
   *
   * @param seq        the message sequence number
   * @param attributes the data items, in the order sent
   */
  record Fetch(long seq, List<FetchAttribute> attributes) implements UntaggedResponse {
    /**
     * Checks the values.
     *
     * @param seq        the message sequence number
     * @param attributes the data items
     */
    public Fetch {
      checkNz(seq);
      attributes = Checks.list("attributes", attributes);
    }
  }

  /**
   * One namespace of a NAMESPACE response (RFC 9051 §7.3.2, RFC 2342 §5).
   *
   * @param prefix     the namespace's prefix, decoded
   * @param delimiter  its hierarchy delimiter, empty for NIL
   * @param extensions the namespace response extensions (name, values), in the order sent
   */
  record NamespaceDescription(String prefix, Optional<Character> delimiter, Map<String, List<String>> extensions) {
    /**
     * Copies the values.
     *
     * @param prefix     the prefix
     * @param delimiter  its hierarchy delimiter, empty for NIL
     * @param extensions the extensions
     */
    public NamespaceDescription {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(delimiter, "delimiter");
      delimiter.ifPresent(UntaggedResponse::checkDelimiter);
      java.util.LinkedHashMap<String, List<String>> copy = new java.util.LinkedHashMap<>();
      extensions.forEach((k, v) -> copy.put(Objects.requireNonNull(k), List.copyOf(v)));
      extensions = java.util.Collections.unmodifiableMap(copy);
    }
  }

  /**
   * NAMESPACE (RFC 9051 §7.3.2): the personal, other users' and shared namespaces; an empty list stands for NIL.
   *
   * @param personal   the personal namespaces
   * @param otherUsers the other users' namespaces
   * @param shared     the shared namespaces
   */
  record Namespace(List<NamespaceDescription> personal, List<NamespaceDescription> otherUsers,
                   List<NamespaceDescription> shared) implements UntaggedResponse {
    /**
     * Copies the lists.
     *
     * @param personal   the personal namespaces
     * @param otherUsers the other users' namespaces
     * @param shared     the shared namespaces
     */
    public Namespace {
      personal = Checks.list("personal", personal);
      otherUsers = Checks.list("otherUsers", otherUsers);
      shared = Checks.list("shared", shared);
    }
  }

  /**
   * ID (RFC 2971 §3.2): the server's identification; empty for {@code ID NIL}.
   *
   * @param parameters the fields in the order sent
   */
  record Id(List<IdParameter> parameters) implements UntaggedResponse {
    /**
     * Copies the list.
     *
     * @param parameters the fields
     */
    public Id {
      parameters = Checks.list("parameters", parameters);
    }
  }

  /**
   * An untagged response this module does not know (for example of an extension the client did not ask for),
   * kept as text so nothing is dropped silently.
   *
   * @param name the response's name (its first atom after {@code *}, or after the number), upper case
   * @param text the whole response after {@code "* "}, literal octets included, decoded as UTF-8 with
   *             replacement characters where it is not UTF-8
   */
  record Unknown(String name, String text) implements UntaggedResponse {
    /**
     * Requires both.
     *
     * @param name the response's name
     * @param text the whole response after the star
     */
    public Unknown {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }
  }

  private static void checkDelimiter(char d) {
    // RFC 9051 §5.1.1: a single ASCII character separates the levels
    if (d < 0x20 || d > 0x7E) {
      throw new IllegalArgumentException("a hierarchy delimiter is one printable US-ASCII character");
    }
  }

  private static void checkNumber(long n) {
    if (n < 0 || n > SequenceSet.MAX_NUMBER) {
      throw new IllegalArgumentException("not a number: " + n);
    }
  }

  private static void checkNz(long n) {
    if (n < 1 || n > SequenceSet.MAX_NUMBER) {
      throw new IllegalArgumentException("not an nz-number: " + n);
    }
  }
}
