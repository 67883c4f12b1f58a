package dev.missive.smtp.client.internal;

import dev.missive.sasl.SaslClientMechanism;
import dev.missive.sasl.SaslException;
import dev.missive.smtp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client side of one AUTH exchange (RFC 4954 §4): the AUTH command with or without an initial response, a
 * base64 response to each 334 challenge, {@code *} to cancel when the mechanism refuses a challenge, and the
 * verdict (235 success; 535, 534, 538, 454, 501, … failure). Never holds a secret in a string it returns for logs.
 */
public final class AuthExchange {

  /** The longest AUTH command line with its initial response, CRLF included (RFC 4954 §4, RFC 5321 §4.5.3.1.4). */
  public static final int MAX_COMMAND_LINE = 512;

  private final SaslClientMechanism mechanism;
  private final String name;
  private byte[] deferredInitialResponse;
  private String cancelReason;

  /** Starts an exchange with a fresh mechanism. */
  public AuthExchange(SaslClientMechanism mechanism) {
    this.mechanism = mechanism;
    this.name = mechanism.name();
  }

  /** The mechanism name. */
  public String name() {
    return name;
  }

  /**
   * The AUTH command line, without CRLF. An initial response that would make the line longer than 512 octets is
   * kept and sent as the answer to the server's empty challenge instead (RFC 4954 §4).
   */
  public String command() {
    byte[] initial = mechanism.initialResponse();
    if (initial == null) {
      return "AUTH " + name;
    }
    String encoded = initial.length == 0 ? "=" : Base64.getEncoder().encodeToString(initial);
    String line = "AUTH " + name + " " + encoded;
    if (line.length() + 2 > MAX_COMMAND_LINE) {
      deferredInitialResponse = initial;
      return "AUTH " + name;
    }
    return line;
  }

  /**
   * The line answering a 334 challenge (RFC 4954 §4): the base64 response, or {@code *} when the challenge is not
   * base64 or the mechanism refuses it.
   */
  public String respond(Reply challenge) {
    String text = challenge.lines().get(0).trim();
    if (deferredInitialResponse != null) {
      byte[] initial = deferredInitialResponse;
      deferredInitialResponse = null;
      if (text.isEmpty()) {
        return Base64.getEncoder().encodeToString(initial);
      }
      return cancel("the server sent a challenge where the initial response was due");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return cancel("the server's challenge is not base64");
    }
    try {
      byte[] response = mechanism.evaluateChallenge(decoded);
      return Base64.getEncoder().encodeToString(response == null ? new byte[0] : response);
    } catch (SaslException e) {
      return cancel(e.getMessage());
    } catch (RuntimeException e) {
      return cancel("the mechanism failed on the server's challenge");
    }
  }

  private String cancel(String reason) {
    cancelReason = reason;
    return "*";
  }

  /** Why the client cancelled the exchange with {@code *}, or {@code null}. */
  public String cancelReason() {
    return cancelReason;
  }

  /**
   * Why the exchange failed given the server's final reply, or {@code null} on success: 235 counts only once the
   * mechanism completed its part (a mutual mechanism has verified the server, RFC 5802 §5.1).
   */
  public String failure(Reply verdict) {
    if (verdict.code() == 235) {
      return mechanism.isComplete() ? null : "the server reported success before the mechanism completed";
    }
    return cancelReason != null ? "cancelled: " + cancelReason : "the server refused authentication";
  }
}
