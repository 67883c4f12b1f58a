package dev.missive.sasl.exchange.internal;

import dev.missive.sasl.SaslClientMechanism;
import dev.missive.sasl.SaslException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side of one SASL exchange framed for a line protocol (RFC 4422 §3; SMTP RFC 4954 §4, POP3 RFC 5034
 * §4, IMAP RFC 9051 §6.2.2 with RFC 4959 SASL-IR): the AUTH command's arguments with or without an initial response,
 * a base64 response to each challenge, {@code *} to cancel, and the verdict on the server's final answer. Each
 * protocol keeps only its command word, its continuation prefix and its limits.
 *
 * <p>An initial response that the protocol may not carry (the line would be too long, or IMAP without SASL-IR) is
 * sent instead in answer to the server's first, empty challenge (RFC 4954 §4). A mechanism that refuses a challenge
 * ({@link SaslException}) or fails ({@link RuntimeException}) cancels the exchange with {@code *}; the reason is
 * kept for the failure report. Success counts only once the mechanism has completed its part: a mutual mechanism
 * must have verified the server (RFC 5802 §5.1), so a server that claims success early is not trusted. The strings
 * returned for the wire carry secrets; none is kept or shown by {@code toString()}.
 */
public final class SaslClientExchange {

  private final SaslClientMechanism mechanism;
  private boolean started;
  private byte[] deferredInitialResponse;
  private String cancelReason;

  /**
   * One exchange with a fresh mechanism.
   *
   * @param mechanism the client mechanism for this attempt
   */
  public SaslClientExchange(SaslClientMechanism mechanism) {
    this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
  }

  /** {@return the mechanism name, as it goes in the AUTH command} */
  public String mechanism() {
    return mechanism.name();
  }

  /**
   * The AUTH command's arguments: {@code NAME}, or {@code NAME <base64>} / {@code NAME =} with the initial
   * response. Asks the mechanism for its initial response (which counts as sending it): when it does not fit in
   * {@code maxLength} or the protocol may not carry it now, it is kept for the server's empty challenge instead.
   *
   * @param maxLength               the longest the arguments may be, in octets (the protocol's line limit minus its
   *                                command word and line ending: SMTP 512 − 7, POP3 255 − 5)
   * @param initialResponseAllowed  whether the command may carry an initial response (IMAP: only with SASL-IR)
   * @return the arguments, without the command word
   * @throws IllegalStateException if called twice
   */
  public String commandArguments(int maxLength, boolean initialResponseAllowed) {
    if (started) {
      throw new IllegalStateException("the AUTH command of this exchange was already made");
    }
    started = true;
    String name = mechanism.name();
    byte[] initial;
    try {
      initial = mechanism.initialResponse();
    } catch (RuntimeException e) {
      cancelReason = name + " failed to make its initial response";
      return name;
    }
    if (initial == null) {
      return name;
    }
    String withInitial = name + " " + (initial.length == 0 ? "=" : Base64.getEncoder().encodeToString(initial));
    if (initialResponseAllowed && withInitial.length() <= maxLength) {
      return withInitial;
    }
    deferredInitialResponse = initial;
    return name;
  }

  /**
   * The line answering a server challenge: the base64 response (possibly empty), or {@code *} to cancel when the
   * challenge is not base64, the mechanism refuses or fails on it, a challenge comes where the deferred initial
   * response was due, or the exchange was cancelled already.
   *
   * @param challengeBase64 the challenge text after the protocol's continuation prefix
   * @return the response line, without line ending
   * @throws IllegalStateException if {@link #commandArguments(int, boolean)} was not called first
   */
  public String respond(String challengeBase64) {
    Objects.requireNonNull(challengeBase64, "challengeBase64");
    if (!started) {
      throw new IllegalStateException("respond before the AUTH command was made");
    }
    if (cancelReason != null) {
      return "*";
    }
    if (deferredInitialResponse != null) {
      byte[] initial = deferredInitialResponse;
      deferredInitialResponse = null;
      return challengeBase64.isEmpty() ? Base64.getEncoder().encodeToString(initial)
          : cancel("the server sent a challenge where the initial response was due");
    }
    byte[] challenge;
    try {
      challenge = Base64.getDecoder().decode(challengeBase64);
    } catch (IllegalArgumentException e) {
      return cancel("the server's challenge is not base64");
    }
    try {
      byte[] response = mechanism.evaluateChallenge(challenge);
      return Base64.getEncoder().encodeToString(response == null ? new byte[0] : response);
    } catch (SaslException e) {
      return cancel(mechanism.name() + " refused the server's challenge: " + e.getMessage());
    } catch (RuntimeException e) {
      return cancel(mechanism.name() + " failed on the server's challenge (" + e.getClass().getName() + ")");
    }
  }

  /** {@return why the client cancelled with {@code *}, if it did} */
  public Optional<String> cancelled() {
    return Optional.ofNullable(cancelReason);
  }

  /**
   * The verdict on the server's final answer.
   *
   * @param serverSaidSuccess whether the server answered success ({@code 235}, {@code +OK}, tagged {@code OK})
   * @return empty when authenticated; otherwise why not: the server refused, the client cancelled, or the server
   *     claimed success before the mechanism completed (the server is not verified, RFC 4422 §3.6)
   */
  public Optional<String> failure(boolean serverSaidSuccess) {
    if (cancelReason != null) {
      return Optional.of("cancelled: " + cancelReason);
    }
    if (!serverSaidSuccess) {
      return Optional.of("the server refused authentication");
    }
    if (!mechanism.isComplete() || deferredInitialResponse != null) {
      return Optional.of("the server reported success before the " + mechanism.name()
          + " exchange completed: the server is not verified (RFC 4422 §3.6)");
    }
    return Optional.empty();
  }

  private String cancel(String reason) {
    cancelReason = reason;
    return "*";
  }

  /** Names the mechanism only. */
  @Override
  public String toString() {
    return "SaslClientExchange[" + mechanism.name() + (cancelReason != null ? ", cancelled]" : "]");
  }
}
