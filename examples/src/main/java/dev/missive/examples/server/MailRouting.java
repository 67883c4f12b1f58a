package dev.missive.examples.server;

import dev.missive.examples.maildir.Maildir;
import dev.missive.examples.relay.RelaySpool;
import dev.missive.message.address.Domain;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where mail goes: local domains and users to their Maildirs, other domains to the relay spool when a smarthost is
 * configured.
 *
 * @param maildir the Maildir tree
 * @param users   the local users
 * @param domains the local domains (lower case)
 * @param relaySpool the relay spool, if a smarthost is configured
 */
record MailRouting(Maildir maildir, Users users, List<String> domains, Optional<RelaySpool> relaySpool) {

  boolean isLocal(Domain domain) {
    return domains.contains(domain.value().toLowerCase(Locale.ROOT));
  }

  /** The local user a local part names, if there is one (RFC 5321 §2.4: local parts are matched case-insensitively here). */
  Optional<String> localUser(String localPart) {
    return users.canonical(localPart);
  }

  /** The mailbox that receives mail for {@code <postmaster>} (RFC 5321 §4.5.1): a user named postmaster, or the first user. */
  Optional<String> postmaster() {
    return users.canonical("postmaster").or(() -> users.names().stream().findFirst());
  }

  boolean canRelay() {
    return relaySpool.isPresent();
  }

  RelaySpool relay() {
    return relaySpool.orElseThrow();
  }
}
