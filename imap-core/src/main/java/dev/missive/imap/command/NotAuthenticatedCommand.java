package dev.missive.imap.command;

import dev.missive.imap.internal.text.Checks;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

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
   * AUTHENTICATE (RFC 9051 §6.2.2) with the optional initial response of SASL-IR (RFC 4959 §3), as sent: base64, or
   * {@code =} for an empty one — what the sasl module's {@code SaslServerExchange.start} takes, which decodes it
   * and refuses malformed base64. The response is a secret: {@link #toString()} never shows it.
   *
   * @param tag             the command's tag
   * @param mechanism       the SASL mechanism name, upper case
   * @param initialResponse the initial response as sent (base64 alphabet and padding only), if any
   */
  record Authenticate(String tag, String mechanism, Optional<String> initialResponse)
      implements NotAuthenticatedCommand {
    /**
     * Checks the values.
     *
     * @param tag             the command's tag
     * @param mechanism       the SASL mechanism name, upper case
     * @param initialResponse the initial response as sent, if any
     */
    public Authenticate {
      Checks.tag(tag);
      Checks.atom("mechanism", mechanism);
      Objects.requireNonNull(initialResponse, "initialResponse");
      initialResponse.ifPresent(r -> {
        if (r.isEmpty() || !r.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=')) {
          throw new IllegalArgumentException("an initial response is base64 or = (RFC 9051 §9 initial-resp)");
        }
      });
    }

    /** {@return the tag and mechanism; the initial response is masked} */
    @Override
    public String toString() {
      return "Authenticate[tag=" + tag + ", mechanism=" + mechanism + ", initialResponse="
          + (initialResponse.isEmpty() ? "none" : "***") + "]";
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
