package dev.missive.pop3.client;

import dev.missive.pop3.Pop3Response;
import dev.missive.pop3.ResponseCode;
import dev.missive.pop3.client.internal.ClientCommand;
import dev.missive.pop3.internal.ApopDigest;
import dev.missive.sasl.SaslClientMechanism;
import dev.missive.sasl.exchange.internal.SaslClientExchange;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The client's side of the AUTHORIZATION state (RFC 1939 §4 and §7: USER/PASS, APOP; RFC 5034 §4: AUTH, whose
 * SASL framing is sasl's {@link SaslClientExchange}: {@code +} challenges, base64 responses, {@code =} for an
 * empty initial response, {@code *} to cancel). It says which line to send next and whether the login succeeded;
 * secrets stay in masked {@link ClientCommand}s.
 */
final class LoginDialog {

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
  private SaslClientExchange sasl;
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
    SaslClientMechanism mechanism = s.mechanisms().get();
    if (mechanism == null || !s.name().equals(mechanism.name())) {
      throw new IllegalStateException("the SASL supplier must give a " + s.name() + " mechanism");
    }
    sasl = new SaslClientExchange(mechanism);
    return send(ClientCommand.Kind.AUTH, "AUTH " + sasl.commandArguments(MAX_AUTH_LINE - 5, true));
  }

  /** Handles a {@code +OK} or {@code -ERR} answer to the last command sent. */
  public Step onResponse(Pop3Response response) {
    if (userSent && response.positive()) {
      userSent = false;
      return send(ClientCommand.Kind.PASS, "PASS " + ((Pop3Login.UserPass) login).password());
    }
    if (!response.positive()) {
      String text = sasl != null && sasl.cancelled().isPresent()
          ? sasl.cancelled().get() + " (server: " + response.text() + ")" : response.text();
      return new Step.Failure(response.responseCode(), text);
    }
    Optional<String> failure = sasl == null ? Optional.empty() : sasl.failure(true);
    return failure.isPresent() ? new Step.Failure(Optional.empty(), failure.get()) : new Step.Success(response);
  }

  /** Handles a {@code +} challenge line's payload (RFC 5034 §4), base64 or empty. */
  public Step onChallenge(String base64) {
    if (sasl == null) {
      return send(ClientCommand.Kind.SASL_RESPONSE, "*");   // a challenge outside an AUTH exchange: cancel
    }
    return send(ClientCommand.Kind.SASL_RESPONSE, sasl.respond(base64));
  }

  private static Step send(ClientCommand.Kind kind, String line) {
    return new Step.Send(ClientCommand.of(kind, line));
  }
}
