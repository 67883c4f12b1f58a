package dev.missive.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link SaslServerMechanism} answers to one client response (RFC 4422 §3): another challenge, a success or
 * a failure.
 */
public sealed interface SaslServerStep
    permits SaslServerStep.Challenge, SaslServerStep.Success, SaslServerStep.Failure {

  /**
   * A server challenge (RFC 4422 §3.5); the engine sends it base64-encoded in a {@code 334} (SMTP, RFC 4954 §4) or
   * {@code +} (POP3, RFC 5034 §4) line and waits for the client's response.
   *
   * @param data the challenge bytes, possibly empty, never null
   */
  record Challenge(byte[] data) implements SaslServerStep {

    /**
     * Copies the data so the record stays immutable.
     *
     * @param data the challenge bytes, possibly empty, never null
     */
    public Challenge {
      data = Objects.requireNonNull(data, "data").clone();
    }

    /** {@return a copy of the challenge bytes} */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Challenge c && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(data);
    }

    /** Shows the length only. */
    @Override
    public String toString() {
      return "Challenge[" + data.length + " bytes]";
    }
  }

  /**
   * The client authenticated (RFC 4422 §3.6).
   *
   * <p>When {@code additionalData} is not null (SCRAM's {@code server-final-message}, RFC 5802 §5), the engine must
   * deliver it before announcing success: SMTP and POP3 cannot carry data with success, so they send it as one
   * more challenge ({@code 334 <base64>} / {@code + <base64>}), expect an empty response, and only then answer
   * {@code 235 2.7.0} or {@code +OK} (RFC 4954 §4, RFC 5034 §4). A non-empty response, or {@code *}, there is a
   * failed exchange.
   *
   * @param authorizationId  the identity to act as (RFC 4422 §3.4.1); equals {@code authenticationId} when the
   *                         client asked for none
   * @param authenticationId the identity whose credentials were verified
   * @param additionalData   data to send the client with the outcome, or {@code null} for none
   */
  record Success(String authorizationId, String authenticationId, byte[] additionalData)
      implements SaslServerStep {

    /**
     * Validates the identities and copies the additional data.
     *
     * @param authorizationId  the identity to act as (RFC 4422 §3.4.1); equals {@code authenticationId} when the
     *                         client asked for none
     * @param authenticationId the identity whose credentials were verified
     * @param additionalData   data to send the client with the outcome, or {@code null} for none
     */
    public Success {
      Objects.requireNonNull(authorizationId, "authorizationId");
      Objects.requireNonNull(authenticationId, "authenticationId");
      additionalData = additionalData == null ? null : additionalData.clone();
    }

    /** {@return a copy of the additional data, or {@code null} when there is none} */
    @Override
    public byte[] additionalData() {
      return additionalData == null ? null : additionalData.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Success s
          && authorizationId.equals(s.authorizationId)
          && authenticationId.equals(s.authenticationId)
          && Arrays.equals(additionalData, s.additionalData);
    }

    @Override
    public int hashCode() {
      return Objects.hash(authorizationId, authenticationId, Arrays.hashCode(additionalData));
    }

    @Override
    public String toString() {
      return "Success[authorizationId=" + authorizationId + ", authenticationId=" + authenticationId
          + ", additionalData=" + (additionalData == null ? "none" : additionalData.length + " bytes") + "]";
    }
  }

  /**
   * The exchange failed (RFC 4422 §3.6); the engine maps the reason to its reply (see {@link SaslFailure}).
   *
   * @param reason why, as a type the engines map to reply codes
   * @param detail a short explanation that is safe to log: it never holds a password, token, proof or digest
   */
  record Failure(SaslFailure reason, String detail) implements SaslServerStep {

    /**
     * Validates that both values are present.
     *
     * @param reason why, as a type the engines map to reply codes
     * @param detail a short explanation that is safe to log: it never holds a password, token, proof or digest
     */
    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
