package dev.missive.imap.response;

import dev.missive.imap.ResponseCode;
import dev.missive.imap.ResponseStatus;
import dev.missive.imap.internal.text.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * A server response (RFC 9051 §7, §9 {@code response}): a tagged completion ({@link Tagged}), an untagged response
 * ({@link UntaggedResponse}) or a continuation request ({@link Continuation}). Immutable; the same records are
 * written by the server's encoder and read by the client's decoder. Java 17 hosts dispatch with an
 * {@code instanceof} chain.
 */
public sealed interface Response permits Response.Tagged, Response.Continuation, UntaggedResponse {

  /**
   * The completion of a command (RFC 9051 §7.1, {@code response-tagged}).
   *
   * @param tag    the command's tag
   * @param status OK, NO or BAD
   * @param code   the response code, if any
   * @param text   the human-readable text (no CR, LF or NUL)
   */
  record Tagged(String tag, ResponseStatus status, Optional<ResponseCode> code, String text) implements Response {
    /**
     * Checks the values.
     *
     * @param tag    the command's tag
     * @param status OK, NO or BAD
     * @param code   the response code, if any
     * @param text   the human-readable text
     */
    public Tagged {
      Checks.tag(tag);
      if (status != ResponseStatus.OK && status != ResponseStatus.NO && status != ResponseStatus.BAD) {
        throw new IllegalArgumentException("a tagged response is OK, NO or BAD");
      }
      Objects.requireNonNull(code, "code");
      Checks.text("text", text);
    }
  }

  /**
   * A continuation request (RFC 9051 §7.6, {@code continue-req}): {@code +} and a text, or base64 data during
   * AUTHENTICATE (the client's SASL layer decodes it).
   *
   * @param text what follows {@code "+ "}
   */
  record Continuation(String text) implements Response {
    /**
     * Checks the text.
     *
     * @param text what follows {@code "+ "}
     */
    public Continuation {
      Checks.text("text", text);
    }
  }
}
