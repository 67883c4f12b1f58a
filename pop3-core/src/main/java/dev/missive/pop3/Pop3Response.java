package dev.missive.pop3;

import java.util.Objects;
import java.util.Optional;

/**
 * A POP3 status indicator with its optional response code and text: the first line of every server response
 * ({@code +OK} or {@code -ERR}, RFC 1939 §3; response codes in brackets, RFC 2449 §8).
 *
 * <p>The text goes on the wire, so it is refused at construction if it holds CR, LF or NUL (docs/architecture.md,
 * "Values on the wire");
 * it may hold UTF-8 text only after the client enabled UTF-8 mode (RFC 6856 §3), which the engine checks.
 *
 * @param positive whether the indicator is {@code +OK}
 * @param code     the response code, or {@code null} for none
 * @param text     the human-readable text, possibly empty
 */
public record Pop3Response(boolean positive, ResponseCode code, String text) {

  /**
   * Validates the text.
   *
   * @param positive whether the indicator is {@code +OK}
   * @param code     the response code, or {@code null} for none
   * @param text     the human-readable text, possibly empty
   */
  public Pop3Response {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("response text must not hold CR, LF or NUL");
      }
    }
  }

  /**
   * A {@code +OK} response with text.
   *
   * @param text the text after {@code +OK}, possibly empty
   * @return the response
   */
  public static Pop3Response ok(String text) {
    return new Pop3Response(true, null, text);
  }

  /**
   * A {@code -ERR} response with text.
   *
   * @param text the text after {@code -ERR}
   * @return the response
   */
  public static Pop3Response err(String text) {
    return new Pop3Response(false, null, text);
  }

  /**
   * A {@code -ERR} response with a response code and text.
   *
   * @param code the response code (RFC 2449 §8)
   * @param text the text after the code
   * @return the response
   */
  public static Pop3Response err(ResponseCode code, String text) {
    return new Pop3Response(false, Objects.requireNonNull(code, "code"), text);
  }

  /** {@return the response code, if any} */
  public Optional<ResponseCode> responseCode() {
    return Optional.ofNullable(code);
  }

  /** {@return the status line without its CRLF, such as {@code -ERR [IN-USE] maildrop locked}} */
  public String toLine() {
    StringBuilder b = new StringBuilder(positive ? "+OK" : "-ERR");
    if (code != null) {
      b.append(' ').append(code);
    }
    if (!text.isEmpty()) {
      b.append(' ').append(text);
    }
    return b.toString();
  }

  /**
   * Parses a status line (without CRLF) as a client receives it; total: returns empty for anything that does not
   * start with {@code +OK} or {@code -ERR}. A bracketed token that is not a valid code stays part of the text.
   *
   * @param line a status line without CRLF
   * @return the response, or empty if the line is not one
   */
  public static Optional<Pop3Response> parse(String line) {
    boolean positive;
    String rest;
    if (line.startsWith("+OK")) {
      positive = true;
      rest = line.substring(3);
    } else if (line.startsWith("-ERR")) {
      positive = false;
      rest = line.substring(4);
    } else {
      return Optional.empty();
    }
    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
      return Optional.empty();
    }
    rest = rest.isEmpty() ? rest : rest.substring(1);
    ResponseCode code = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close > 0 && ResponseCode.isValid(rest.substring(1, close))) {
        code = new ResponseCode(rest.substring(1, close));
        rest = rest.substring(close + 1);
        rest = rest.startsWith(" ") ? rest.substring(1) : rest;
      }
    }
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return Optional.empty();
      }
    }
    return Optional.of(new Pop3Response(positive, code, rest));
  }

  @Override
  public String toString() {
    return toLine();
  }
}
