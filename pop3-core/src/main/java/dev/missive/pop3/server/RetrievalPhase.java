package dev.missive.pop3.server;

import dev.missive.pop3.MaildropEntry;
import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.server.internal.CommandLine;
import dev.missive.pop3.server.internal.ContentStream;
import dev.missive.pop3.server.internal.MessageTable;
import dev.missive.pop3.server.internal.ReplyWriter;
import dev.missive.pop3.server.internal.TransactionCommands;
import dev.missive.pop3.server.internal.Verb;
import java.util.List;

/**
 * The TRANSACTION state over the maildrop listing the host gave when it opened the maildrop: STAT, LIST, UIDL,
 * DELE, NOOP, RSET answered from the {@link MessageTable} (RFC 1939 §5, §7), RETR and TOP turned into a
 * {@link Pending.Retrieve} whose content the host streams, and QUIT into the UPDATE state's {@link Pending.Update}
 * (§6). Message numbers that are missing, deleted or malformed get {@code -ERR} (docs/security.md, "Bad message
 * numbers").
 */
final class RetrievalPhase {

  private static final Step DONE = new Step.Done();

  private final MessageTable messages;
  private final TransactionCommands commands;

  private RetrievalPhase(MessageTable messages, ReplyWriter replies) {
    this.messages = messages;
    this.commands = new TransactionCommands(messages, replies);
  }

  /**
   * The phase over the host's listing; message {@code i + 1} is {@code listing.get(i)}.
   *
   * @param listing the messages, in message-number order
   * @param replies where the commands' replies go
   */
  static RetrievalPhase over(List<MaildropEntry> listing, ReplyWriter replies) {
    return new RetrievalPhase(new MessageTable(listing), replies);
  }

  /**
   * The {@code +OK} that enters TRANSACTION, as in RFC 1939's examples ({@code mrose's maildrop has 2 messages
   * (320 octets)}). The owner's name came from the peer (a SASL authorization id may hold any character): it is
   * echoed only if it is 1–64 characters without controls, and ASCII unless UTF-8 mode is on.
   *
   * @param owner the maildrop's owner
   * @param utf8  whether UTF-8 mode is on
   */
  Pop3Response opened(String owner, boolean utf8) {
    boolean safe = !owner.isEmpty() && owner.length() <= 64;
    for (int i = 0; i < owner.length() && safe; i++) {
      char c = owner.charAt(i);
      safe = !(c < 0x20 || c == 0x7F || (c > 0x7F && !utf8) || Character.isISOControl(c) || c == '\u2028'
          || c == '\u2029');
    }
    return Pop3Response.ok((safe ? owner + "'s maildrop" : "maildrop") + " has " + commands.summary());
  }

  /**
   * Handles a TRANSACTION command other than CAPA, LANG and QUIT.
   *
   * @param verb the command
   * @param cmd  the parsed line
   */
  Step command(Verb verb, CommandLine cmd) {
    TransactionCommands.Result r = commands.handle(verb, cmd);
    if (r instanceof TransactionCommands.Result.Bad bad) {
      return new Step.Bad(bad.response(), bad.description());
    }
    if (r instanceof TransactionCommands.Result.Retrieve get) {
      return new Step.Ask(new Pending.Retrieve(new Pop3ServerEvent.RetrieveRequested(get.messageNumber(),
          get.size(), get.bodyLines()), new ContentStream(get.bodyLines()), false));
    }
    return DONE;
  }

  /** {@return QUIT: the UPDATE state asks the host to remove the messages marked as deleted (RFC 1939 §6)} */
  Pending.Update quit() {
    return new Pending.Update(new Pop3ServerEvent.UpdateRequested(messages.deletedNumbers()));
  }

  /**
   * The sign-off after a committed UPDATE (RFC 1939 §6).
   *
   * @param hostname the server's name
   */
  Pop3Response signOff(String hostname) {
    int left = messages.count();
    return Pop3Response.ok(hostname + " POP3 server signing off ("
        + (left == 0 ? "maildrop empty" : TransactionCommands.plural(left, "message") + " left") + ")");
  }
}
