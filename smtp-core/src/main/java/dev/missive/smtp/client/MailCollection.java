package dev.missive.smtp.client;

import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.EtrnRequest;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import dev.missive.wire.internal.CommandPipeline;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client's two ways of collecting the mail a server holds for it: ETRN (RFC 1985 §5), which asks for a queue
 * run on other connections, and ATRN (RFC 2645 §5.2.1), which reverses the roles on this one. Each is sent only
 * when the server advertised it (RFC 1985 §2, RFC 2645 §5.1.1); its reply is reported typed, and after ATRN's 250
 * the connection is handed to the host's successor engine ({@link StreamChange.Handover}).
 */
final class MailCollection {

  private final ClientPort port;
  private final CommandPipeline<Command> pipe;
  /** What the ETRN in flight asked for. */
  private EtrnRequest queueRun;
  /** The ATRN in flight and how to build the engine that takes over. */
  private AtrnRequest reversal;
  private Supplier<? extends ProtocolEngine> successor;
  /** After ATRN's 250: the change the host makes. */
  private StreamChange.Handover handover;

  MailCollection(ClientPort port, CommandPipeline<Command> pipe) {
    this.port = port;
    this.pipe = pipe;
  }

  /** Sends ETRN, or reports {@link QueueRunOutcome#NOT_OFFERED} when {@code caps} lacks it. */
  void etrn(EtrnRequest request, EhloCapabilities caps) {
    if (!caps.has(SmtpExtension.ETRN)) {
      port.event(new SmtpClientEvent.QueueRunResult(request, QueueRunOutcome.NOT_OFFERED, Optional.empty()));
      port.ready();
      return;
    }
    queueRun = request;
    port.transition(SmtpClientState.QUEUE_RUN);
    pipe.send(Command.ETRN, "ETRN " + request.argument(), false);
  }

  /** Sends ATRN, or reports a result without a reply when {@code caps} lacks it. */
  void atrn(AtrnRequest request, Supplier<? extends ProtocolEngine> next, EhloCapabilities caps) {
    if (!caps.has(SmtpExtension.ATRN)) {
      port.event(new SmtpClientEvent.AtrnResult(request, Optional.empty()));
      port.ready();
      return;
    }
    reversal = request;
    successor = next;
    port.transition(SmtpClientState.ATRN);
    pipe.send(Command.ATRN, request.domains().isEmpty() ? "ATRN" : "ATRN " + request.argument(), false);
  }

  /** The reply to ETRN: reported with its outcome; the session is ready again. */
  void etrnReplied(Reply reply) {
    port.event(new SmtpClientEvent.QueueRunResult(queueRun, QueueRunOutcome.of(reply.code()), Optional.of(reply)));
    queueRun = null;
    port.ready();
  }

  /** The reply to ATRN: on 250 the roles reverse (RFC 2645 §5.3), on anything else the session goes on. */
  void atrnReplied(Reply reply) {
    port.event(new SmtpClientEvent.AtrnResult(reversal, Optional.of(reply)));
    reversal = null;
    if (reply.code() != 250) {
      successor = null;
      port.ready();
      return;
    }
    handover = new StreamChange.Handover(Objects.requireNonNull(successor.get(), "the successor engine"));
    successor = null;
    pipe.clear(false);
    port.transition(SmtpClientState.REVERSED);
  }

  /** {@return the handover after ATRN's 250} */
  StreamChange.Handover handover() {
    return handover;
  }
}
