package dev.missive.mailauth.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Copies a message to another stream without the Authentication-Results fields of its header that claim this
 * host's authserv-id (RFC 8601 §5: "remove any instances of this header field that claim to be from" the local
 * ADMD, compared without regard to case), everything else byte for byte. The host writes its own field first,
 * then the message through this stream.
 * <pre>{@code
 * out.write(ownResults.toHeaderField().raw()); out.write(CRLF);
 * try (ForgedResultsRemover filtered = new ForgedResultsRemover(out, "mx.example.org")) {
 *   message.transferTo(filtered);
 * }
 * }</pre>
 * Memory is bounded: a field is held until its end only up to {@link #MAX_HELD} octets. A longer
 * Authentication-Results field whose authserv-id cannot be read from those octets is removed too, so a forger
 * cannot hide a claim behind a long comment; a longer field of another name is passed on as it comes.
 * Lines end with CRLF or LF; the header ends at the first empty line. Not thread-safe.
 */
public final class ForgedResultsRemover extends OutputStream {

  /** The most octets of one header field held before deciding about it. */
  public static final int MAX_HELD = 8192;

  private enum Mode { HOLD, PASS, DROP, BODY }

  private final OutputStream out;
  private final String authservId;
  private final byte[] held = new byte[MAX_HELD];
  private int heldLength;
  private Mode mode = Mode.HOLD;
  private boolean lineStart = true;
  private int removed;

  /**
   * A filter writing to {@code out}.
   *
   * @param out        where the message goes
   * @param authservId this host's authserv-id
   */
  public ForgedResultsRemover(OutputStream out, String authservId) {
    this.out = Objects.requireNonNull(out, "out");
    this.authservId = MethodResult.text(authservId, "authserv-id");
  }

  /** {@return how many fields have been removed so far} */
  public int removed() {
    return removed;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    int end = off + len;
    int i = off;
    while (i < end) {
      if (mode == Mode.BODY) {
        out.write(b, i, end - i);
        return;
      }
      byte c = b[i++];
      if (lineStart) {
        lineStart = false;
        if (c != ' ' && c != '\t') {
          endField();
          if (c == '\r' || c == '\n') { // the empty line: the header ends here
            mode = Mode.BODY;
            out.write(c);
            continue;
          }
          mode = Mode.HOLD;
        }
      }
      if (c == '\n') {
        lineStart = true;
      }
      take(c);
    }
  }

  private void take(byte c) throws IOException {
    switch (mode) {
      case PASS -> out.write(c);
      case DROP -> { }
      case HOLD -> {
        if (heldLength == MAX_HELD) {
          decideLong();
          take(c);
          return;
        }
        held[heldLength++] = c;
      }
      default -> throw new IllegalStateException("body byte in a field");
    }
  }

  /** A field reached {@link #MAX_HELD} octets: decide from what is held. */
  private void decideLong() throws IOException {
    if (isResultsField() && (claimsUs() || ResultsParser.leadingValue(valueText()).isEmpty())) {
      mode = Mode.DROP;
      removed++;
    } else {
      out.write(held, 0, heldLength);
      mode = Mode.PASS;
    }
    heldLength = 0;
  }

  /** The field held so far is complete. */
  private void endField() throws IOException {
    if (mode == Mode.HOLD && heldLength > 0) {
      if (isResultsField() && claimsUs()) {
        removed++;
      } else {
        out.write(held, 0, heldLength);
      }
    }
    heldLength = 0;
  }

  private boolean isResultsField() {
    String name = AuthenticationResults.FIELD_NAME;
    int n = name.length();
    if (heldLength <= n) {
      return false;
    }
    String head = new String(held, 0, n, StandardCharsets.ISO_8859_1);
    int colon = n;
    while (colon < heldLength && (held[colon] == ' ' || held[colon] == '\t')) {
      colon++; // obsolete white space before the colon (RFC 5322 §4.5)
    }
    return head.equalsIgnoreCase(name) && colon < heldLength && held[colon] == ':';
  }

  private String valueText() {
    String all = new String(held, 0, heldLength, StandardCharsets.UTF_8);
    return all.substring(all.indexOf(':') + 1);
  }

  private boolean claimsUs() {
    return ResultsParser.leadingValue(valueText()).equalsIgnoreCase(authservId);
  }

  /** Flushes the target; a field still held stays held until its end is seen (or {@link #close()}). */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /**
   * Ends the message: a field still held is decided and written; then the target is closed.
   *
   * @throws IOException if writing fails
   */
  @Override
  public void close() throws IOException {
    if (mode != Mode.BODY) {
      endField();
      mode = Mode.BODY;
    }
    out.close();
  }
}
