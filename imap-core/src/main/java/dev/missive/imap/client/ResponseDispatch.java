package dev.missive.imap.client;

import dev.missive.imap.ResponseStatus;
import dev.missive.imap.client.internal.ClientCommand;
import dev.missive.imap.client.internal.ClientCommand.Kind;
import dev.missive.imap.client.internal.CommandFlow;
import dev.missive.imap.protocol.ResponseDecoder;
import dev.missive.imap.protocol.ResponseInput;
import dev.missive.imap.response.Response;
import dev.missive.imap.response.UntaggedResponse;
import dev.missive.wire.ProtocolEngine.Status;
import java.nio.ByteBuffer;

/**
 * The receiving side of an {@link ImapClient}: reads the server's responses with the shared, bounded
 * {@link ResponseDecoder} and sends each where it belongs — the greeting and the opening's answers to the
 * {@link SessionOpening}, continuation requests to the command that asked for one (AUTHENTICATE's challenges,
 * IDLE, a synchronizing literal, RFC 9051 §7.5), tagged responses to their command's {@link CommandResult}
 * (RFC 9051 §7.1), untagged ones to the {@link UntaggedRouter}, FETCH sections to the host as chunks. What a
 * response changes is applied by the {@link ImapClientCore}; a continuation's next segment is written by the
 * {@link CommandSender}.
 */
final class ResponseDispatch {

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final ImapClientCore core;
  private final ResponseDecoder decoder;
  private final CommandFlow flow;
  private final UntaggedRouter router;

  ResponseDispatch(ImapClientCore core, ResponseDecoder decoder, CommandFlow flow, String sessionId) {
    this.core = core;
    this.decoder = decoder;
    this.flow = flow;
    this.router = new UntaggedRouter(new Router(), flow, sessionId);
  }

  /**
   * Consumes the server's bytes up to the first response that queues an event; any byte after the tagged OK to
   * STARTTLS ends the session (RFC 9051 §11.1, docs/security.md "Replies injected before the client's handshake").
   */
  void receive(ByteBuffer in) {
    if (core.closed()) {
      throw new IllegalStateException("receive after the IMAP client closed");
    }
    if (core.pause().isPaused()) {
      if (core.pause().injected(in)) {
        core.abort("the server sent data after OK to STARTTLS (RFC 9051 §11.1)");
      }
      return;
    }
    if (core.status() != Status.NEEDS_INPUT || !in.hasRemaining()) {
      return;
    }
    core.arm();                                       // the server is alive: any byte restarts the timer
    while (in.hasRemaining() && core.status() == Status.NEEDS_INPUT) {
      ResponseInput unit = decoder.next(in);
      if (unit instanceof ResponseInput.NeedInput) {
        break;
      }
      handle(unit);
    }
    // what is complete without another byte (a section's end, the rest of a line already read) comes out now, so
    // the host sees progress whenever bytes were consumed (docs/architecture.md, "Chunking independence")
    while (!core.closed() && !core.pause().isPaused()) {
      ResponseInput unit = decoder.next(EMPTY);
      if (unit instanceof ResponseInput.NeedInput) {
        break;
      }
      handle(unit);
    }
    if (core.pause().isPaused() && (core.pause().injected(in) || decoder.inResponse())) {
      core.abort("the server sent data after OK to STARTTLS (RFC 9051 §11.1)");
    }
  }

  private void handle(ResponseInput unit) {
    if (unit instanceof ResponseInput.Malformed m) {
      core.abort("a malformed response from the server: " + m.text());
    } else if (unit instanceof ResponseInput.SectionBegin b) {
      core.event(new ImapClientEvent.SectionStart(b.seq(), b.content(), b.literal8(), b.earlier()));
    } else if (unit instanceof ResponseInput.SectionData d) {
      core.event(new ImapClientEvent.SectionChunk(d.bytes()));
    } else if (unit instanceof ResponseInput.SectionEnd) {
      core.event(new ImapClientEvent.SectionEnd());
    } else {
      response(((ResponseInput.Received) unit).response());
    }
  }

  private void response(Response r) {
    if (core.state() == ImapClientState.GREETING) {
      core.opening().greeting(r);
    } else if (r instanceof Response.Continuation c) {
      continuation(c.text());
    } else if (r instanceof Response.Tagged t) {
      tagged(t);
    } else {
      router.route((UntaggedResponse) r);
    }
  }

  private void continuation(String text) {
    ClientCommand c = flow.continuable();
    if (c == null) {
      core.abort("a continuation request no command asked for");
    } else if (c.kind() == Kind.AUTHENTICATE && core.opening().continuation(text)) {
      return;
    } else if (c.kind() == Kind.IDLE && core.sender().idling() == null && !c.awaitsContinuation()) {
      core.idleStarted(c.tag());
    } else if (c.takeContentContinuation()) {
      core.sender().appendReady(c);
    } else if (c.awaitsContinuation()) {
      core.sender().writeSegment(c);
    } else {
      core.abort("a continuation request no command asked for");
    }
  }

  private void tagged(Response.Tagged t) {
    ClientCommand c = flow.complete(t.tag());
    if (c == null) {
      core.abort("a tagged response to no command: " + t.tag());
      return;
    }
    core.answered(c);
    ClientMailbox m = core.mailbox();
    if (m != null) { // RFC 7162 §3.2.7, §6: a completion's HIGHESTMODSEQ, else the highest MODSEQ seen since the last
      t.code().ifPresent(code -> UntaggedRouter.mailboxCode(m, code));
      m.taggedResponse();
    }
    if (c.opening()) {
      core.opening().completed(t);
    } else {
      completed(c, t);
    }
    core.sender().pump();
  }

  private void completed(ClientCommand c, Response.Tagged t) {
    CommandResult result = Results.of(c, t, core.selecting(), core.opening().capabilities());
    if (c.kind() == Kind.ENABLE) {
      core.enabledNow();
    } else if (c.kind() == Kind.SELECT) {
      core.selectAnswered(t.status() == ResponseStatus.OK);
    } else if (c.kind() == Kind.CLOSE && t.status() == ResponseStatus.OK) {
      core.deselected();
    }
    core.event(new ImapClientEvent.Completed(c.tag(), result));
    if (c.kind() == Kind.LOGOUT) {
      core.loggedOut();
    }
  }

  /** What the untagged responses' router needs from the engine. */
  private final class Router implements UntaggedRouter.Port {

    @Override
    public void event(ImapClientEvent event) {
      core.event(event);
    }

    @Override
    public void abort(String reason) {
      core.abort(reason);
    }

    @Override
    public ClientMailbox mailbox() {
      return core.routedMailbox();
    }

    @Override
    public SessionOpening opening() {
      return core.opening();
    }

    @Override
    public boolean gather(ClientCommand c) {
      int max = core.config().maxCollected();
      if (c.collect() > max) {
        core.abort("more than " + max + " untagged responses for " + c);
        return false;
      }
      return true;
    }
  }
}
