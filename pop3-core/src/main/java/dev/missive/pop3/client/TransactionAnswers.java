package dev.missive.pop3.client;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.client.internal.ClientCommand;
import java.util.List;
import java.util.Optional;

/**
 * Turns the single-line answers to the TRANSACTION commands and QUIT into events (RFC 1939 §5–§7): STAT's drop
 * listing, {@code LIST n}'s scan listing, {@code UIDL n}'s unique-id listing, the {@code +OK} of DELE, RSET,
 * NOOP and QUIT, and every {@code -ERR} with its response code (RFC 2449 §8). A {@code +OK} whose listing is
 * malformed becomes a {@link Pop3ClientEvent.CommandFailed} naming the problem.
 */
final class TransactionAnswers {

  private TransactionAnswers() {
  }

  /**
   * The event for {@code response} to {@code command}, or null when the command is not a TRANSACTION command or
   * QUIT (the engine handles those itself).
   */
  public static Pop3ClientEvent event(ClientCommand command, Pop3Response response) {
    switch (command.kind()) {
      case STAT: case LIST: case UIDL: case LIST_ALL: case UIDL_ALL: case RETR: case TOP:
      case DELE: case RSET: case NOOP: case QUIT:
        break;
      default:
        return null;
    }
    if (!response.positive()) {
      return new Pop3ClientEvent.CommandFailed(command.line(), response.text(), response.responseCode());
    }
    switch (command.kind()) {
      case STAT:
        long[] drop = Listings.drop(response.text());
        return drop == null ? malformed(command, "drop listing")
            : new Pop3ClientEvent.StatResult((int) drop[0], drop[1]);
      case LIST:
        ScanListing scan = Listings.scan(response.text());
        return scan == null || scan.messageNumber() != command.messageNumber() ? malformed(command, "scan listing")
            : new Pop3ClientEvent.ListResult(List.of(scan));
      case UIDL:
        UniqueIdListing id = Listings.uniqueId(response.text());
        return id == null || id.messageNumber() != command.messageNumber() ? malformed(command, "unique-id listing")
            : new Pop3ClientEvent.UidlResult(List.of(id));
      default:
        return new Pop3ClientEvent.CommandCompleted(command.line(), response);
    }
  }

  private static Pop3ClientEvent malformed(ClientCommand command, String what) {
    return new Pop3ClientEvent.CommandFailed(command.line(), "malformed " + what + " in +OK answer",
        Optional.empty());
  }
}
