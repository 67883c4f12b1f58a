package dev.missive.smtp.server;

import dev.missive.smtp.BodyType;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import java.nio.ByteBuffer;

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
      if (session.refusal == null && session.chunkDiscardReply == null && !s.content.oversize()
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
    if (session.chunkDiscardReply != null) {
      Reply r = session.chunkDiscardReply;
      session.chunkDiscardReply = null;
      s.content.reset();
      s.transition(session.stateBeforeChunk);
      processor.error(r);
      return;
    }
    if (session.refusal == null && s.content.oversize()) {
      session.refusal = s.content.refusal();
    }
    if (session.chunkLast) {
      endOfContent();
      return;
    }
    s.transition(ServerState.CHUNKING);
    if (session.refusal != null) {
      s.write(session.refusal, true);
    } else {
      s.write(Reply.of(250, "2.0.0", session.chunkSize + " octets received"), true);
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

  /** Parses {@code chunk-size [LAST]} (RFC 3030 §2) into {size, last ? 1 : 0}, or null. */
  private static long[] parseBdat(String args) {
    String[] parts = args.split(" ", -1);
    if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty() || parts[0].length() > 18) {
      return null;
    }
    long n = 0;
    for (int i = 0; i < parts[0].length(); i++) {
      char c = parts[0].charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      n = n * 10 + (c - '0');
    }
    if (parts.length == 2 && !parts[1].equalsIgnoreCase("LAST")) {
      return null;
    }
    return new long[] {n, parts.length == 2 ? 1 : 0};
  }

  void bdat(String args) {
    long[] p = parseBdat(args);
    if (p == null) {
      processor.error(s.reply(ReplyText.BDAT_SYNTAX));
      return;
    }
    if (!session.offered.contains(SmtpExtension.CHUNKING)) {
      discardChunk(p, s.reply(ReplyText.COMMAND_NOT_IMPLEMENTED));
      return;
    }
    session.chunkSize = p[0];
    session.chunkLast = p[1] == 1;
    if (s.state == ServerState.CHUNKING) {
      startChunk();
    } else {
      processor.decision(new SmtpServerEvent.DataStart(true));
    }
  }

  void bdatOutOfSequence(String args, Reply reply) {
    long[] p = parseBdat(args);
    if (p == null) {
      processor.error(s.reply(ReplyText.BDAT_SYNTAX));
    } else {
      discardChunk(p, reply);
    }
  }

  /** RFC 3030 §2: the chunk's octets are read and discarded before the error reply, so framing holds. */
  private void discardChunk(long[] p, Reply reply) {
    session.chunkDiscardReply = reply;
    session.stateBeforeChunk = s.state;
    session.chunkSize = p[0];
    session.chunkLast = p[1] == 1;
    s.content.reset();
    s.content.startChunk(p[0], true);
    s.transition(ServerState.BDAT);
  }

  private void startChunk() {
    session.chunked = true;
    boolean binary = session.mailParameters.body().orElse(null) == BodyType.BINARY_MIME;
    s.content.startChunk(session.chunkSize, binary);
    s.transition(ServerState.BDAT);
  }

  void dataStart(boolean chunked, boolean positive, Reply reply) {
    if (chunked) {
      if (!positive) {
        session.refusal = reply;
      }
      startChunk();
      return;
    }
    if (!positive) {
      s.write(reply, true);
      return;
    }
    s.write(reply != null ? reply : s.reply(ReplyText.START_MAIL_INPUT), false);
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
