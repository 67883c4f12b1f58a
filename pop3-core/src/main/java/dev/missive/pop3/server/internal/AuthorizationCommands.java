package dev.missive.pop3.server.internal;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.internal.ApopDigest;
import java.nio.ByteBuffer;

/**
 * Checks the commands of the AUTHORIZATION state and says what each asks for: USER and PASS (RFC 1939 §7, PASS
 * only right after a successful USER), APOP (§7), AUTH (RFC 5034 §4), STLS (RFC 2595 §4) and UTF8 (RFC 6856 §2),
 * with the plaintext-login policy of docs/security.md, "Logins before TLS" ({@code -ERR [AUTH]} before TLS). The
 * engine performs
 * the effects. Results that carry secrets never show them in {@code toString()}.
 */
public final class AuthorizationCommands {

  /** What a command asks for. */
  public sealed interface Result {
    /** A refused or malformed command: the engine counts it and answers {@code response}. */
    record Bad(Pop3Response response, String description) implements Result {
    }

    /** USER: remember the name for the next PASS. */
    record User(String name) implements Result {
    }

    /** PASS after USER: check the password (octets as sent). */
    record Pass(String user, byte[] password) implements Result {
      @Override
      public String toString() {
        return "Pass[user=" + user + ", password=***]";
      }
    }

    /** APOP: look up the secret and compare the digest. */
    record Apop(String user, String digest) implements Result {
      @Override
      public String toString() {
        return "Apop[user=" + user + ", digest=***]";
      }
    }

    /** AUTH with a mechanism and the initial response as sent, or null. */
    record Auth(String mechanism, String initialResponse) implements Result {
      @Override
      public String toString() {
        return "Auth[" + mechanism + "]";
      }
    }

    /** AUTH without arguments: list the mechanisms. */
    record ListMechanisms() implements Result {
    }

    /** STLS: answer {@code +OK} and wait for TLS. */
    record StartTls() implements Result {
    }

    /** UTF8: enable UTF-8 mode. */
    record EnableUtf8() implements Result {
    }
  }

  private final boolean apop;
  private final boolean stlsAvailable;
  private final boolean utf8Offered;

  /** Checks for a server that offers APOP, STLS and UTF8 as given. */
  public AuthorizationCommands(boolean apop, boolean stlsAvailable, boolean utf8Offered) {
    this.apop = apop;
    this.stlsAvailable = stlsAvailable;
    this.utf8Offered = utf8Offered;
  }

  /**
   * Checks one command.
   *
   * @param afterUser        the name of the immediately preceding successful USER, or null
   * @param plaintextAllowed whether plaintext logins are allowed now
   * @param tlsActive        whether TLS is in place
   */
  public Result handle(Verb verb, CommandLine cmd, String afterUser, boolean plaintextAllowed, boolean tlsActive) {
    String[] a = cmd.args();
    switch (verb) {
      case USER:
        if (!plaintextAllowed) {
          return plaintextRefused();
        }
        return a.length == 1 && !a[0].isEmpty() ? new Result.User(a[0]) : bad("usage: USER name", "USER syntax");
      case PASS:
        return pass(cmd.rawArgs(), afterUser, plaintextAllowed);
      case APOP:
        if (!apop) {
          return bad("APOP is not available", "APOP while disabled");
        }
        if (!plaintextAllowed) {
          return plaintextRefused();
        }
        return a.length == 2 && !a[0].isEmpty() && ApopDigest.isWellFormed(a[1])
            ? new Result.Apop(a[0], a[1]) : bad("usage: APOP name digest", "APOP syntax");
      case AUTH:
        if (a.length == 0) {
          return new Result.ListMechanisms();
        }
        return a.length <= 2 && !a[0].isEmpty() ? new Result.Auth(a[0], a.length == 2 ? a[1] : null)
            : bad("usage: AUTH mechanism [initial-response]", "AUTH syntax");
      case STLS:
        if (a.length > 0) {
          return bad("no arguments expected", "STLS with arguments");
        }
        if (tlsActive) {
          return bad("TLS is already active", "STLS under TLS");
        }
        return stlsAvailable ? new Result.StartTls() : bad("STLS is not available", "STLS while unavailable");
      case UTF8:
        if (!utf8Offered) {
          return bad("unknown command", "UTF8 while not offered");
        }
        return a.length == 0 ? new Result.EnableUtf8() : bad("no arguments expected", "UTF8 with arguments");
      default:
        throw new IllegalStateException("not an AUTHORIZATION command: " + verb);
    }
  }

  private static Result pass(ByteBuffer rawArgs, String afterUser, boolean plaintextAllowed) {
    if (!plaintextAllowed) {
      return plaintextRefused();
    }
    if (afterUser == null) {
      return bad("USER first", "PASS without USER");
    }
    ByteBuffer raw = rawArgs.duplicate();
    if (!raw.hasRemaining()) {
      return bad("usage: PASS password", "PASS syntax");
    }
    byte[] octets = new byte[raw.remaining()];
    raw.get(octets);
    return new Result.Pass(afterUser, octets);
  }

  private static Result plaintextRefused() {
    return new Result.Bad(Pop3Response.err(ResponseCode.AUTH, "plaintext login refused; use STLS first"),
        "plaintext login before TLS");
  }

  private static Result bad(String text, String description) {
    return new Result.Bad(Pop3Response.err(text), description);
  }
}
