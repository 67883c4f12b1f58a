package dev.missive.pop3.client.internal;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.client.Pop3Login;
import dev.missive.pop3.internal.ApopDigest;
import dev.missive.sasl.SaslClientMechanism;
import dev.missive.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The client's side of the AUTHORIZATION state (RFC 1939 §4 and §7: USER/PASS, APOP; RFC 5034 §4: AUTH with
 * {@code +} challenges, base64 responses, {@code =} for an empty initial response, {@code *} to cancel). It
 * says which line to send next and whether the login succeeded; secrets stay in masked {@link ClientCommand}s.
 */
public final class LoginDialog {

  /** The longest AUTH command with initial response a client may send (RFC 5034 §4: 255 octets). */
  static final int MAX_AUTH_LINE = 255;

  /** What the engine does next. */
  public sealed interface Step {
    /** Send this command and pass its answer back. */
    record Send(ClientCommand command) implements Step {
    }

    /** Logged in. */
    record Success(Pop3Response response) implements Step {
    }

    /** The login failed; the engine reports it and quits. */
    record Failure(Optional<ResponseCode> code, String text) implements Step {
    }
  }

  private final Pop3Login login;
  private SaslClientMechanism mechanism;
  private byte[] deferredInitialResponse;
  private String cancelReason;
  private boolean userSent;

  /** A dialog for {@code login}. */
  public LoginDialog(Pop3Login login) {
    this.login = login;
  }

  /**
   * The first step.
   *
   * @param apopTimestamp the greeting's valid timestamp, or null
   */
  public Step start(String apopTimestamp) {
    if (login instanceof Pop3Login.UserPass u) {
      userSent = true;
      return send(ClientCommand.Kind.USER, "USER " + u.user());
    }
    if (login instanceof Pop3Login.Apop a) {
      if (apopTimestamp == null) {
        return new Step.Failure(Optional.empty(), "the greeting holds no valid APOP timestamp (RFC 1939 §7)");
      }
      String digest = ApopDigest.compute(apopTimestamp, a.secret().getBytes(StandardCharsets.UTF_8));
      return send(ClientCommand.Kind.APOP, "APOP " + a.user() + " " + digest);
    }
    Pop3Login.Sasl s = (Pop3Login.Sasl) login;
    mechanism = s.mechanisms().get();
    if (mechanism == null || !s.name().equals(mechanism.name())) {
      throw new IllegalStateException("the SASL supplier must give a " + s.name() + " mechanism");
    }
    String line = "AUTH " + s.name();
    byte[] initial = mechanism.initialResponse();
    if (initial != null) {
      String encoded = initial.length == 0 ? "=" : Base64.getEncoder().encodeToString(initial);
      if (line.length() + 1 + encoded.length() <= MAX_AUTH_LINE) {
        line = line + " " + encoded;
      } else {
        deferredInitialResponse = initial;            // sent after the server's first, empty challenge
      }
    }
    return send(ClientCommand.Kind.AUTH, line);
  }

  /** Handles a {@code +OK} or {@code -ERR} answer to the last command sent. */
  public Step onResponse(Pop3Response response) {
    if (!response.positive()) {
      String text = cancelReason != null ? cancelReason + " (server: " + response.text() + ")" : response.text();
      return new Step.Failure(response.responseCode(), text);
    }
    if (userSent) {
      userSent = false;
      return send(ClientCommand.Kind.PASS, "PASS " + ((Pop3Login.UserPass) login).password());
    }
    if (mechanism != null && (cancelReason != null || !mechanism.isComplete())) {
      return new Step.Failure(Optional.empty(), "the server accepted AUTH before the " + mechanism.name()
          + " exchange completed: the server is not verified (RFC 4422 §3.6)");
    }
    return new Step.Success(response);
  }

  /** Handles a {@code +} challenge line's payload (RFC 5034 §4), base64 or empty. */
  public Step onChallenge(String base64) {
    if (mechanism == null || cancelReason != null) {
      return cancel("a challenge arrived outside an AUTH exchange");
    }
    byte[] response;
    if (deferredInitialResponse != null) {
      response = deferredInitialResponse;
      deferredInitialResponse = null;
    } else {
      try {
        response = mechanism.evaluateChallenge(Base64.getDecoder().decode(base64));
      } catch (IllegalArgumentException e) {
        return cancel("the server's challenge is not base64");
      } catch (SaslException e) {
        return cancel(mechanism.name() + " failed: " + e.getMessage());
      }
    }
    return send(ClientCommand.Kind.SASL_RESPONSE, Base64.getEncoder().encodeToString(response));
  }

  private Step cancel(String reason) {
    cancelReason = reason;
    return send(ClientCommand.Kind.SASL_RESPONSE, "*");
  }

  private static Step send(ClientCommand.Kind kind, String line) {
    return new Step.Send(ClientCommand.of(kind, line));
  }
}
