package dev.missive.imap.command;

import dev.missive.imap.internal.text.Checks;
import java.util.Arrays;
import java.util.Objects;

/** The commands valid only before authentication (RFC 9051 §6.2 {@code command-nonauth}). */
public sealed interface NotAuthenticatedCommand extends Command {

  /**
   * STARTTLS (RFC 9051 §6.2.1). Whatever the client sent after it, before the handshake, must be discarded.
   *
   * @param tag the command's tag
   */
  record StartTls(String tag) implements NotAuthenticatedCommand {
    /**
     * Checks the tag.
     *
     * @param tag the command's tag
     */
    public StartTls {
      Checks.tag(tag);
    }
  }

  /**
   * AUTHENTICATE (RFC 9051 §6.2.2) with the optional initial response of SASL-IR (RFC 4959 §3), base64-decoded.
   * The response is a secret: {@link #toString()} never shows it and {@link #initialResponse()} returns a copy.
   *
   * @param tag             the command's tag
   * @param mechanism       the SASL mechanism name, upper case
   * @param initialResponse the decoded initial response; empty for {@code =}; null when none was sent
   */
  record Authenticate(String tag, String mechanism, byte[] initialResponse) implements NotAuthenticatedCommand {
    /**
     * Checks and copies.
     *
     * @param tag             the command's tag
     * @param mechanism       the SASL mechanism name, upper case
     * @param initialResponse the decoded initial response; empty for {@code =}; null when none was sent
     */
    public Authenticate {
      Checks.tag(tag);
      Checks.atom("mechanism", mechanism);
      initialResponse = initialResponse == null ? null : initialResponse.clone();
    }

    /** {@return a copy of the decoded initial response, empty for {@code =}, or null when none was sent} */
    @Override
    public byte[] initialResponse() {
      return initialResponse == null ? null : initialResponse.clone();
    }

    /** {@return whether the client sent an initial response (RFC 4959)} */
    public boolean hasInitialResponse() {
      return initialResponse != null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Authenticate a && a.tag.equals(tag) && a.mechanism.equals(mechanism)
          && Arrays.equals(a.initialResponse, initialResponse);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tag, mechanism) * 31 + Arrays.hashCode(initialResponse);
    }

    /** {@return the tag and mechanism; the initial response is masked} */
    @Override
    public String toString() {
      return "Authenticate[tag=" + tag + ", mechanism=" + mechanism + ", initialResponse="
          + (initialResponse == null ? "none" : "***") + "]";
    }
  }

  /**
   * LOGIN (RFC 9051 §6.2.3). The password is a secret: {@link #toString()} never shows it and
   * {@link #password()} returns a copy the caller should clear ({@code PasswordVerifier} of the sasl module takes
   * it as it is).
   *
   * @param tag      the command's tag
   * @param userId   the user name
   * @param password the password
   */
  record Login(String tag, String userId, char[] password) implements NotAuthenticatedCommand {
    /**
     * Checks and copies.
     *
     * @param tag      the command's tag
     * @param userId   the user name
     * @param password the password
     */
    public Login {
      Checks.tag(tag);
      Objects.requireNonNull(userId, "userId");
      password = Objects.requireNonNull(password, "password").clone();
    }

    /** {@return a copy of the password; clear it after use} */
    @Override
    public char[] password() {
      return password.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Login l && l.tag.equals(tag) && l.userId.equals(userId)
          && Arrays.equals(l.password, password);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tag, userId) * 31 + Arrays.hashCode(password);
    }

    /** {@return the tag and user name; the password is masked} */
    @Override
    public String toString() {
      return "Login[tag=" + tag + ", userId=" + userId + ", password=***]";
    }
  }
}
