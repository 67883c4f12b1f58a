package dev.missive.imap.server;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.command.NotAuthenticatedCommand;
import dev.missive.imap.command.SelectedCommand;
import dev.missive.imap.mailbox.UpdatePolicy;
import dev.missive.imap.protocol.CommandInput;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.sasl.SaslFailure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands of the any and authenticated states and everything around them (RFC 9051 §6.1, §6.3): what each
 * decoded unit does to an {@link ImapServer}'s {@link ServerSession}, and how commands complete. The
 * not-authenticated state's commands and the login paths are {@link Logins}, the selected state's commands
 * {@link SelectedCommands}.
 */
final class Commands {

  private final ServerSession s;
  private final SelectedCommands selectedCommands;
  /** The not-authenticated state's commands and the outcomes of a login. */
  final Logins logins;

  Commands(ServerSession server) {
    this.s = server;
    this.selectedCommands = new SelectedCommands(server, this);
    this.logins = new Logins(server, this);
  }

  void handle(CommandInput unit, ByteBuffer in) {
    if (unit instanceof CommandInput.Received r) {
      command(r.command());
    } else if (unit instanceof CommandInput.ContinuationNeeded) {
      // the literal is within the limits (RFC 9051 §7.6); the client waits for this before it sends the octets
      s.enc.write(new Response.Continuation("Ready for literal data"));
      s.guard.syncMark("continuation request", in.hasRemaining());
      s.stopInput = true;
    } else if (unit instanceof CommandInput.Refused r) {
      refused(r);
    } else if (unit instanceof CommandInput.AppendMessage a) {
      appendMessage(a, in.hasRemaining());
    } else if (unit instanceof CommandInput.AppendData d) {
      s.events.add(new ImapServerEvent.AppendData(d.bytes()));
    } else if (unit instanceof CommandInput.AppendMessageEnd e) {
      s.events.add(new ImapServerEvent.AppendMessageEnd(e.index()));
    } else if (unit instanceof CommandInput.AppendComplete c) {
      s.ask(new Pending(Pending.Kind.APPEND_COMMIT, new ImapServerEvent.AppendCompleted(c.tag(), c.mailbox(),
          c.count()), "APPEND", UpdatePolicy.ALL));
    } else if (unit instanceof CommandInput.Line l) {
      line(l);
    }
  }

  private void refused(CommandInput.Refused r) {
    if (r.status() == ResponseStatus.BAD && !s.countBad("refused: " + r.text())) {
      return;
    }
    String text = printable(r.text());
    if (r.tag().isPresent()) {
      s.enc.write(new Response.Tagged(r.tag().get(), r.status(), r.code(), text));
    } else {
      s.enc.write(new UntaggedResponse.Condition(ResponseStatus.BAD, r.code(), text)); // RFC 9051 §7.1.3
    }
  }

  /**
   * The decoder's explanation as a {@code resp-text} any session can carry (RFC 9051 §9: {@code text} is 7-bit until
   * UTF-8 is enabled): some cite RFC sections with a section sign, which the writer refuses in a 7-bit session.
   */
  static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u00A7') {
        b.append("section ");
      } else {
        b.append(c >= 0x20 && c < 0x7F ? c : '?');
      }
    }
    return b.length() > 0 && b.charAt(0) == '[' ? " " + b : b.toString();
  }

  private void appendMessage(CommandInput.AppendMessage a, boolean bytesWaiting) {
    if (s.state != ImapState.AUTHENTICATED && s.state != ImapState.SELECTED) {
      s.decoder.rejectAppend();
      bad(a.tag(), "APPEND is not valid in the not authenticated state");
      return;
    }
    s.ask(new Pending(Pending.Kind.APPEND_MESSAGE, new ImapServerEvent.AppendStarted(a.tag(), a.mailbox(),
        a.flags(), a.internalDate(), a.size(), a.binary(), a.index()), "APPEND", UpdatePolicy.ALL, false,
        bytesWaiting));
  }

  private void command(Command c) {
    String refused = s.condstore.admit(c, s.state, s.selected); // RFC 7162 §3.1
    if (refused != null) {
      bad(c.tag(), refused);
      return;
    }
    if (c instanceof AnyStateCommand any) {
      anyState(any);
    } else if (c instanceof NotAuthenticatedCommand n) {
      if (s.state != ImapState.NOT_AUTHENTICATED) {
        bad(c.tag(), "Already authenticated");
      } else {
        logins.command(n);
      }
    } else if (s.state == ImapState.NOT_AUTHENTICATED) {
      bad(c.tag(), "Command not valid in the not authenticated state; log in first");
    } else if (c instanceof AuthenticatedCommand a) {
      authenticated(a);
    } else if (s.state != ImapState.SELECTED) {
      bad(c.tag(), "No mailbox selected");
    } else {
      selectedCommands.command((SelectedCommand) c);
    }
  }

  // ---------------------------------------------------------------- any state

  private void anyState(AnyStateCommand c) {
    if (c instanceof AnyStateCommand.Capability) {
      s.enc.write(new UntaggedResponse.Capabilities(s.capabilityList()));
      ok(c.tag(), "CAPABILITY completed");
    } else if (c instanceof AnyStateCommand.Noop) {
      ok(c.tag(), "NOOP completed");
    } else if (c instanceof AnyStateCommand.Id) {
      s.enc.write(new UntaggedResponse.Id(s.config.serverId())); // RFC 2971 §3.2
      ok(c.tag(), "ID completed");
    } else {
      s.enc.write(new UntaggedResponse.Condition(ResponseStatus.BYE, Optional.empty(),
          (s.rev2 ? "IMAP4rev2" : "IMAP4rev1") + " server terminating connection"));
      s.enc.write(new Response.Tagged(c.tag(), ResponseStatus.OK, Optional.empty(), "LOGOUT completed"));
      s.close();
    }
  }

  // ---------------------------------------------------------------- continuation lines

  private void line(CommandInput.Line l) {
    if (s.authTag != null) {
      logins.saslStep(l.tooLong() ? s.sasl.abort(SaslFailure.RESPONSE_TOO_LONG) : s.sasl.respond(l.line()));
    } else if (s.idleTag != null) {
      String tag = s.idleTag;
      s.idleTag = null;
      s.events.add(new ImapServerEvent.IdleEnded(tag));
      String text = StandardCharsets.US_ASCII.decode(l.line().duplicate()).toString();
      if (text.equalsIgnoreCase("DONE")) {
        ok(tag, "IDLE terminated");
      } else {
        bad(tag, "Expected DONE to end IDLE"); // RFC 2177 §3
      }
    }
  }

  // ---------------------------------------------------------------- authenticated

  private void authenticated(AuthenticatedCommand c) {
    if (c instanceof AuthenticatedCommand.Enable e) {
      enable(e);
    } else if (c instanceof AuthenticatedCommand.Select sel) {
      if (s.selected != null) {
        deselect(true); // RFC 9051 §6.3.2: the mailbox selected before is closed first, and says so
      }
      s.ask(new Pending(Pending.Kind.SELECT, new ImapServerEvent.SelectRequested(sel.tag(), sel.mailbox(),
          sel.readOnly(), sel.qresync()), sel.readOnly() ? "EXAMINE" : "SELECT", UpdatePolicy.ALL));
    } else if (c instanceof AuthenticatedCommand.Namespace) {
      s.enc.write(new UntaggedResponse.Namespace(List.of(new UntaggedResponse.NamespaceDescription("",
          s.config.namespaceDelimiter(), java.util.Map.of())), List.of(), List.of())); // RFC 2342 §5
      ok(c.tag(), "NAMESPACE completed");
    } else if (c instanceof AuthenticatedCommand.Compress z) {
      s.compression.command(z);
    } else if (c instanceof AuthenticatedCommand.Idle) {
      s.idleTag = c.tag();
      s.enc.write(new Response.Continuation("idling"));
      s.decoder.expectLine();
      s.events.add(new ImapServerEvent.IdleStarted(c.tag()));
      announce(UpdatePolicy.ALL); // RFC 9051 §6.3.13: updates at once while idling
    } else {
      s.ask(new Pending(Pending.Kind.MAILBOX, new ImapServerEvent.MailboxCommand(c.tag(), c), verb(c),
          UpdatePolicy.ALL));
    }
  }

  private static String verb(AuthenticatedCommand c) {
    if (c instanceof AuthenticatedCommand.Subscribe sub) {
      return sub.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE";
    }
    if (c instanceof AuthenticatedCommand.ListMailboxes) {
      return "LIST";
    }
    return c.getClass().getSimpleName().toUpperCase(Locale.ROOT);
  }

  /** RFC 5161 §3.1 (authenticated state only), RFC 9051 Appendix A, RFC 6855 §3. */
  private void enable(AuthenticatedCommand.Enable e) {
    if (s.state != ImapState.AUTHENTICATED) {
      bad(e.tag(), "ENABLE is only valid in the authenticated state");
      return;
    }
    List<String> now = new ArrayList<>();
    for (String cap : e.capabilities()) {
      String upper = cap.toUpperCase(Locale.ROOT);
      if (upper.equals("IMAP4REV2") && !s.rev2 && Capabilities.offersRev2(s.config)) {
        s.rev2 = true;
        now.add("IMAP4rev2");
      } else if (upper.equals("UTF8=ACCEPT") && !s.utf8Accept) {
        s.utf8Accept = true;
        now.add("UTF8=ACCEPT");
      } else if (s.condstore.enable(upper) != null) { // RFC 7162 §3.1, §3.2.3
        now.add(upper);
      }
    }
    s.enc.setUtf8(s.isUtf8());
    s.decoder.setUtf8Names(s.isUtf8());
    s.enc.write(new UntaggedResponse.Enabled(now));
    if (!now.isEmpty()) {
      s.events.add(new ImapServerEvent.Enabled(List.copyOf(now)));
    }
    ok(e.tag(), now.isEmpty() ? "ENABLE completed" : "Some capabilities enabled");
  }

  void selected(ImapServerEvent.SelectRequested r, SelectedMailbox m) {
    boolean readOnly = r.readOnly() || m.readOnly();
    s.selected = new SelectedSession(r.mailbox(), readOnly, m.uids(), m.recent(), m.highestModSeq());
    s.state = ImapState.SELECTED;
    s.enc.write(new UntaggedResponse.Exists(m.uids().size()));
    s.enc.write(new UntaggedResponse.Flags(m.flags()));
    if (!s.rev2) {
      s.enc.write(new UntaggedResponse.Recent(m.recent())); // RFC 3501 §6.3.1; gone in RFC 9051
      if (m.firstUnseen() > 0) {
        condition(new ResponseCode.Unseen(m.firstUnseen()), "Message " + m.firstUnseen()
            + " is the first unseen message");
      }
    }
    condition(new ResponseCode.UidValidity(m.uidValidity()), "UIDs valid");
    condition(new ResponseCode.UidNext(m.uidNext()), "Predicted next UID");
    if (s.condstore.offered()) { // RFC 7162 §3.1.2.1, §3.1.2.2: with every successful SELECT and EXAMINE
      condition(m.highestModSeq() > 0 ? new ResponseCode.HighestModSeq(m.highestModSeq()) : ResponseCode.NOMODSEQ,
          m.highestModSeq() > 0 ? "Highest" : "Sorry, this mailbox format doesn't support modsequences");
    }
    condition(new ResponseCode.PermanentFlags(readOnly ? List.of() : m.permanentFlags()), "Limited");
    if (s.rev2) { // RFC 9051 §6.3.2: a LIST response with the mailbox's name
      s.enc.write(new UntaggedResponse.MailboxList(List.of(), s.config.namespaceDelimiter(), r.mailbox(), List.of(),
          Optional.empty(), false));
    }
    if (s.condstore.resynchronizes(r, m)) { // RFC 7162 §3.2.5.1: what changed comes before the completion
      s.pending = new Pending(Pending.Kind.RESYNC, r, r.readOnly() ? "EXAMINE" : "SELECT", UpdatePolicy.ALL);
      return;
    }
    s.enc.write(selectCompleted(r.tag(), readOnly, r.readOnly()));
  }

  private static Response.Tagged selectCompleted(String tag, boolean readOnly, boolean examine) {
    return new Response.Tagged(tag, ResponseStatus.OK, Optional.of(readOnly ? ResponseCode.READ_ONLY
        : ResponseCode.READ_WRITE), (examine ? "EXAMINE" : "SELECT") + " completed");
  }

  private void condition(ResponseCode code, String text) {
    s.enc.write(new UntaggedResponse.Condition(ResponseStatus.OK, Optional.of(code), text));
  }

  /** Leaves the selected state; {@code announce} writes {@code * OK [CLOSED]} (RFC 9051 §6.3.2, §7.1). */
  void deselect(boolean announce) {
    s.events.add(new ImapServerEvent.Deselected(s.selected.mailbox));
    s.selected = null;
    s.state = ImapState.AUTHENTICATED;
    if (announce) {
      condition(ResponseCode.CLOSED, "Previous mailbox is now closed");
    }
  }

  // ---------------------------------------------------------------- completions

  void completed(Pending p, Optional<ResponseCode> code, String text) {
    String done = text != null ? text : p.verb + " completed";
    switch (p.kind) {
      case CLOSE -> {
        deselect(false); // RFC 9051 §6.4.1: no untagged EXPUNGE for CLOSE
        tagged(new Response.Tagged(p.event.tag(), ResponseStatus.OK, code, done), p.policy);
      }
      case MOVE -> {
        code.ifPresent(c -> s.enc.write(new UntaggedResponse.Condition(ResponseStatus.OK, Optional.of(c),
            "Moved"))); // RFC 6851 §4.3
        tagged(new Response.Tagged(p.event.tag(), ResponseStatus.OK, Optional.empty(), done), p.policy);
      }
      case RESYNC -> tagged(selectCompleted(p.event.tag(), s.selected.readOnly,
          ((ImapServerEvent.SelectRequested) p.event).readOnly()), p.policy);
      case FETCH, STORE -> tagged(p.expungeIssued
          ? new Response.Tagged(p.event.tag(), ResponseStatus.NO, Optional.of(code.filter(
              c -> c instanceof ResponseCode.Modified).orElse(ResponseCode.EXPUNGEISSUED)),
              "Some of the requested messages no longer exist") // RFC 2180 §4.1.2, RFC 5530 §3, RFC 7162 §3.1.3
          : new Response.Tagged(p.event.tag(), ResponseStatus.OK, code, done), p.policy);
      default -> tagged(new Response.Tagged(p.event.tag(), ResponseStatus.OK, code, done), p.policy);
    }
  }

  /** Writes the updates {@code policy} allows, then the completion. */
  void tagged(Response.Tagged answer, UpdatePolicy policy) {
    announce(policy);
    s.enc.write(s.selected != null && s.condstore.enabled ? s.selected.completion(answer, s.enc) : answer);
  }

  void announce(UpdatePolicy policy) {
    if (s.selected != null) {
      s.selected.announce(policy, s.enc, !s.rev2, s.condstore);
    }
  }

  void announceIfIdle() {
    if (s.idleTag != null) {
      announce(UpdatePolicy.ALL);
    }
  }

  void ok(String tag, String text) {
    tagged(new Response.Tagged(tag, ResponseStatus.OK, Optional.empty(), text), UpdatePolicy.ALL);
  }

  void no(String tag, ResponseCode code, String text) {
    tagged(new Response.Tagged(tag, ResponseStatus.NO, Optional.ofNullable(code), text), UpdatePolicy.ALL);
  }

  void bad(String tag, String text) {
    if (s.countBad(text)) {
      s.enc.write(new Response.Tagged(tag, ResponseStatus.BAD, Optional.empty(), text));
    }
  }
}
