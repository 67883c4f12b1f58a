package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.testkit.EngineHost;
import dev.missive.testkit.EventLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A test host: accepts everything except what it is told to refuse, assembles message content, and logs events
 * independently of how input was split (whole messages at DataEnd, never single chunks).
 */
final class ScriptedHost implements EngineHost<SmtpServer> {

  final Map<String, Reply> rcptReplies = new HashMap<>();
  final Map<String, Reply> vrfyReplies = new HashMap<>();
  Function<SmtpServerEvent.MailFrom, Reply> mailReply = m -> null;
  /** How a recipient not in {@link #rcptReplies} is answered; {@code null} for the standard acceptance. */
  Function<SmtpServerEvent.RcptTo, Reply> rcptReply = r -> null;
  Reply dataEndReply;
  /** How a whole message is answered when {@link #dataEndReply} is not set; {@code null} for the standard. */
  Function<String, Reply> contentReply = text -> null;
  List<Reply> lmtpReplies;
  final ByteArrayOutputStream message = new ByteArrayOutputStream();
  final java.util.List<String> messages = new java.util.ArrayList<>();

  ScriptedHost rejectRecipient(String address, Reply reply) {
    rcptReplies.put(address, reply);
    return this;
  }

  /** How ETRN is answered, by the argument as sent; unlisted requests are accepted with the standard 250. */
  final Map<String, Function<SmtpServerEvent.Etrn, SmtpDecision>> etrnAnswers = new HashMap<>();

  ScriptedHost etrn(String argument, Function<SmtpServerEvent.Etrn, SmtpDecision> answer) {
    etrnAnswers.put(argument, answer);
    return this;
  }

  ScriptedHost vrfy(String argument, Reply reply) {
    vrfyReplies.put(argument, reply);
    return this;
  }

  @Override
  public void handle(SmtpServer smtp, EventLog log) {
    for (SmtpServerEvent e; (e = smtp.nextEvent()) != null; ) {
      if (e instanceof SmtpServerEvent.DataChunk) {
        SmtpServerEvent.DataChunk c = (SmtpServerEvent.DataChunk) e;
        byte[] b = new byte[c.bytes().remaining()];
        c.bytes().duplicate().get(b);
        message.write(b, 0, b.length);
        continue;
      }
      if (e instanceof SmtpServerEvent.DataStart) {
        message.reset();
      }
      if (e instanceof SmtpServerEvent.DataEnd) {
        String text = message.toString(StandardCharsets.UTF_8);
        messages.add(text);
        log.add("MESSAGE " + text.replace("\r", "\\r").replace("\n", "\\n"));
      }
      if (e instanceof SmtpServerEvent.DataAborted) {
        message.reset();
      }
      log.add(e);
      if (!e.needsDecision()) {
        continue;
      }
      Reply r = null;
      if (e instanceof SmtpServerEvent.Etrn etrn) {
        smtp.answer(etrnAnswers.getOrDefault(etrn.request().argument(), x -> SmtpDecision.accept()).apply(etrn));
        continue;
      }
      if (e instanceof SmtpServerEvent.RcptTo) {
        SmtpServerEvent.RcptTo rcpt = (SmtpServerEvent.RcptTo) e;
        r = rcptReplies.containsKey(rcpt.forwardPath().toWireForm())
            ? rcptReplies.get(rcpt.forwardPath().toWireForm()) : rcptReply.apply(rcpt);
      } else if (e instanceof SmtpServerEvent.Vrfy) {
        r = vrfyReplies.get(((SmtpServerEvent.Vrfy) e).argument());
      } else if (e instanceof SmtpServerEvent.MailFrom) {
        r = mailReply.apply((SmtpServerEvent.MailFrom) e);
      } else if (e instanceof SmtpServerEvent.DataEnd) {
        if (lmtpReplies != null) {
          smtp.complete(lmtpReplies);
          continue;
        }
        r = dataEndReply != null ? dataEndReply : contentReply.apply(messages.get(messages.size() - 1));
      }
      if (r == null) {
        smtp.accept();
      } else if (r.code() < 400) {
        smtp.accept(r);
      } else {
        smtp.reject(r);
      }
    }
  }
}
