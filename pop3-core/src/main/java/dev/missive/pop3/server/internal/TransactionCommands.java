package dev.missive.pop3.server.internal;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of the TRANSACTION state over the session's {@link MessageTable}: STAT, LIST, UIDL, DELE, NOOP,
 * RSET, and the argument checks of RETR and TOP (RFC 1939 §5 and §7). Message numbers that are missing, deleted,
 * zero, negative, too large or not numbers get {@code -ERR} (docs/security.md, "Bad message numbers"); unique ids
 * that the storage
 * gave invalid are never written (docs/security.md, "Unique ids from storage").
 */
public final class TransactionCommands {

  /** What the engine does after a command. */
  public sealed interface Result {
    /** The reply was written. */
    record Done() implements Result {
    }

    /** A malformed command: the engine counts it and answers {@code response}. */
    record Bad(Pop3Response response, String description) implements Result {
    }

    /** RETR ({@code bodyLines < 0}) or TOP of an existing message: the engine asks the host for it. */
    record Retrieve(int messageNumber, long size, long bodyLines) implements Result {
    }
  }

  private static final Result DONE = new Result.Done();

  private final MessageTable messages;
  private final ReplyWriter out;

  /** Commands over {@code messages}, answering through {@code out}. */
  public TransactionCommands(MessageTable messages, ReplyWriter out) {
    this.messages = messages;
    this.out = out;
  }

  /** {@code 2 messages (320 octets)}, as in RFC 1939's examples. */
  public String summary() {
    return plural(messages.count(), "message") + " (" + messages.octets() + " octets)";
  }

  /** {@code 1 message}, {@code 2 messages}. */
  public static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Handles a TRANSACTION command other than CAPA and QUIT. */
  public Result handle(Verb verb, CommandLine cmd) {
    String[] a = cmd.args();
    switch (verb) {
      case STAT:
        return a.length > 0 ? extra(verb) : done(Pop3Response.ok(messages.count() + " " + messages.octets()));
      case NOOP:
        return a.length > 0 ? extra(verb) : done(Pop3Response.ok(""));
      case RSET:
        if (a.length > 0) {
          return extra(verb);
        }
        messages.reset();
        return done(Pop3Response.ok("maildrop has " + summary()));
      case LIST:
      case UIDL:
        return a.length == 0 ? listAll(verb) : listOne(verb, a);
      case DELE: {
        Object n = messageArgument(a, 1);
        if (n instanceof Integer i) {
          messages.delete(i);
          return done(Pop3Response.ok("message " + i + " deleted"));
        }
        return (Result) n;
      }
      case RETR: {
        Object n = messageArgument(a, 1);
        return n instanceof Integer i ? new Result.Retrieve(i, messages.size(i), -1) : (Result) n;
      }
      case TOP: {
        long lines = a.length == 2 ? CommandLine.decimal(a[1], 18) : -1;
        if (a.length != 2 || lines < 0) {
          return new Result.Bad(Pop3Response.err("usage: TOP msg n"), "TOP syntax");
        }
        Object n = messageArgument(a, 2);
        return n instanceof Integer i ? new Result.Retrieve(i, messages.size(i), lines) : (Result) n;
      }
      default:
        throw new IllegalStateException("not a transaction command: " + verb);
    }
  }

  private Result done(Pop3Response response) {
    out.reply(response);
    return DONE;
  }

  private static Result extra(Verb verb) {
    return new Result.Bad(Pop3Response.err("no arguments expected"), verb + " with arguments");
  }

  /**
   * The message number in {@code a[0]} as an {@link Integer} if it names an existing, undeleted message and
   * {@code a} has {@code count} arguments; otherwise the {@link Result} that answers it.
   */
  private Object messageArgument(String[] a, int count) {
    if (a.length != count) {
      return new Result.Bad(Pop3Response.err("a message number is required"), "missing or extra arguments");
    }
    int n = CommandLine.messageNumber(a[0]);
    if (n == 0 && CommandLine.decimal(a[0], 18) < 0) {
      return new Result.Bad(Pop3Response.err("not a message number"), "malformed message number");
    }
    if (messages.isDeleted(n)) {
      return done(Pop3Response.err("message " + n + " already deleted"));
    }
    if (!messages.exists(n)) {
      return done(Pop3Response.err("no such message, only " + plural(messages.highest(), "message")
          + " in maildrop"));
    }
    return n;
  }

  private Result listAll(Verb verb) {
    if (verb == Verb.UIDL && !messages.allUniqueIdsValid()) {
      return done(Pop3Response.err(ResponseCode.SYS_PERM, "unique ids are not available"));
    }
    List<String> lines = new ArrayList<>(messages.count());
    for (int n = 1; n <= messages.highest(); n++) {
      if (messages.exists(n)) {
        lines.add(n + " " + (verb == Verb.LIST ? Long.toString(messages.size(n)) : messages.uniqueId(n)));
      }
    }
    out.multiLine(verb == Verb.LIST ? Pop3Response.ok(summary()) : Pop3Response.ok(""), lines);
    return DONE;
  }

  private Result listOne(Verb verb, String[] a) {
    Object m = messageArgument(a, 1);
    if (!(m instanceof Integer n)) {
      return (Result) m;
    }
    if (verb == Verb.LIST) {
      return done(Pop3Response.ok(n + " " + messages.size(n)));
    }
    String id = messages.uniqueId(n);
    return id == null
        ? done(Pop3Response.err(ResponseCode.SYS_PERM, "unique id of message " + n + " is not available"))
        : done(Pop3Response.ok(n + " " + id));
  }
}
