package dev.missive.smtp.server;

import dev.missive.sasl.Authentication;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.Reply;
import dev.missive.wire.EngineEnvironment;
import dev.missive.wire.ForwardingEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.internal.HandlerEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP or LMTP server session (RFC 5321, RFC 2033) that answers its own events with a synchronous
 * {@link SmtpHandler}: the common case, a {@link ProtocolEngine} that any transport drives. Hosts that decide later
 * (a directory lookup on another thread) use {@link SmtpServer}'s events instead.
 *
 * <p>It wraps an {@link SmtpServer} and, inside every call of its host, asks the handler for
 * each decision and streams message content into the handler's {@link MessageSink} as
 * it arrives (never the whole message). A handler that throws {@link IOException} gets the command answered
 * {@link ReplyText#LOCAL_ERROR} ({@code 451 4.3.0}, RFC 5321 §4.2.1), one WARN line {@code [<session id>] handler
 * failed in <step>}, and the message being received aborted (a failed {@link MessageSink#write} poisons the sink:
 * the rest of the content is discarded and its end answered 451, so nothing half-written is accepted); a
 * {@link RuntimeException}, or a decision that does not fit the command, is answered the same way and logged as an
 * ERROR. Under LMTP a failure at the end of the data answers every recipient with 451 (RFC 2033 §4.2).
 *
 * <pre>{@code
 * SmtpServerConfig config = SmtpServerConfig.defaults("mx.example.org");
 * ProtocolEngine engine = new SmtpHandlerServer(config, EngineEnvironment.system(),
 *     PeerInfo.of("[192.0.2.1]", ConnectionSecurity.PLAINTEXT, EngineEnvironment.system()),
 *     session -> (envelope, trace) -> MessageSink.collecting((info, bytes) -> {
 *       store(trace.toBytes(), bytes);               // durable first ...
 *       return SmtpDecision.accept();                // ... then 250
 *     }));
 * }</pre>
 */
public final class SmtpHandlerServer extends ForwardingEngine {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpHandlerServer.class);

  private final SmtpServer server;
  private final SmtpHandler handler;
  private final Reply localError;
  /** The current message's sink; null outside content, after a failure (content then discarded) or a refusal. */
  private MessageSink sink;
  /** What the handler was asked last, for the log line when it fails. */
  private String step;
  private boolean closeReported;

  /**
   * A session whose greeting is queued at once; its handler is made now, from the session view.
   *
   * @param config      the server's configuration
   * @param environment the time and randomness the engine reads
   * @param peer        the client's address, the session id and the connection's security
   * @param handlers    makes this connection's handler from its read-only session view
   */
  public SmtpHandlerServer(SmtpServerConfig config, EngineEnvironment environment, PeerInfo peer,
      Function<SmtpSession, SmtpHandler> handlers) {
    this(new SmtpServer(config, environment, peer), config, handlers);
  }

  private SmtpHandlerServer(SmtpServer server, SmtpServerConfig config, Function<SmtpSession, SmtpHandler> handlers) {
    this(new HandlerEngine(server), server, config, handlers);
  }

  private SmtpHandlerServer(HandlerEngine core, SmtpServer server, SmtpServerConfig config,
      Function<SmtpSession, SmtpHandler> handlers) {
    super(core);
    this.server = server;
    this.localError = config.texts().reply(ReplyText.LOCAL_ERROR, config.hostname());
    this.handler = Objects.requireNonNull(handlers.apply(server.session()), "the handler factory returned null");
    core.answerWith(this::answerEvents);
  }

  /** {@return the read-only view of this session the handler reads} */
  public SmtpSession session() {
    return server.session();
  }

  // ---------------------------------------------------------------- answering the engine

  /** Answers every event the engine has now; once the engine closed, aborts the sink and tells the handler. */
  private void answerEvents() {
    for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.DataChunk c) {
        write(c.bytes());
      } else if (e instanceof SmtpServerEvent.DecisionRequired d) {
        answer(d);
      } else {
        inform(e);
      }
    }
    if (server.isClosed() && !closeReported) {
      closeReported = true;
      abortSink();
      notifyHandler("closed", handler::closed);
    }
  }

  private void answer(SmtpServerEvent.DecisionRequired event) {
    SmtpDecision decision;
    try {
      decision = decide(event);
    } catch (IOException e) {
      LOG.warn("[{}] handler failed in {}: {}", server.peer().sessionId(), step, e.toString());
      decision = localError(event);
    } catch (RuntimeException e) {
      LOG.error("[{}] handler failed in {}", server.peer().sessionId(), step, e);
      decision = localError(event);
    }
    try {
      apply(decision);
    } catch (IllegalArgumentException | NullPointerException e) {
      LOG.error("[{}] handler's decision in {} does not fit: {}", server.peer().sessionId(), step, e.getMessage());
      apply(localError(event));
    }
  }

  private SmtpDecision decide(SmtpServerEvent.DecisionRequired event) throws IOException {
    if (event instanceof SmtpServerEvent.Hello h) {
      step = "hello";
      return handler.hello(h.kind(), h.clientName());
    }
    if (event instanceof SmtpServerEvent.MailFrom m) {
      step = "mailFrom";
      return handler.mailFrom(m.reversePath(), m.parameters(), m.requestedPriority());
    }
    if (event instanceof SmtpServerEvent.RcptTo r) {
      step = "rcptTo";
      return handler.rcptTo(r.forwardPath(), r.parameters());
    }
    if (event instanceof SmtpServerEvent.DataStart) {
      return dataStart();
    }
    if (event instanceof SmtpServerEvent.DataEnd end) {
      return dataEnd(end.info());
    }
    if (event instanceof SmtpServerEvent.Etrn e) {
      step = "etrn";
      return handler.etrn(e);
    }
    if (event instanceof SmtpServerEvent.Atrn a) {
      step = "atrn";
      return handler.atrn(a);
    }
    if (event instanceof SmtpServerEvent.Vrfy v) {
      step = "vrfy";
      return handler.vrfy(v.argument());
    }
    step = "expn";
    return handler.expn(((SmtpServerEvent.Expn) event).argument());
  }

  private SmtpDecision dataStart() throws IOException {
    Envelope envelope = server.envelope().orElseThrow();
    step = "dataStart";
    SmtpDecision decision = handler.dataStart(envelope);
    if (decision instanceof SmtpDecision.Accept) {
      step = "data";
      sink = Objects.requireNonNull(handler.data(envelope, server.receivedField()), "data() returned no sink");
    }
    return decision;
  }

  private SmtpDecision dataEnd(ReceivedContent info) throws IOException {
    step = "end";
    MessageSink s = sink;
    if (s == null) {
      return localError(); // the sink failed while the content came: already logged and aborted
    }
    sink = null;
    try {
      return s.end(info);
    } catch (IOException | RuntimeException e) {
      s.abort(); // let it remove what it may have half-stored
      throw e;
    }
  }

  private void write(ByteBuffer chunk) {
    if (sink == null) {
      return; // discarded: the sink failed, or the message was refused
    }
    try {
      sink.write(chunk);
    } catch (IOException e) {
      LOG.warn("[{}] handler failed in write: {}", server.peer().sessionId(), e.toString());
      abortSink();
    } catch (RuntimeException e) {
      LOG.error("[{}] handler failed in write", server.peer().sessionId(), e);
      abortSink();
    }
  }

  private void apply(SmtpDecision decision) {
    if (!(decision instanceof SmtpDecision.Accept)) {
      abortSink(); // a refused DATA or BDAT gets no content
    }
    server.answer(Objects.requireNonNull(decision, "the handler returned no decision"));
  }

  /** A handler's failure: {@code 451 4.3.0}; for ETRN {@code 458} (RFC 1985 §5), for ATRN {@code 451} (RFC 2645 §7). */
  private SmtpDecision localError(SmtpServerEvent.DecisionRequired event) {
    return event instanceof SmtpServerEvent.Etrn e ? e.unableToQueue()
        : event instanceof SmtpServerEvent.Atrn a ? a.tryLater() : localError();
  }

  private SmtpDecision localError() {
    abortSink();
    return SmtpDecision.reject(localError);
  }

  private void inform(SmtpServerEvent e) {
    if (e instanceof SmtpServerEvent.DataAborted) {
      abortSink();
    } else if (e instanceof SmtpServerEvent.AuthSucceeded a) {
      Authentication who = new Authentication(a.mechanism(), a.authorizationId(), a.authenticationId());
      notifyHandler("authenticated", () -> handler.authenticated(who));
    } else if (e instanceof SmtpServerEvent.Reset) {
      abortSink();
      notifyHandler("reset", handler::reset);
    } else if (e instanceof SmtpServerEvent.ProtocolViolation v) {
      notifyHandler("violation", () -> handler.violation(v));
    }
  }

  private void notifyHandler(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("[{}] handler failed in {}", server.peer().sessionId(), what, e);
    }
  }

  private void abortSink() {
    MessageSink s = sink;
    if (s != null) {
      sink = null;
      try {
        s.abort();
      } catch (RuntimeException e) {
        LOG.error("[{}] handler failed in abort", server.peer().sessionId(), e);
      }
    }
  }
}
