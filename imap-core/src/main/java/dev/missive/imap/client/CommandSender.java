package dev.missive.imap.client;

import dev.missive.imap.client.internal.ClientCommand;
import dev.missive.imap.client.internal.ClientCommand.Kind;
import dev.missive.imap.client.internal.CommandFlow;
import dev.missive.imap.command.AnyStateCommand;
import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.imap.command.Command;
import dev.missive.imap.protocol.CommandEncoder;
import dev.missive.imap.protocol.NonSynchronizingLiterals;
import dev.missive.wire.OutputQueue;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of an {@link ImapClient}: the host's commands queued in the {@link CommandFlow} and written once
 * the opening is done, pipelined where RFC 9051 §5.5 allows; a command's next segment after a continuation request
 * (synchronizing literals, RFC 9051 §4.3); APPEND's message streamed by the host within the output bound
 * (RFC 9051 §6.3.12); IDLE's DONE (§6.3.13). Literals follow the server's capabilities (LITERAL+ / LITERAL-,
 * RFC 7888), strings are UTF-8 once ENABLEd. The session's state is the {@link ImapClientCore}'s.
 */
final class CommandSender {

  private static final Logger LOG = LoggerFactory.getLogger(ImapClient.class);

  private final ImapClientCore core;
  private final int maxOutput;
  private final OutputQueue out;
  private final CommandFlow flow;
  private final String sessionId;
  private CommandEncoder encoder = new CommandEncoder(NonSynchronizingLiterals.REFUSED);
  private boolean utf8;
  private boolean logoutQueued;
  private String idling;
  private ClientCommand appending;
  private long appendRemaining;

  CommandSender(ImapClientCore core, int maxOutput, CommandFlow flow, String sessionId) {
    this.core = core;
    this.maxOutput = maxOutput;
    this.out = new OutputQueue(maxOutput);
    this.flow = flow;
    this.sessionId = sessionId;
  }

  OutputQueue out() {
    return out;
  }

  /** {@return the tag of the IDLE running, or null} */
  String idling() {
    return idling;
  }

  /** {@return whether an APPEND's message is the host's to stream now} */
  boolean awaitsContent() {
    return appending != null && !appending.awaitsContinuation();
  }

  String queue(Function<String, ClientCommand> make) {
    if (core.closed() || logoutQueued) {
      throw new IllegalStateException("the IMAP client is " + core.state()
          + (logoutQueued ? " with LOGOUT queued" : "") + ": no more commands");
    }
    ClientCommand c = make.apply(core.tag());
    if (c.kind() == Kind.LOGOUT) {
      logoutQueued = true;
    }
    flow.queue(c);
    pump();
    return c.tag();
  }

  /** Sends the host's commands the flow lets go (RFC 9051 §5.5), once the opening is done. */
  void pump() {
    if (!core.opening().done() || core.closed()) {
      return;
    }
    for (ClientCommand c; (c = flow.next()) != null; ) {
      start(c);
    }
  }

  /** Writes {@code command} now, ahead of the host's queue (the opening's commands, a LOGOUT ending the session). */
  void sendNow(Command command, boolean fromOpening) {
    ClientCommand c = ClientCommand.of(command, fromOpening);
    flow.sendNow(c);
    c.encode(encoder);
    LOG.debug("[{}] C: {}", sessionId, c);
    writeSegment(c);
    core.arm();
  }

  /** Nothing of the host's queue goes any more; the session ends with the LOGOUT sent now. */
  void logoutNow(String tag) {
    flow.drainWaiting();
    logoutQueued = true;
    sendNow(new AnyStateCommand.Logout(tag), false);
  }

  void writeSegment(ClientCommand c) {
    byte[] segment = c.nextSegment();
    if (segment != null) {
      out.write(segment);
    }
  }

  void appendReady(ClientCommand c) {
    appending = c;
    appendRemaining = c.contentSize();
    core.event(new ImapClientEvent.AppendReady(c.tag(), appendRemaining));
    if (appendRemaining == 0) {
      appendContent(ByteBuffer.allocate(0));
    }
  }

  void appendContent(ByteBuffer content) {
    if (appending == null || core.closed()) {
      throw new IllegalStateException("no APPEND waits for its message (state " + core.state() + ")");
    }
    int room = Math.max(0, maxOutput - out.size());
    int n = (int) Math.min(Math.min(content.remaining(), appendRemaining), room);
    if (n > 0) {
      ByteBuffer slice = content.slice();
      slice.limit(n);
      out.write(slice);
      content.position(content.position() + n);
      appendRemaining -= n;
    }
    if (appendRemaining == 0) {
      out.write(encoder.appendEnd());
      appending = null;
      core.arm();
      pump();
    }
  }

  /** IDLE's continuation came (RFC 9051 §6.3.13). */
  void idleStarted(String tag) {
    idling = tag;
  }

  void idleDone() {
    if (idling == null) {
      throw new IllegalStateException("not idling (state " + core.state() + ")");
    }
    idling = null;
    out.write(encoder.idleDone());
    core.arm();
  }

  /** {@code c} was answered: it no longer waits for its message (refused before it, RFC 9051 §4.3) or idles. */
  void answered(ClientCommand c) {
    if (c == appending) {
      appending = null;
    }
    if (c.tag().equals(idling)) {
      idling = null;
    }
  }

  /** The session ended: nothing waits for the host's content or DONE any more. */
  void closed() {
    appending = null;
    idling = null;
  }

  /** The capabilities changed: literals as the server offers them (RFC 7888; IMAP4rev2 has LITERAL-). */
  void capabilitiesChanged(SessionOpening opening) {
    NonSynchronizingLiterals literals = opening.has("LITERAL+") ? NonSynchronizingLiterals.LITERAL_PLUS
        : opening.has("LITERAL-") || opening.has("IMAP4rev2") ? NonSynchronizingLiterals.LITERAL_MINUS
        : NonSynchronizingLiterals.REFUSED;
    encoder = new CommandEncoder(literals);
    encoder.setUtf8(utf8);
  }

  /** IMAP4rev2 or UTF8=ACCEPT was enabled: strings and mailbox names go as UTF-8 (RFC 9051 §6.3.1, RFC 6855 §3). */
  void utf8() {
    utf8 = true;
    encoder.setUtf8(true);
  }

  private void start(ClientCommand c) {
    boolean wasIdle = flow.inFlight().size() == 1;
    c.encode(encoder);
    LOG.debug("[{}] C: {}", sessionId, c);
    if (c.kind() == Kind.SELECT) {
      core.selecting((AuthenticatedCommand.Select) c.command());
    } else if (c.kind() == Kind.LOGOUT) {
      core.transition(ImapClientState.LOGOUT);
    }
    writeSegment(c);
    if (!c.awaitsContinuation() && c.endsInHostContent()) {
      appendReady(c);                                 // LITERAL+: no continuation to wait for
    }
    if (wasIdle) {
      core.arm();
    }
  }
}
