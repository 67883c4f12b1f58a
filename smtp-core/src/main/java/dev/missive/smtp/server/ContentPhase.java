package dev.missive.smtp.server;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.internal.BdatCommand;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Message content for {@link CommandProcessor}: DATA with dot transparency (RFC 5321 §4.1.1.4, §4.5.2) and BDAT
 * chunks (RFC 3030 §2), the checks after the real end, and the DataStart/DataEnd decisions.
 */
final class ContentPhase {

  private final CommandProcessor processor;
  private final SmtpServer s;
  private final Session session;

  ContentPhase(CommandProcessor processor, SmtpServer server) {
    this.processor = processor;
    this.s = server;
    this.session = server.session;
  }

  boolean contentStep() {
    ByteBuffer slice = s.content.next(s.inbox);
    if (slice != null) {
      if (session.refusal == null && !(session.contentMode instanceof ContentMode.Discard) && !s.content.oversize()
          && slice.hasRemaining()) {
        s.events.add(new SmtpServerEvent.DataChunk(slice, s.content.eightBit()));
      }
      return true;
    }
    if (!s.content.isEnded()) {
      return false;
    }
    if (s.state == ServerState.BDAT) {
      chunkEnded();
    } else {
      endOfContent();
    }
    return true;
  }

  private void chunkEnded() {
    if (session.contentMode instanceof ContentMode.Discard d) {
      session.contentMode = null;
      s.content.reset();
      s.transition(d.resumeIn());
      processor.error(d.reply());
      return;
    }
    BdatCommand chunk = ((ContentMode.Chunk) session.contentMode).command();
    if (session.refusal == null && s.content.oversize()) {
      session.refusal = s.content.refusal();
    }
    if (chunk.last()) {
      endOfContent();
      return;
    }
    s.transition(ServerState.CHUNKING);
    if (session.refusal != null) {
      s.write(session.refusal, true);
    } else {
      s.write(Reply.of(250, "2.0.0", chunk.size() + " octets received"), true);
    }
  }

  private void endOfContent() {
    s.dataSyncMark = -1;
    Reply refusal = session.refusal != null ? session.refusal : s.content.refusal();
    if (refusal != null) {
      s.events.add(new SmtpServerEvent.DataAborted(refusal));
      if (session.refusal == null && s.content.bareLineEnding()) {
        // the signature of SMTP smuggling (CVE-2023-51764 and friends): worth a line in the host's log
        s.events.add(new SmtpServerEvent.ProtocolViolation(refusal, "bare CR or LF in message data", false));
      }
      s.write(refusal, true);
      processor.finishTransaction();
      return;
    }
    MessageInfo info = new MessageInfo(s.content.size(), s.content.eightBit(), s.content.bareLineEnding(),
        session.chunked, session.recipients.size());
    processor.decision(new SmtpServerEvent.DataEnd(info));
  }

  void bdat(String args) {
    Optional<BdatCommand> p = BdatCommand.parse(args);
    if (p.isEmpty()) {
      processor.error(s.reply(ReplyText.BDAT_SYNTAX));
      return;
    }
    if (!session.offered.contains(SmtpExtension.CHUNKING)) {
      discardChunk(p.get(), s.reply(ReplyText.COMMAND_NOT_IMPLEMENTED));
      return;
    }
    if (s.state == ServerState.CHUNKING) {
      startChunk(p.get());
    } else {
      session.contentMode = new ContentMode.Chunk(p.get());
      processor.decision(new SmtpServerEvent.DataStart(true));
    }
  }

  void bdatOutOfSequence(String args, Reply reply) {
    Optional<BdatCommand> p = BdatCommand.parse(args);
    if (p.isEmpty()) {
      processor.error(s.reply(ReplyText.BDAT_SYNTAX));
    } else {
      discardChunk(p.get(), reply);
    }
  }

  /** RFC 3030 §2: the chunk's octets are read and discarded before the error reply, so framing holds. */
  private void discardChunk(BdatCommand chunk, Reply reply) {
    session.contentMode = new ContentMode.Discard(chunk, reply, s.state);
    s.content.reset();
    s.content.startChunk(chunk.size(), true);
    s.transition(ServerState.BDAT);
  }

  private void startChunk(BdatCommand chunk) {
    session.chunked = true;
    session.contentMode = new ContentMode.Chunk(chunk);
    boolean binary = session.mailParameters.body().orElse(null) == BodyType.BINARY_MIME;
    s.content.startChunk(chunk.size(), binary);
    s.transition(ServerState.BDAT);
  }

  void dataStart(boolean chunked, boolean positive, Reply reply) {
    if (chunked) {
      if (!positive) {
        session.refusal = reply;
      }
      startChunk(((ContentMode.Chunk) session.contentMode).command());
      return;
    }
    if (!positive) {
      s.write(reply, true);
      return;
    }
    s.write(reply != null ? reply : s.reply(ReplyText.START_MAIL_INPUT), false);
    session.contentMode = new ContentMode.Data();
    s.content.startData();
    s.transition(ServerState.DATA);
    s.dataSyncMark = s.totalWritten();
    if (s.config.synchronizationCheck() && s.inbox.hasRemaining()) {
      processor.abortContent(null);
      processor.fatal(s.reply(ReplyText.SYNCHRONIZATION_ERROR), "message data sent before the 354 reply");
    }
  }

  void data(String args) {
    if (!args.isEmpty()) {
      processor.error(s.reply(ReplyText.DATA_SYNTAX));
    } else if (session.mailParameters.body().orElse(null) == BodyType.BINARY_MIME) {
      processor.error(s.reply(ReplyText.BINARYMIME_NEEDS_BDAT));
    } else {
      processor.decision(new SmtpServerEvent.DataStart(false));
    }
  }
}
