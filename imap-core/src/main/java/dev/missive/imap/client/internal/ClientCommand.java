package dev.missive.imap.client.internal;

import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.protocol.CommandEncoder;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Function;

/**
 * One command of the client engine on its way out and in flight: its tag, what it is, the octets still to write
 * (a command with synchronizing literals goes out in segments, each after the server's {@code +}, RFC 9051 §4.3),
 * and what untagged responses it gathered. It is encoded when it goes out, with the capabilities known then (which
 * literals the server takes). It never shows its octets (a LOGIN carries a password).
 */
public final class ClientCommand {

  private final String tag;
  private final Kind kind;
  private final Command command;
  private final Function<CommandEncoder, CommandEncoder.Encoded> encoding;
  private final boolean opening;
  private final long contentSize;
  private final Gathered gathered = new Gathered();
  private final ArrayDeque<byte[]> segments = new ArrayDeque<>();
  private boolean continuationBeforeContent;
  private int collected;
  private boolean written;

  /**
   * A command.
   *
   * @param tag      its tag
   * @param kind     what it is
   * @param command  the typed command, or null for APPEND
   * @param encoding how the encoder writes it
   * @param opening  whether the session opening sent it (CAPABILITY, STARTTLS, the login, ENABLE)
   * @param contentSize the octets of the literal the host streams (APPEND), else 0
   */
  public ClientCommand(String tag, Kind kind, Command command,
                       Function<CommandEncoder, CommandEncoder.Encoded> encoding, boolean opening, long contentSize) {
    this.tag = Objects.requireNonNull(tag, "tag");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.command = command;
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    this.opening = opening;
    this.contentSize = contentSize;
  }

  /**
   * A typed command.
   *
   * @param command the command
   * @param opening whether the session opening sent it
   * @return the client command
   */
  public static ClientCommand of(Command command, boolean opening) {
    return new ClientCommand(command.tag(), Kind.of(command), command, e -> e.encode(command), opening, 0);
  }

  /**
   * Encodes the command as it goes out: its segments, each after the first awaiting a continuation request.
   *
   * @param encoder the encoder for the server's capabilities
   */
  public void encode(CommandEncoder encoder) {
    CommandEncoder.Encoded e = encoding.apply(encoder);
    segments.addAll(e.segments());
    continuationBeforeContent = e.awaitsContinuation();
  }

  /** {@return the octets of the literal the host streams (APPEND), else 0} */
  public long contentSize() {
    return contentSize;
  }

  /** {@return whether the session opening sent it} */
  public boolean opening() {
    return opening;
  }

  /** {@return what the command gathered from untagged responses} */
  public Gathered gathered() {
    return gathered;
  }

  /** {@return the tag} */
  public String tag() {
    return tag;
  }

  /** {@return what the command is} */
  public Kind kind() {
    return kind;
  }

  /** {@return the typed command, or null for APPEND} */
  public Command command() {
    return command;
  }

  /** {@return whether it was written, at least its first segment} */
  public boolean written() {
    return written;
  }

  /**
   * Takes the next segment to write.
   *
   * @return the octets, or null when all were written
   */
  public byte[] nextSegment() {
    written = true;
    return segments.poll();
  }

  /** {@return whether segments remain, each awaiting the server's continuation request} */
  public boolean awaitsContinuation() {
    return !segments.isEmpty() || continuationBeforeContent;
  }

  /**
   * Takes the continuation request that lets the host's literal octets go (a synchronizing APPEND).
   *
   * @return whether the command waited for it
   */
  public boolean takeContentContinuation() {
    boolean was = segments.isEmpty() && continuationBeforeContent;
    continuationBeforeContent = false;
    return was;
  }

  /** {@return whether, once every segment is out, the host streams a literal's octets (APPEND)} */
  public boolean endsInHostContent() {
    return kind == Kind.APPEND;
  }

  /**
   * Counts one more untagged response collected for the command.
   *
   * @return the count so far
   */
  public int collect() {
    return ++collected;
  }

  /** What a command is, with what the pipelining rules of RFC 9051 §5.5 need to know about it. */
  public enum Kind {
    /** CAPABILITY. */
    CAPABILITY(Flow.FREE, "CAPABILITY"),
    /** NOOP. */
    NOOP(Flow.FREE, null),
    /** LOGOUT. */
    LOGOUT(Flow.BARRIER, null),
    /** ID (RFC 2971). */
    ID(Flow.FREE, "ID"),
    /** STARTTLS. */
    STARTTLS(Flow.BARRIER, null),
    /** LOGIN. */
    LOGIN(Flow.BARRIER, null),
    /** AUTHENTICATE. */
    AUTHENTICATE(Flow.BARRIER, null),
    /** ENABLE (RFC 5161). */
    ENABLE(Flow.BARRIER, null),
    /** SELECT or EXAMINE. */
    SELECT(Flow.BARRIER, null),
    /** CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE. */
    MAILBOX_CHANGE(Flow.FREE, null),
    /** LIST or LSUB. */
    LIST(Flow.FREE, "LIST"),
    /** NAMESPACE. */
    NAMESPACE(Flow.FREE, "NAMESPACE"),
    /** STATUS. */
    STATUS(Flow.FREE, "STATUS"),
    /** APPEND. */
    APPEND(Flow.BARRIER, null),
    /** IDLE. */
    IDLE(Flow.BARRIER, null),
    /** CLOSE or UNSELECT. */
    CLOSE(Flow.BARRIER, null),
    /** EXPUNGE or UID EXPUNGE. */
    EXPUNGE(Flow.BARRIER, null),
    /** SEARCH or UID SEARCH. */
    SEARCH(Flow.FREE, "SEARCH"),
    /** FETCH or UID FETCH. */
    FETCH(Flow.FREE, null),
    /** STORE or UID STORE. */
    STORE(Flow.FREE, null),
    /** COPY or UID COPY. */
    COPY(Flow.FREE, null),
    /** MOVE or UID MOVE (RFC 6851): EXPUNGEs come during it. */
    MOVE(Flow.BARRIER, null),
    /** CHECK. */
    CHECK(Flow.FREE, null);

    private final Flow flow;
    private final String collects;

    Kind(Flow flow, String collects) {
      this.flow = flow;
      this.collects = collects;
    }

    /** {@return whether nothing else may be in flight with it (state changes, literals, EXPUNGEs)} */
    public boolean barrier() {
      return flow == Flow.BARRIER;
    }

    /** {@return the untagged response it gathers, or null: two that gather the same are not pipelined} */
    public String collects() {
      return collects;
    }

    /**
     * What the typed command is.
     *
     * @param c the command
     * @return its kind
     */
    public static Kind of(Command c) {
      if (c instanceof AnyStateCommand a) {
        return a instanceof AnyStateCommand.Capability ? CAPABILITY : a instanceof AnyStateCommand.Noop ? NOOP
            : a instanceof AnyStateCommand.Logout ? LOGOUT : ID;
      }
      if (c instanceof NotAuthenticatedCommand n) {
        return n instanceof NotAuthenticatedCommand.StartTls ? STARTTLS
            : n instanceof NotAuthenticatedCommand.Login ? LOGIN : AUTHENTICATE;
      }
      if (c instanceof AuthenticatedCommand a) {
        return authenticated(a);
      }
      SelectedCommand s = (SelectedCommand) c;
      if (s instanceof SelectedCommand.Fetch) {
        return FETCH;
      }
      if (s instanceof SelectedCommand.Store) {
        return STORE;
      }
      if (s instanceof SelectedCommand.Search) {
        return SEARCH;
      }
      if (s instanceof SelectedCommand.Copy cp) {
        return cp.move() ? MOVE : COPY;
      }
      return s instanceof SelectedCommand.Expunge ? EXPUNGE : s instanceof SelectedCommand.Close ? CLOSE : CHECK;
    }

    private static Kind authenticated(AuthenticatedCommand a) {
      if (a instanceof AuthenticatedCommand.Select) {
        return SELECT;
      }
      if (a instanceof AuthenticatedCommand.ListMailboxes || a instanceof AuthenticatedCommand.Lsub) {
        return LIST;
      }
      if (a instanceof AuthenticatedCommand.Status) {
        return STATUS;
      }
      if (a instanceof AuthenticatedCommand.Namespace) {
        return NAMESPACE;
      }
      if (a instanceof AuthenticatedCommand.Enable) {
        return ENABLE;
      }
      return a instanceof AuthenticatedCommand.Idle ? IDLE : MAILBOX_CHANGE;
    }
  }

  private enum Flow { FREE, BARRIER }

  /** Shows the tag and the kind, never the octets. */
  @Override
  public String toString() {
    return tag + " " + kind;
  }
}
