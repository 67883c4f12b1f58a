package dev.missive.pop3.server;

import dev.missive.pop3.Maildrop;
import dev.missive.pop3.MaildropLockedException;
import dev.missive.pop3.Password;
import java.io.IOException;
import java.util.Optional;

/**
 * The host's side of a POP3 server in the common synchronous case: checks logins and opens maildrops
 * (RFC 1939 §4 and §7); used by {@link Pop3HandlerServer}, which answers the engine's events with it.
 *
 * <p>A POP3 server over the host's own storage, with the testkit's or any blocking-socket transport:
 * <pre>{@code
 * Pop3ServerConfig config = Pop3ServerConfig.builder().hostname("mail.example.org").build();
 * EngineEnvironment env = EngineEnvironment.system();
 * Pop3Handler handler = new Pop3Handler() {
 *   public boolean login(String user, Password password) {
 *     return users.containsKey(user) && password.matches(users.get(user));   // constant time
 *   }
 *   public Optional<Password> apopSecret(String user) {
 *     return Optional.ofNullable(users.get(user)).map(Password::of);
 *   }
 *   public Maildrop open(String user) throws MaildropLockedException, IOException {
 *     return store.lock(user);            // your Maildrop: messages(), retrieve(n), update(deleted), close()
 *   }
 * };
 * try (ServerSocket listener = new ServerSocket(110)) {
 *   while (true) {
 *     Socket s = listener.accept();
 *     ConnectionSecurity security = s.getInetAddress().isLoopbackAddress()
 *         ? ConnectionSecurity.TRUSTED : ConnectionSecurity.PLAINTEXT;
 *     PeerInfo peer = PeerInfo.of(s.getInetAddress().getHostAddress(), security, env);
 *     ProtocolEngine pop3 = new Pop3HandlerServer(config, env, peer, session -> handler);
 *     pool.submit(() -> runHostLoop(pop3, s));   // the loop in ProtocolEngine's Javadoc
 *   }
 * }
 * }</pre>
 */
public interface Pop3Handler {

  /**
   * Whether {@code password} is right for {@code user} (USER/PASS); compare with {@link Password#matches}.
   *
   * @param user     the user name from USER
   * @param password the password from PASS
   * @return whether the login succeeds
   */
  boolean login(String user, Password password);

  /**
   * The APOP shared secret of {@code user}, or empty if the user is unknown or may not use APOP.
   *
   * @param user the user name from APOP
   * @return the user's shared secret, or empty
   */
  default Optional<Password> apopSecret(String user) {
    return Optional.empty();
  }

  /**
   * Opens and locks the maildrop of an authenticated user.
   *
   * @param user the authenticated user
   * @return the user's maildrop, locked for this session
   * @throws MaildropLockedException if another session holds it ({@code -ERR [IN-USE]})
   * @throws IOException             if the storage fails ({@code -ERR [SYS/TEMP]})
   */
  Maildrop open(String user) throws MaildropLockedException, IOException;
}
