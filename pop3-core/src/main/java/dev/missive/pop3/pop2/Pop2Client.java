package dev.missive.pop3.pop2;

import dev.missive.pop3.pop2.internal.Quoting;
import dev.missive.wire.BareLineEndingPolicy;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.LineFramer;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.StreamLayer;
import dev.missive.wire.internal.SessionGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sans-IO POP2 client engine (RFC 937), following the "Client State Diagram" CALL, NMBR, SIZE, XFER, EXIT.
 *
 * <p>The engine reads the greeting and sends HELO with its {@link Pop2ClientConfig}'s user and password; then the
 * host drives the session one command at a time, as the events say what may come next: {@link #fold(String)},
 * {@link #read()}, {@link #read(long)}, {@link #retrieve()}, {@link #keep()} (ACKS), {@link #delete()} (ACKD),
 * {@link #again()} (NACK), {@link #quit()}. A command the state does not allow, or one sent while a reply is
 * outstanding, throws {@link IllegalStateException}. Message data is exactly the length {@code =ccc} announced,
 * streamed as {@link Pop2ClientEvent.MessageChunk} views of the host's buffer.
 *
 * <p>RFC 937's client decision table, action 1: whatever the server sends that does not fit (a {@code -} reply, a
 * reply of the wrong kind, a malformed number, a line over {@link Pop2ClientConfig#maxReplyLineLength()} or not
 * ended by CRLF, bytes nobody asked for, a timeout) makes the client send QUIT and end the session with
 * {@link Pop2ClientEvent.Closed}; nothing the server sends throws. HELO sends the password in the clear: use POP2
 * only over a trusted link or inside TLS.
 */
public final class Pop2Client implements ProtocolEngine {

  private static final Logger LOG = LoggerFactory.getLogger(Pop2Client.class);
  private static final int OUTPUT_LIMIT = 4096;

  /** The reply the engine waits for. */
  private enum Expect { GREETING, COUNT, LENGTH, DATA, BYE, NOTHING }

  private final Pop2ClientConfig config;
  private final EngineEnvironment env;
  private final String sessionId;
  private final LineFramer framer;
  private final OutputQueue out = new OutputQueue(OUTPUT_LIMIT);
  private final SessionGuard guard;
  private final ArrayDeque<Pop2ClientEvent> events = new ArrayDeque<>();
  private Pop2ClientState state = Pop2ClientState.CALL;
  private Expect expect = Expect.GREETING;
  private boolean closed;
  private Optional<String> folderAsked = Optional.empty();
  private long current = 1;
  private long length;
  private long remaining;

  /**
   * Creates an engine for one connection; it waits for the greeting.
   *
   * @param config the user, password and limits
   * @param env    the time the engine reads
   * @param peer   the server connected to, the session id every log line carries, and the connection's security
   */
  public Pop2Client(Pop2ClientConfig config, EngineEnvironment env, PeerInfo peer) {
    this.config = Objects.requireNonNull(config, "config");
    this.env = Objects.requireNonNull(env, "env");
    this.sessionId = Objects.requireNonNull(peer, "peer").sessionId();
    this.framer = new LineFramer(config.maxReplyLineLength(), BareLineEndingPolicy.REJECT);
    this.guard = new SessionGuard(env, out, false, true);
    guard.idle(config.responseTimeout());
    if (peer.security() == ConnectionSecurity.PLAINTEXT) {
      LOG.warn("[{}] POP2 to {} over plaintext: the password goes in the clear", sessionId, peer.remoteAddress());
    }
  }

  /** {@return the state of the session} */
  public Pop2ClientState state() {
    return state;
  }

  /** {@return whether a command was sent and its reply has not arrived yet (no command may be sent now)} */
  public boolean awaitingReply() {
    return expect != Expect.NOTHING && !closed;
  }

  // ---- commands ------------------------------------------------------------------------------------------------

  /**
   * Selects another folder (FOLD); {@link Pop2ClientEvent.FolderSelected} follows. The server removes the messages
   * deleted with ACKD from the folder it releases.
   *
   * @param folder the folder's name, in the server's naming: no control characters
   */
  public void fold(String folder) {
    checkArgument("folder", folder);
    command("FOLD " + Quoting.quote(folder), Expect.COUNT, Pop2ClientState.NMBR, Pop2ClientState.SIZE);
    folderAsked = Optional.of(folder);
  }

  /** Asks for the length of the current message (READ); {@link Pop2ClientEvent.MessageLength} follows. */
  public void read() {
    command("READ", Expect.LENGTH, Pop2ClientState.NMBR, Pop2ClientState.SIZE);
  }

  /**
   * Makes message {@code messageNumber} the current one and asks for its length (READ n).
   *
   * @param messageNumber the message number, at least 1
   */
  public void read(long messageNumber) {
    if (messageNumber < 1) {
      throw new IllegalArgumentException("message numbers start at 1: " + messageNumber);
    }
    command("READ " + messageNumber, Expect.LENGTH, Pop2ClientState.NMBR, Pop2ClientState.SIZE);
    current = messageNumber;
  }

  /** Asks for the current message's data (RETR); its length must not be zero (RFC 937, "READ"). */
  public void retrieve() {
    if (state == Pop2ClientState.SIZE && length == 0 && !awaitingReply()) {
      throw new IllegalStateException("RETR of a message of zero characters closes the connection (RFC 937)");
    }
    command("RETR", Expect.DATA, Pop2ClientState.SIZE);
    remaining = length;
    state = Pop2ClientState.XFER;
  }

  /** Acknowledges the message received and keeps it (ACKS); the next message's length follows. */
  public void keep() {
    acknowledge("ACKS", 1);
  }

  /** Acknowledges the message received and deletes it (ACKD); the next message's length follows. */
  public void delete() {
    acknowledge("ACKD", 1);
  }

  /** Reports the message as not received (NACK); the same message stays current and its length follows. */
  public void again() {
    acknowledge("NACK", 0);
  }

  /** Ends the session (QUIT); {@link Pop2ClientEvent.Closed} follows. */
  public void quit() {
    command("QUIT", Expect.BYE, Pop2ClientState.NMBR, Pop2ClientState.SIZE);
  }

  private void acknowledge(String verb, int advance) {
    if (state == Pop2ClientState.XFER && expect == Expect.DATA) {
      throw new IllegalStateException(verb + " before the message arrived whole");
    }
    command(verb, Expect.LENGTH, Pop2ClientState.XFER);
    current += advance;
  }

  private void command(String line, Expect reply, Pop2ClientState... allowed) {
    if (closed || awaitingReply() || !java.util.Arrays.asList(allowed).contains(state)) {
      throw new IllegalStateException(line.split(" ")[0] + " not allowed in state " + state
          + (awaitingReply() ? " while a reply is outstanding" : closed ? " after the session closed" : ""));
    }
    send(line);
    expect = reply;
    guard.idle(config.responseTimeout());
  }

  private void send(String line) {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  // ---- ProtocolEngine ------------------------------------------------------------------------------------------

  /**
   * {@return the next event, or {@code null} when there is none now} It never takes input (the
   * {@code ProtocolEngine} contract, "Events").
   */
  public Pop2ClientEvent nextEvent() {
    return events.poll();
  }

  @Override
  public void receive(ByteBuffer in) {
    if (closed) {
      throw new IllegalStateException("receive after the session closed");
    }
    while (in.hasRemaining() && status() == Status.NEEDS_INPUT) {
      if (expect == Expect.DATA) {
        data(in);
      } else if (expect == Expect.NOTHING) {
        fail("the server sent data nobody asked for");
      } else {
        LineFramer.Status s = framer.next(in);
        if (s == LineFramer.Status.NEED_MORE) {
          return;
        } else if (s == LineFramer.Status.LINE_TOO_LONG) {
          fail("reply line over " + config.maxReplyLineLength() + " octets");
        } else if (framer.lineHasBareLineEnding()) {
          fail("reply line not ended by CRLF");
        } else {
          reply(StandardCharsets.ISO_8859_1.decode(framer.line()).toString());
        }
      }
    }
  }

  private void data(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    ByteBuffer chunk = in.slice(in.position(), n).asReadOnlyBuffer();
    in.position(in.position() + n);
    remaining -= n;
    events.add(new Pop2ClientEvent.MessageChunk(current, chunk));
    guard.idle(config.responseTimeout());
    if (remaining == 0) {
      events.add(new Pop2ClientEvent.MessageEnd(current, length));
      expect = Expect.NOTHING;
      guard.stopTimers();
    }
  }

  private void reply(String line) {
    char kind = line.isEmpty() ? ' ' : line.charAt(0);
    Expect was = expect;
    expect = Expect.NOTHING;
    guard.stopTimers();
    if (kind == '-') {
      fail("the server refused: " + printable(line));
    } else if (was == Expect.GREETING && line.regionMatches(true, 0, "+ POP2 ", 0, 7) && line.length() > 7) {
      String host = line.substring(7).split(" ", 2)[0];
      events.add(new Pop2ClientEvent.Greeted(printable(host)));
      send("HELO " + Quoting.quote(config.user()) + " " + Quoting.quote(config.password().reveal()));
      expect = Expect.COUNT;
      guard.idle(config.responseTimeout());
    } else if (was == Expect.COUNT && kind == '#' && number(line) >= 0 && number(line) <= Integer.MAX_VALUE) {
      state = Pop2ClientState.NMBR;
      current = 1;
      events.add(new Pop2ClientEvent.FolderSelected(folderAsked, (int) number(line)));
    } else if (was == Expect.LENGTH && kind == '=' && number(line) >= 0) {
      state = Pop2ClientState.SIZE;
      length = number(line);
      events.add(new Pop2ClientEvent.MessageLength(current, length));
    } else if (was == Expect.BYE && kind == '+') {
      end(true, "signed off: " + printable(line));
    } else {
      fail("unexpected reply " + (was == Expect.GREETING ? "for a greeting: " : "to the last command: ")
          + printable(line));
    }
  }

  /** The number after the reply's first character, up to a space or the end; -1 if none or too large. */
  private static long number(String line) {
    int end = line.indexOf(' ');
    String digits = line.substring(1, end < 0 ? line.length() : end);
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  @Override
  public void receiveEnd() {
    if (!closed) {
      end(false, "the server closed the connection" + (expect == Expect.DATA ? " in the middle of a message" : ""));
    }
  }

  @Override
  public boolean hasOutput() {
    return out.hasOutput();
  }

  @Override
  public void drainOutput(ByteBuffer buffer) {
    out.drainTo(buffer);
  }

  @Override
  public Status status() {
    if (closed) {
      return Status.CLOSED;
    }
    if (!events.isEmpty()) {
      return Status.HAS_EVENTS;
    }
    return out.isOverLimit() ? Status.OUTPUT_FULL : Status.NEEDS_INPUT;
  }

  @Override
  public OptionalLong nextDeadline() {
    return closed ? OptionalLong.empty() : guard.deadline(false);
  }

  @Override
  public void onTimeout() {
    if (!closed && guard.expired(false) == SessionGuard.Expired.IDLE) {
      fail("no reply from the server within " + config.responseTimeout());
    }
  }

  /** {@inheritDoc} Always empty: POP2 changes no stream. */
  @Override
  public Optional<StreamChange> pendingStreamChange() {
    return Optional.empty();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException always: POP2 has no stream change
   */
  @Override
  public void streamChanged(StreamLayer layer) {
    throw new IllegalStateException("POP2 requests no stream change (state " + state + ")");
  }

  @Override
  public EngineEnvironment environment() {
    return env;
  }

  /** {@inheritDoc} Sends QUIT unless a message is arriving, and ends the session. */
  @Override
  public void shutdown() {
    if (!closed) {
      if (expect != Expect.DATA) {
        send("QUIT");
      }
      end(false, "the host shut the client down");
    }
  }

  // ---- ending --------------------------------------------------------------------------------------------------

  /** RFC 937's client action 1: garbage; send QUIT and go to EXIT. */
  private void fail(String reason) {
    LOG.debug("[{}] POP2 session failed: {}", sessionId, reason);
    send("QUIT");
    end(false, reason);
  }

  private void end(boolean orderly, String reason) {
    state = Pop2ClientState.EXIT;
    expect = Expect.NOTHING;
    closed = true;
    guard.stopTimers();
    events.add(new Pop2ClientEvent.Closed(orderly, reason));
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && b.length() < 200; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return b.toString();
  }

  static void checkArgument(String what, String value) {
    if (value == null || value.isEmpty() || hasControl(value)) {
      throw new IllegalArgumentException(what + " must be non-empty without control characters");
    }
  }

  static boolean hasControl(String value) {
    return value.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
  }
}
