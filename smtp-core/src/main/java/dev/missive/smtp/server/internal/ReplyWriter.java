package dev.missive.smtp.server.internal;

import dev.missive.smtp.Reply;
import dev.missive.wire.OutputQueue;
import java.util.List;

/**
 * Formats replies for the wire (RFC 5321 §4.2.1): {@code code "-" text} for every line but the last, then
 * {@code code SP text}; with enhanced status codes on, the code {@code class.subject.detail} on every line of a
 * 2xx, 4xx or 5xx reply (RFC 2034 §4), defaulting to {@code x.0.0} when the reply carries none.
 */
public final class ReplyWriter {

  private ReplyWriter() {
  }

  /**
   * Writes {@code reply}.
   *
   * @param enhanced whether to put an enhanced status code on each line (never on 3xx)
   */
  public static void write(OutputQueue out, Reply reply, boolean enhanced) {
    List<String> lines = reply.lines();
    int code = reply.code();
    String status = null;
    if (enhanced && code / 100 != 3) {
      status = reply.status().map(Object::toString).orElse(code / 100 + ".0.0");
    }
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < lines.size(); i++) {
      sb.setLength(0);
      sb.append(code).append(i < lines.size() - 1 ? '-' : ' ');
      if (status != null) {
        sb.append(status);
        if (!lines.get(i).isEmpty()) {
          sb.append(' ');
        }
      }
      sb.append(lines.get(i));
      if (sb.charAt(sb.length() - 1) == ' ') {
        sb.setLength(sb.length() - 1);
      }
      sb.append("\r\n");
      out.writeUtf8(sb);
    }
  }
}
