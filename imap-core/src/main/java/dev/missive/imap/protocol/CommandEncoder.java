package dev.missive.imap.protocol;

import dev.missive.imap.Flag;
import dev.missive.imap.IdParameter;
import dev.missive.imap.StatusItem;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.ListReturnOption;
import dev.missive.imap.command.ListSelectOption;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.internal.ImapWriter;
import dev.missive.imap.internal.text.Checks;
import dev.missive.imap.internal.text.DateText;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side's writer of commands (RFC 9051 §6 and §9): turns {@link Command} records into octets, every
 * value in a correct form — atoms where allowed, quoted strings, literals for text with CR, LF, NUL or (unless UTF-8
 * is enabled) 8-bit octets — and mailbox names in modified UTF-7 or UTF-8 as the connection requires.
 *
 * <p>A command comes back as {@link Encoded} segments: write the first; write each next one only after the server's
 * continuation request ({@code +}), since each ends with a synchronizing literal's header. With LITERAL+ (or
 * LITERAL- for literals of at most 4096 octets, RFC 7888) literals are non-synchronizing and a command is one
 * segment. APPEND streams its messages: {@link #append} gives the command up to the first message's literal
 * header, the host then writes the message's octets, {@link #appendNext} the next message's metadata (MULTIAPPEND,
 * RFC 3502) and {@link #appendEnd()} the final CRLF. Not thread-safe.
 */
public final class CommandEncoder {

  /**
   * The octets of a command, cut where the client must wait for a continuation request.
   *
   * @param segments            write the first; wait for {@code +} before each next one
   * @param awaitsContinuation  whether the last segment ends with a synchronizing literal header, so the client waits
   *                            for {@code +} before what follows it (APPEND's message octets)
   */
  public record Encoded(List<byte[]> segments, boolean awaitsContinuation) {
    /**
     * Copies the list (not the arrays).
     *
     * @param segments           the segments, at least one
     * @param awaitsContinuation whether a continuation request precedes what follows
     */
    public Encoded {
      segments = List.copyOf(segments);
      if (segments.isEmpty()) {
        throw new IllegalArgumentException("at least one segment");
      }
    }

    /** {@return all segments joined, as the peer receives them} */
    public byte[] joined() {
      int n = segments.stream().mapToInt(s -> s.length).sum();
      byte[] out = new byte[n];
      int off = 0;
      for (byte[] s : segments) {
        System.arraycopy(s, 0, out, off, s.length);
        off += s.length;
      }
      return out;
    }
  }

  private final ImapWriter.Literals literals;
  private boolean utf8;

  /**
   * An encoder.
   *
   * @param serverLiterals which non-synchronizing literals the server advertised (LITERAL+, LITERAL- or neither)
   */
  public CommandEncoder(NonSynchronizingLiterals serverLiterals) {
    this.literals = switch (Objects.requireNonNull(serverLiterals, "serverLiterals")) {
      case REFUSED -> ImapWriter.Literals.SYNCHRONIZING;
      case LITERAL_PLUS -> ImapWriter.Literals.LITERAL_PLUS;
      case LITERAL_MINUS -> ImapWriter.Literals.LITERAL_MINUS;
    };
  }

  /**
   * Sets whether UTF-8 is enabled ({@code ENABLE IMAP4rev2} or {@code UTF8=ACCEPT} answered with ENABLED): mailbox
   * names go as UTF-8 and 8-bit strings may be quoted.
   *
   * @param enabled whether UTF-8 is enabled
   */
  public void setUtf8(boolean enabled) {
    this.utf8 = enabled;
  }

  /**
   * Writes a command.
   *
   * @param command the command
   * @return its segments
   * @throws IllegalArgumentException if a value cannot be written (for example search text the command's CHARSET
   *                                  cannot encode)
   */
  public Encoded encode(Command command) {
    ImapWriter w = new ImapWriter(literals, utf8);
    w.raw(command.tag()).sp();
    if (command instanceof AnyStateCommand a) {
      anyState(w, a);
    } else if (command instanceof NotAuthenticatedCommand n) {
      notAuthenticated(w, n);
    } else if (command instanceof AuthenticatedCommand a) {
      authenticated(w, a);
    } else {
      SelectedCommandWriter.write(w, (SelectedCommand) command);
    }
    w.crlf();
    return done(w);
  }

  private static Encoded done(ImapWriter w) {
    List<byte[]> segments = w.segments();
    if (segments.size() > 1 && segments.get(segments.size() - 1).length == 0) {
      return new Encoded(segments.subList(0, segments.size() - 1), true);
    }
    return new Encoded(segments, false);
  }

  private static void anyState(ImapWriter w, AnyStateCommand c) {
    if (c instanceof AnyStateCommand.Capability) {
      w.raw("CAPABILITY");
    } else if (c instanceof AnyStateCommand.Noop) {
      w.raw("NOOP");
    } else if (c instanceof AnyStateCommand.Logout) {
      w.raw("LOGOUT");
    } else {
      w.raw("ID ");
      writeId(w, ((AnyStateCommand.Id) c).parameters());
    }
  }

  /**
   * Writes an ID parameter list (RFC 2971 §4), shared with the response side.
   *
   * @param w      the writer
   * @param params the parameters; NIL when empty
   */
  static void writeId(ImapWriter w, List<IdParameter> params) {
    w.nlist(params, (x, p) -> x.string(p.field()).sp().nstring(p.value()));
  }

  private static void notAuthenticated(ImapWriter w, NotAuthenticatedCommand c) {
    if (c instanceof NotAuthenticatedCommand.StartTls) {
      w.raw("STARTTLS");
    } else if (c instanceof NotAuthenticatedCommand.Authenticate a) {
      w.raw("AUTHENTICATE ").atom(a.mechanism());
      a.initialResponse().ifPresent(r -> w.sp().raw(r));
    } else {
      NotAuthenticatedCommand.Login l = (NotAuthenticatedCommand.Login) c;
      char[] password = l.password();
      byte[] octets;
      try {
        java.nio.ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
            .encode(java.nio.CharBuffer.wrap(password));
        octets = new byte[bb.remaining()];
        bb.get(octets);
        Arrays.fill(bb.array(), (byte) 0);
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new IllegalArgumentException("the password is not Unicode text (unpaired surrogate)");
      } finally {
        Arrays.fill(password, '\0');
      }
      w.raw("LOGIN ").astring(l.userId()).sp().astring(octets);
      Arrays.fill(octets, (byte) 0);
    }
  }

  private static void authenticated(ImapWriter w, AuthenticatedCommand c) {
    if (c instanceof AuthenticatedCommand.Enable e) {
      w.raw("ENABLE");
      e.capabilities().forEach(cap -> w.sp().atom(cap));
    } else if (c instanceof AuthenticatedCommand.Select s) {
      w.raw(s.readOnly() ? "EXAMINE " : "SELECT ").mailbox(s.mailbox());
      selectParameters(w, s);
    } else if (c instanceof AuthenticatedCommand.Create cr) {
      w.raw("CREATE ").mailbox(cr.mailbox());
      if (!cr.specialUse().isEmpty()) {
        w.raw(" (USE (");
        for (int i = 0; i < cr.specialUse().size(); i++) {
          w.raw(i > 0 ? " " : "").raw(cr.specialUse().get(i).name());
        }
        w.raw("))");
      }
    } else if (c instanceof AuthenticatedCommand.Delete d) {
      w.raw("DELETE ").mailbox(d.mailbox());
    } else if (c instanceof AuthenticatedCommand.Rename r) {
      w.raw("RENAME ").mailbox(r.from()).sp().mailbox(r.to());
    } else if (c instanceof AuthenticatedCommand.Subscribe s) {
      w.raw(s.subscribe() ? "SUBSCRIBE " : "UNSUBSCRIBE ").mailbox(s.mailbox());
    } else if (c instanceof AuthenticatedCommand.ListMailboxes l) {
      list(w, l);
    } else if (c instanceof AuthenticatedCommand.Lsub l) {
      w.raw("LSUB ").mailbox(l.reference()).sp().listMailbox(l.pattern());
    } else if (c instanceof AuthenticatedCommand.Namespace) {
      w.raw("NAMESPACE");
    } else if (c instanceof AuthenticatedCommand.Compress z) {
      w.raw("COMPRESS ").atom(z.mechanism()); // RFC 4978 §5
    } else if (c instanceof AuthenticatedCommand.Status s) {
      w.raw("STATUS ").mailbox(s.mailbox()).sp();
      statusItems(w, s.items());
    } else {
      w.raw("IDLE");
    }
  }

  private static void list(ImapWriter w, AuthenticatedCommand.ListMailboxes l) {
    w.raw("LIST ");
    if (!l.selection().isEmpty() || (l.extended() && l.patterns().size() == 1 && l.returns().isEmpty())) {
      w.raw("(");
      int i = 0;
      for (ListSelectOption o : ListSelectOption.values()) {
        if (l.selection().contains(o)) {
          w.raw(i++ > 0 ? " " : "").raw(o.keyword());
        }
      }
      w.raw(") ");
    }
    w.mailbox(l.reference()).sp();
    if (l.patterns().size() > 1) {
      w.list(l.patterns(), ImapWriter::listMailbox);
    } else {
      w.listMailbox(l.patterns().get(0));
    }
    if (!l.returns().isEmpty()) {
      w.raw(" RETURN (");
      int i = 0;
      for (ListReturnOption o : ListReturnOption.values()) {
        if (l.returns().contains(o)) {
          w.raw(i++ > 0 ? " " : "").raw(o.keyword());
          if (o == ListReturnOption.STATUS) {
            w.sp();
            statusItems(w, l.statusItems());
          }
        }
      }
      w.raw(")");
    }
  }

  /** RFC 7162 §3.1.8, §3.2.5: {@code (CONDSTORE)}, {@code (QRESYNC (uidvalidity modseq [known-uids] [seq-match]))}. */
  private static void selectParameters(ImapWriter w, AuthenticatedCommand.Select s) {
    if (!s.condstore() && s.qresync().isEmpty()) {
      return;
    }
    w.raw(" (").raw(s.condstore() ? "CONDSTORE" : "");
    s.qresync().ifPresent(q -> {
      w.raw(s.condstore() ? " " : "").raw("QRESYNC (").number(q.uidValidity()).sp().number(q.modSeq());
      q.knownUids().ifPresent(k -> w.sp().sequenceSet(k));
      if (q.knownSequenceSet().isPresent()) {
        w.raw(" (").sequenceSet(q.knownSequenceSet().get()).sp().sequenceSet(q.knownUidSet().get()).raw(")");
      }
      w.raw(")");
    });
    w.raw(")");
  }

  private static void statusItems(ImapWriter w, List<StatusItem> items) {
    w.list(items, (x, i) -> x.raw(i.name()));
  }

  // ---- APPEND ----

  /**
   * Writes an APPEND command up to its first message's literal header (RFC 9051 §6.3.12): then write the message's
   * {@code size} octets (after {@code +} when {@link Encoded#awaitsContinuation()}), and continue with
   * {@link #appendNext} or {@link #appendEnd()}.
   *
   * @param tag          the tag
   * @param mailbox      the destination
   * @param flags        the flags to set, possibly none
   * @param internalDate the internal date to set, if any
   * @param size         the message's size in octets
   * @param binary       whether to send it as a literal8 (RFC 3516 §4.4: NUL or binary content, needs BINARY)
   * @return the segments
   */
  public Encoded append(String tag, String mailbox, List<Flag> flags, Optional<OffsetDateTime> internalDate,
                        long size, boolean binary) {
    ImapWriter w = new ImapWriter(literals, utf8);
    w.raw(Checks.tag(tag)).raw(" APPEND ").mailbox(mailbox);
    appendMessageHeader(w, flags, internalDate, size, binary);
    return done(w);
  }

  /**
   * Writes the next message of a MULTIAPPEND (RFC 3502 §6.3.11): its flags, date and literal header.
   *
   * @param flags        the flags to set, possibly none
   * @param internalDate the internal date to set, if any
   * @param size         the message's size in octets
   * @param binary       whether to send it as a literal8
   * @return the segments
   */
  public Encoded appendNext(List<Flag> flags, Optional<OffsetDateTime> internalDate, long size, boolean binary) {
    ImapWriter w = new ImapWriter(literals, utf8);
    appendMessageHeader(w, flags, internalDate, size, binary);
    return done(w);
  }

  private static void appendMessageHeader(ImapWriter w, List<Flag> flags, Optional<OffsetDateTime> date, long size,
                                          boolean binary) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
    w.sp();
    if (!flags.isEmpty()) {
      w.flagList(flags).sp();
    }
    if (date.isPresent()) {
      w.raw("\"" + DateText.dateTime(date.get()) + "\" ");
    }
    w.literalHeader(size, binary);
  }

  /** {@return the CRLF that ends an APPEND after its last message} */
  public byte[] appendEnd() {
    return new byte[] {'\r', '\n'};
  }

  // ---- continuation lines (AUTHENTICATE's come from the sasl module's SaslClientExchange.respond) ----

  /** {@return {@code DONE} and CRLF, which ends IDLE (RFC 9051 §6.3.13)} */
  public byte[] idleDone() {
    return "DONE\r\n".getBytes(StandardCharsets.US_ASCII);
  }
}
