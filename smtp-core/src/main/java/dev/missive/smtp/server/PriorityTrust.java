package dev.missive.smtp.server;

import dev.missive.smtp.MtPriority;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which priority a message gets from the {@code MT-PRIORITY=} its client asked for (RFC 6710 §4.1): the server
 * "MUST NOT allow 'upgraded' (positive) priorities from untrusted (e.g., unauthenticated) or unauthorized sources",
 * may let anyone lower its own messages' priority, and may alter a priority (or set one where none was asked for)
 * to enforce its own policy; §11: otherwise any client could ask for priority 9 on everything.
 *
 * <p>The server engine asks this policy at every MAIL FROM while MT-PRIORITY is offered and hands the host the
 * priority it returns ({@link SmtpServerEvent.MailFrom#parameters()}, the client's own in
 * {@link SmtpServerEvent.MailFrom#requestedPriority()}). When the two differ, its standard acceptance of MAIL FROM is
 * {@link MtPriority#changedReply()}, {@code 250 2.3.6 <new priority> ...} (RFC 6710 §4.1, X.3.6); a host that
 * accepts with a reply of its own says so itself, in that reply or in the one to the end of the data.
 *
 * <p>The default, {@link #authenticatedAbove(int) authenticatedAbove(0)}, lets only sessions that authenticated with
 * AUTH ask for a positive priority. Where authentication alone does not authorize it (§4.1's example of an
 * "unauthorized source"), or where a peer is trusted by agreement between two domains without AUTH, the host
 * supplies its own rule with {@link #above(int, Predicate)}, for example by the login or the peer's address.
 */
@FunctionalInterface
public interface PriorityTrust {

  /**
   * The priority a message of {@code session} gets.
   *
   * @param requested the priority the client asked for with {@code MT-PRIORITY=}, empty when it named none
   * @param session   the session: who authenticated ({@link SmtpSession#authentication()}), from where
   *                  ({@link SmtpSession#peer()}), whether TLS protects it
   * @return the message's priority, {@link MtPriority#NORMAL} for one without a priority; never {@code null}
   */
  MtPriority assign(Optional<MtPriority> requested, SmtpSession session);

  /**
   * Priorities above {@code level} only for sessions {@code trusted} accepts; any other session's message above it
   * is lowered to {@code level} (one without a priority counts as 0, so a negative {@code level} lowers those too).
   * Messages at or below {@code level} keep what they asked for.
   *
   * @param level   the highest priority any session may ask for, -9 to 9
   * @param trusted which sessions may ask for more (RFC 6710 §4.1: authenticated and authorized ones)
   * @return the policy
   * @throws IllegalArgumentException if {@code level} is not a priority
   */
  static PriorityTrust above(int level, Predicate<SmtpSession> trusted) {
    MtPriority ceiling = new MtPriority(level);
    Objects.requireNonNull(trusted, "trusted");
    return (requested, session) -> {
      MtPriority asked = requested.orElse(MtPriority.NORMAL);
      return asked.value() > ceiling.value() && !trusted.test(session) ? ceiling : asked;
    };
  }

  /**
   * Priorities above {@code level} only for sessions that authenticated (AUTH, RFC 4954).
   *
   * @param level the highest priority a session that did not authenticate may ask for, -9 to 9
   * @return the policy; {@code authenticatedAbove(0)} is the default
   * @throws IllegalArgumentException if {@code level} is not a priority
   */
  static PriorityTrust authenticatedAbove(int level) {
    return above(level, session -> session.authentication().isPresent());
  }
}
