package dev.missive.pop3.server.internal;

import dev.missive.pop3.Pop3Response;
import dev.missive.wire.OutputQueue;
import java.util.List;

/**
 * Writes POP3 responses into an engine's output: single status lines, and multi-line responses whose lines are
 * dot-stuffed and ended by a lone {@code .} (RFC 1939 §3). Text is ASCII unless UTF-8 mode is on (RFC 6856 §3);
 * characters are encoded explicitly, never narrowed.
 */
public final class ReplyWriter {

  private static final byte[] CRLF = {'\r', '\n'};

  private final OutputQueue out;
  private boolean utf8;

  /** A writer into {@code out}. */
  public ReplyWriter(OutputQueue out) {
    this.out = out;
  }

  /** Turns UTF-8 mode on or off. */
  public void utf8(boolean on) {
    this.utf8 = on;
  }

  /** Writes a status line. */
  public void reply(Pop3Response response) {
    line(response.toLine());
  }

  /** Writes one line of text and CRLF. */
  public void line(String text) {
    if (utf8) {
      out.writeUtf8(text);
    } else {
      out.writeAscii(text);
    }
    out.write(CRLF);
  }

  /** A multi-line response: status line, lines with a leading dot doubled, the terminating {@code .}. */
  public void multiLine(Pop3Response first, List<String> lines) {
    reply(first);
    for (String l : lines) {
      line(l.startsWith(".") ? "." + l : l);
    }
    line(".");
  }
}
