package dev.missive.pop3.pop2;

import dev.missive.pop3.Password;
import dev.missive.pop3.pop2.internal.CrlfContent;
import dev.missive.pop3.pop2.internal.Folder;
import dev.missive.pop3.pop2.internal.Pop2Command;

/**
 * What each POP2 command does in each state (RFC 937, "Server Decision Table"): HELO asks the host to log in, FOLD
 * and QUIT to release the open folder, READ and ACKS/ACKD/NACK answer {@code =ccc}, RETR asks for the message;
 * anything else, or a command out of its state, is a bad command.
 */
final class Pop2Commands {

  private final Pop2Session s;

  Pop2Commands(Pop2Session session) {
    this.s = session;
  }

  void handle(Pop2Command c) {
    if (c.error() != null) {
      s.bad("- " + c.error(), c.error());
      return;
    }
    Folder folder = s.folder();
    switch (c.verb()) {
      case HELO -> {
        if (s.inState(Pop2State.AUTH)) {
          s.ask(new PendingDecision.Login(new Pop2ServerEvent.LoginRequested(c.arguments().get(0),
              Password.of(c.arguments().get(1)))));
        }
      }
      case FOLD -> {
        if (s.inState(Pop2State.MBOX, Pop2State.ITEM)) {
          s.ask(new PendingDecision.Update(new Pop2ServerEvent.UpdateRequested(folder.deletedMessages(), false),
              c.arguments().get(0)));
        }
      }
      case READ -> {
        if (s.inState(Pop2State.MBOX, Pop2State.ITEM)) {
          if (c.number() >= 0) {
            folder.select(c.number());
          }
          length();
        }
      }
      case RETR -> {
        if (s.inState(Pop2State.ITEM)) {
          retrieve();
        }
      }
      case ACKS, ACKD, NACK -> {
        if (s.inState(Pop2State.NEXT)) {
          if (c.verb() == Pop2Command.Verb.ACKD) {
            folder.deleteCurrent();
          }
          if (c.verb() != Pop2Command.Verb.NACK) {
            folder.advance();
          }
          length();
        }
      }
      case QUIT -> {
        if (s.state() == Pop2State.AUTH) {
          s.reply("+ OK bye");
          s.close(false);
        } else if (s.inState(Pop2State.MBOX, Pop2State.ITEM)) {
          s.ask(new PendingDecision.Update(new Pop2ServerEvent.UpdateRequested(folder.deletedMessages(), true),
              null));
        }
      }
      default -> s.bad("- unknown command", "unknown command");
    }
  }

  /** {@code =ccc} for the current message, then ITEM (RFC 937, "Server Decision Table", actions 6 and 8). */
  private void length() {
    Folder folder = s.folder();
    long size = folder.currentSize();
    s.transition(Pop2State.ITEM);
    if (size > 0) {
      s.reply("=" + size + " characters in message " + folder.current());
    } else {
      s.reply(folder.inRange() ? "=0 message deleted" : folder.current() > folder.count() ? "=0 no more messages"
          : "=0 no such message");
    }
  }

  /** RETR: the data of an existing message, else the connection closes (RFC 937, "RETR"; action 7). */
  private void retrieve() {
    Folder folder = s.folder();
    long size = folder.currentSize();
    if (size == 0) {
      s.event(new Pop2ServerEvent.ProtocolViolation("RETR of a message of zero characters"));
      s.reply("- no message to send");
      s.close(false);
      return;
    }
    s.transition(Pop2State.NEXT);
    s.ask(new PendingDecision.Retrieve(new Pop2ServerEvent.RetrieveRequested((int) folder.current(), size),
        new CrlfContent(size)));
  }
}
