package dev.missive.pop3.client.internal;

import java.util.Objects;

/**
 * One command line the client engine sends, with what its answer looks like (RFC 1939 §3: single-line or
 * multi-line; RFC 2449 §5 for CAPA, RFC 2595 §4 for STLS, RFC 5034 §4 for AUTH and its responses).
 *
 * @param kind          the command
 * @param line          the line without CRLF (already checked for CR, LF and NUL)
 * @param messageNumber the message argument, or 0 for none
 */
public record ClientCommand(Kind kind, String line, int messageNumber) {

  /** The commands, with whether a positive answer is multi-line and whether the line carries a secret. */
  public enum Kind {
    /** Not a command: the greeting the engine waits for first. */
    GREETING(false, false),
    CAPA(true, false),
    STLS(false, false),
    /** RFC 6856 §3: switch the session to UTF-8 before the login. */
    UTF8(false, false),
    USER(false, false),
    PASS(false, true),
    APOP(false, true),
    AUTH(false, true),
    /** A base64 response (or {@code *}) within an AUTH exchange. */
    SASL_RESPONSE(false, true),
    STAT(false, false),
    /** LIST without argument (multi-line). */
    LIST_ALL(true, false),
    /** {@code LIST n} (single line). */
    LIST(false, false),
    /** UIDL without argument (multi-line). */
    UIDL_ALL(true, false),
    /** {@code UIDL n} (single line). */
    UIDL(false, false),
    RETR(true, false),
    TOP(true, false),
    DELE(false, false),
    RSET(false, false),
    NOOP(false, false),
    QUIT(false, false);

    private final boolean multiLine;
    private final boolean secret;

    Kind(boolean multiLine, boolean secret) {
      this.multiLine = multiLine;
      this.secret = secret;
    }

    /** Whether a {@code +OK} answer continues with lines up to a lone {@code .} (RFC 1939 §3). */
    public boolean multiLine() {
      return multiLine;
    }

    /** Whether the answer may be a {@code +} challenge of an AUTH exchange (RFC 5034 §4). */
    public boolean sasl() {
      return this == AUTH || this == SASL_RESPONSE;
    }
  }

  /** The greeting pseudo-command. */
  public static final ClientCommand GREETING = new ClientCommand(Kind.GREETING, "", 0);

  /** Checks the line: no CR, LF or NUL (compared as chars, never narrowed). */
  public ClientCommand {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(line, "line");
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("a command line must not hold CR, LF or NUL");
      }
    }
  }

  /** A command without message argument. */
  public static ClientCommand of(Kind kind, String line) {
    return new ClientCommand(kind, line, 0);
  }

  /** A command whose first argument is a message number (RFC 1939 §5: 1 or more). */
  public static ClientCommand message(Kind kind, String verb, int messageNumber, String more) {
    if (messageNumber < 1) {
      throw new IllegalArgumentException("message numbers start at 1 (RFC 1939 §5): " + messageNumber);
    }
    return new ClientCommand(kind, verb + " " + messageNumber + more, messageNumber);
  }

  /** The line as logs and events may show it: the arguments of secret-bearing lines masked (docs/architecture.md,
   * "Secrets"). */
  public String display() {
    if (!kind.secret) {
      return line;
    }
    if (kind == Kind.AUTH) {
      int second = line.indexOf(' ', 5);
      return second < 0 ? line : line.substring(0, second) + " ***";
    }
    if (kind == Kind.APOP) {
      int last = line.lastIndexOf(' ');
      return line.substring(0, last) + " ***";
    }
    return kind == Kind.PASS ? "PASS ***" : "***";
  }

  @Override
  public String toString() {
    return display();
  }
}
