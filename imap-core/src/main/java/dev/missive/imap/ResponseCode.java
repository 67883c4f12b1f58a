package dev.missive.imap;

import dev.missive.imap.internal.text.CharClasses;
import dev.missive.imap.internal.text.Checks;
import dev.missive.imap.internal.text.Quoting;
import java.util.List;
import java.util.Objects;

/**
 * A response code: the bracketed part of a status response (RFC 9051 §7.1 {@code resp-text-code}, RFC 5530, and
 * the codes of UIDPLUS RFC 4315 §3, BINARY RFC 3516, CATENATE RFC 4469 §4). Codes with arguments are typed; the
 * others are {@link Atom}s; codes this module does not know are kept as {@link Other}. Java 17 hosts dispatch with
 * an {@code instanceof} chain.
 */
public sealed interface ResponseCode {

  /** {@return the code as written between the brackets} */
  String format();

  /**
   * A code without arguments, such as {@code ALERT} or {@code TRYCREATE}.
   *
   * @param name the code, upper case
   */
  record Atom(String name) implements ResponseCode {
    /**
     * Checks and upper-cases the name.
     *
     * @param name the code
     */
    public Atom {
      Checks.atom("code", name);
      name = CharClasses.upper(name);
    }

    @Override
    public String format() {
      return name;
    }
  }

  /** {@code ALERT}: show the text to the user (RFC 9051 §7.1). */
  Atom ALERT = new Atom("ALERT");
  /** {@code PARSE}: a message's header could not be parsed. */
  Atom PARSE = new Atom("PARSE");
  /** {@code READ-ONLY}: the mailbox is selected read-only. */
  Atom READ_ONLY = new Atom("READ-ONLY");
  /** {@code READ-WRITE}: the mailbox is selected read-write. */
  Atom READ_WRITE = new Atom("READ-WRITE");
  /** {@code TRYCREATE}: the target mailbox does not exist but may be created. */
  Atom TRYCREATE = new Atom("TRYCREATE");
  /** {@code UIDNOTSTICKY}: UIDs are not kept across sessions (RFC 4315 §3). */
  Atom UIDNOTSTICKY = new Atom("UIDNOTSTICKY");
  /** {@code UNAVAILABLE}: temporary failure (RFC 5530 §3). */
  Atom UNAVAILABLE = new Atom("UNAVAILABLE");
  /** {@code AUTHENTICATIONFAILED} (RFC 5530 §3). */
  Atom AUTHENTICATIONFAILED = new Atom("AUTHENTICATIONFAILED");
  /** {@code AUTHORIZATIONFAILED} (RFC 5530 §3). */
  Atom AUTHORIZATIONFAILED = new Atom("AUTHORIZATIONFAILED");
  /** {@code EXPIRED} (RFC 5530 §3). */
  Atom EXPIRED = new Atom("EXPIRED");
  /** {@code PRIVACYREQUIRED}: the operation needs TLS (RFC 5530 §3). */
  Atom PRIVACYREQUIRED = new Atom("PRIVACYREQUIRED");
  /** {@code CONTACTADMIN} (RFC 5530 §3). */
  Atom CONTACTADMIN = new Atom("CONTACTADMIN");
  /** {@code NOPERM} (RFC 5530 §3). */
  Atom NOPERM = new Atom("NOPERM");
  /** {@code INUSE} (RFC 5530 §3). */
  Atom INUSE = new Atom("INUSE");
  /** {@code EXPUNGEISSUED}: a message was expunged by another session (RFC 5530 §3). */
  Atom EXPUNGEISSUED = new Atom("EXPUNGEISSUED");
  /** {@code CORRUPTION} (RFC 5530 §3). */
  Atom CORRUPTION = new Atom("CORRUPTION");
  /** {@code SERVERBUG} (RFC 5530 §3). */
  Atom SERVERBUG = new Atom("SERVERBUG");
  /** {@code CLIENTBUG} (RFC 5530 §3). */
  Atom CLIENTBUG = new Atom("CLIENTBUG");
  /** {@code CANNOT} (RFC 5530 §3). */
  Atom CANNOT = new Atom("CANNOT");
  /** {@code LIMIT} (RFC 5530 §3). */
  Atom LIMIT = new Atom("LIMIT");
  /** {@code OVERQUOTA} (RFC 5530 §3). */
  Atom OVERQUOTA = new Atom("OVERQUOTA");
  /** {@code ALREADYEXISTS} (RFC 5530 §3). */
  Atom ALREADYEXISTS = new Atom("ALREADYEXISTS");
  /** {@code NONEXISTENT} (RFC 5530 §3). */
  Atom NONEXISTENT = new Atom("NONEXISTENT");
  /** {@code NOTSAVED}: the SEARCH result could not be saved (RFC 9051 §6.4.4.3). */
  Atom NOTSAVED = new Atom("NOTSAVED");
  /** {@code HASCHILDREN}: the mailbox cannot be deleted while it has children (RFC 9051 §7.1). */
  Atom HASCHILDREN = new Atom("HASCHILDREN");
  /** {@code CLOSED}: the previously selected mailbox is now closed (RFC 9051 §7.1). */
  Atom CLOSED = new Atom("CLOSED");
  /** {@code UNKNOWN-CTE}: the part's transfer encoding is unknown (RFC 3516 §4.3). */
  Atom UNKNOWN_CTE = new Atom("UNKNOWN-CTE");
  /** {@code TOOBIG}: a message or literal is too large (RFC 4469 §4, RFC 7888 §5, RFC 7889 §4). */
  Atom TOOBIG = new Atom("TOOBIG");
  /** {@code NOMODSEQ}: the selected mailbox keeps no mod-sequences (RFC 7162 §3.1.2.2). */
  Atom NOMODSEQ = new Atom("NOMODSEQ");
  /** {@code COMPRESSIONACTIVE}: the compression asked for is active already (RFC 4978 §3). */
  Atom COMPRESSIONACTIVE = new Atom("COMPRESSIONACTIVE");

  /**
   * {@code HIGHESTMODSEQ n}: the mailbox's highest mod-sequence (RFC 7162 §3.1.2.1).
   *
   * @param modSeq the mod-sequence
   */
  record HighestModSeq(long modSeq) implements ResponseCode {
    /**
     * Checks the number.
     *
     * @param modSeq the mod-sequence, 1 to 2^63 - 1
     */
    public HighestModSeq {
      Checks.modSeq(modSeq, false);
    }

    @Override
    public String format() {
      return "HIGHESTMODSEQ " + modSeq;
    }
  }

  /**
   * {@code MODIFIED set}: the messages a conditional STORE left alone because they changed since the given
   * mod-sequence (RFC 7162 §3.1.3): sequence numbers, or UIDs for UID STORE.
   *
   * @param set the messages
   */
  record Modified(SequenceSet set) implements ResponseCode {
    /**
     * Checks the set.
     *
     * @param set the messages, without {@code *} or {@code $}
     */
    public Modified {
      checkUidSet(set);
    }

    @Override
    public String format() {
      return "MODIFIED " + set.format();
    }
  }

  /**
   * {@code BADCHARSET}: the SEARCH charset is not supported, with the supported ones (RFC 9051 §7.1).
   *
   * @param charsets the charsets the server supports, possibly none listed
   */
  record BadCharset(List<String> charsets) implements ResponseCode {
    /**
     * Copies the list.
     *
     * @param charsets the charsets the server supports
     */
    public BadCharset {
      charsets = Checks.list("charsets", charsets);
      charsets.forEach(c -> Checks.text("charset", c));
    }

    @Override
    public String format() {
      if (charsets.isEmpty()) {
        return "BADCHARSET";
      }
      StringBuilder sb = new StringBuilder("BADCHARSET (");
      for (int i = 0; i < charsets.size(); i++) {
        sb.append(i > 0 ? " " : "").append(Quoting.astring(charsets.get(i)));
      }
      return sb.append(')').toString();
    }
  }

  /**
   * {@code CAPABILITY ...}: the capabilities, saving a CAPABILITY command (RFC 9051 §7.1).
   *
   * @param capabilities the capability atoms
   */
  record Capability(List<String> capabilities) implements ResponseCode {
    /**
     * Checks the atoms.
     *
     * @param capabilities the capability atoms
     */
    public Capability {
      capabilities = Checks.list("capabilities", capabilities);
      capabilities.forEach(c -> Checks.atom("capability", c));
    }

    @Override
    public String format() {
      StringBuilder sb = new StringBuilder("CAPABILITY");
      capabilities.forEach(c -> sb.append(' ').append(c));
      return sb.toString();
    }
  }

  /**
   * {@code PERMANENTFLAGS (...)}: the flags the client can change permanently, {@code \*} for new keywords.
   *
   * @param flags the flags
   */
  record PermanentFlags(List<Flag> flags) implements ResponseCode {
    /**
     * Copies the list.
     *
     * @param flags the flags
     */
    public PermanentFlags {
      flags = Checks.list("flags", flags);
    }

    @Override
    public String format() {
      StringBuilder sb = new StringBuilder("PERMANENTFLAGS (");
      for (int i = 0; i < flags.size(); i++) {
        sb.append(i > 0 ? " " : "").append(flags.get(i).name());
      }
      return sb.append(')').toString();
    }
  }

  /**
   * {@code UIDNEXT n}: the next UID the mailbox will assign.
   *
   * @param uid the next UID
   */
  record UidNext(long uid) implements ResponseCode {
    /**
     * Checks the number.
     *
     * @param uid the next UID, 1 to 4 294 967 295
     */
    public UidNext {
      checkNz(uid);
    }

    @Override
    public String format() {
      return "UIDNEXT " + uid;
    }
  }

  /**
   * {@code UIDVALIDITY n}.
   *
   * @param uidValidity the mailbox's UID validity
   */
  record UidValidity(long uidValidity) implements ResponseCode {
    /**
     * Checks the number.
     *
     * @param uidValidity the UID validity, 1 to 4 294 967 295
     */
    public UidValidity {
      checkNz(uidValidity);
    }

    @Override
    public String format() {
      return "UIDVALIDITY " + uidValidity;
    }
  }

  /**
   * {@code UNSEEN n}: the first unseen message's number (RFC 3501 §7.1; deprecated by RFC 9051).
   *
   * @param seq the sequence number
   */
  record Unseen(long seq) implements ResponseCode {
    /**
     * Checks the number.
     *
     * @param seq the sequence number, 1 to 4 294 967 295
     */
    public Unseen {
      checkNz(seq);
    }

    @Override
    public String format() {
      return "UNSEEN " + seq;
    }
  }

  /**
   * {@code APPENDUID uidvalidity uids} (RFC 4315 §3; a set for MULTIAPPEND).
   *
   * @param uidValidity the destination's UID validity
   * @param uids        the UIDs assigned, in the order of the messages
   */
  record AppendUid(long uidValidity, SequenceSet uids) implements ResponseCode {
    /**
     * Checks the values.
     *
     * @param uidValidity the destination's UID validity
     * @param uids        the UIDs assigned
     */
    public AppendUid {
      checkNz(uidValidity);
      checkUidSet(uids);
    }

    @Override
    public String format() {
      return "APPENDUID " + uidValidity + " " + uids.format();
    }
  }

  /**
   * {@code COPYUID uidvalidity source destination} (RFC 4315 §3, RFC 9051 §7.1).
   *
   * @param uidValidity the destination's UID validity
   * @param source      the copied messages' UIDs
   * @param destination the UIDs of the copies, in the same order
   */
  record CopyUid(long uidValidity, SequenceSet source, SequenceSet destination) implements ResponseCode {
    /**
     * Checks the values.
     *
     * @param uidValidity the destination's UID validity
     * @param source      the copied messages' UIDs
     * @param destination the UIDs of the copies
     */
    public CopyUid {
      checkNz(uidValidity);
      checkUidSet(source);
      checkUidSet(destination);
    }

    @Override
    public String format() {
      return "COPYUID " + uidValidity + " " + source.format() + " " + destination.format();
    }
  }

  /**
   * A code this module does not know, with its text ({@code atom SP 1*<any TEXT-CHAR except "]">}); a code
   * without text is an {@link Atom}.
   *
   * @param name the code, upper case
   * @param text the text after it, not empty
   */
  record Other(String name, String text) implements ResponseCode {
    /**
     * Checks the values.
     *
     * @param name the code
     * @param text the text after it
     */
    public Other {
      Checks.atom("code", name);
      name = CharClasses.upper(name);
      Checks.text("code text", text);
      if (text.isEmpty() || text.indexOf(']') >= 0) {
        throw new IllegalArgumentException("code text must be non-empty and hold no ']'");
      }
    }

    @Override
    public String format() {
      return name + " " + text;
    }
  }

  private static void checkNz(long n) {
    if (n < 1 || n > SequenceSet.MAX_NUMBER) {
      throw new IllegalArgumentException("not an nz-number: " + n);
    }
  }

  private static void checkUidSet(SequenceSet set) {
    Objects.requireNonNull(set, "uids");
    if (set.isSaved() || set.usesStar()) {
      throw new IllegalArgumentException("a uid-set holds neither * nor $: " + set);
    }
  }
}
