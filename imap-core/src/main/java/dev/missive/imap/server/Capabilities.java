package dev.missive.imap.server;

import dev.missive.imap.protocol.NonSynchronizingLiterals;
import java.util.ArrayList;
import java.util.List;

/**
 * The capability list an {@link ImapServer} advertises (RFC 9051 §6.1.1, §7.2.2): what the engine implements, and
 * the host's extensions of {@link ImapServerConfig#HOST_CAPABILITIES} that the host said it keeps. Nothing is
 * advertised that is not implemented.
 */
final class Capabilities {

  private final ImapServerConfig config;

  Capabilities(ImapServerConfig config) {
    this.config = config;
  }

  /**
   * The list for the current state.
   *
   * @param notAuthenticated whether no login happened yet (STARTTLS, LOGINDISABLED and AUTH= are listed then)
   * @param tls              whether TLS is in place
   * @param loginAllowed     whether LOGIN is allowed now
   * @param mechanisms       the SASL mechanisms usable now
   */
  List<String> list(boolean notAuthenticated, boolean tls, boolean loginAllowed, List<String> mechanisms) {
    List<String> caps = new ArrayList<>(List.of("IMAP4rev1"));
    if (offersRev2(config)) {
      caps.add("IMAP4rev2");
    }
    if (notAuthenticated) {
      if (config.startTls() && !tls) {
        caps.add("STARTTLS"); // RFC 9051 §6.2.1
      }
      if (!loginAllowed) {
        caps.add("LOGINDISABLED"); // RFC 9051 §6.2.3
      }
      mechanisms.forEach(m -> caps.add("AUTH=" + m));
    }
    if (config.sasl() != null) {
      caps.add("SASL-IR"); // RFC 4959
    }
    if (config.nonSynchronizingLiterals() == NonSynchronizingLiterals.LITERAL_PLUS) {
      caps.add("LITERAL+"); // RFC 7888 §3
    } else if (config.nonSynchronizingLiterals() == NonSynchronizingLiterals.LITERAL_MINUS) {
      caps.add("LITERAL-"); // RFC 7888 §5
    }
    caps.addAll(List.of("ENABLE", "IDLE", "NAMESPACE", "ID", "UNSELECT", "MOVE", "ESEARCH", "SEARCHRES",
        "MULTIAPPEND", "UTF8=ACCEPT"));
    caps.add("APPENDLIMIT=" + config.limits().maxAppendSize()); // RFC 7889 §3
    for (String c : List.of("UIDPLUS", "CHILDREN", "SPECIAL-USE", "CREATE-SPECIAL-USE", "LIST-EXTENDED",
        "LIST-STATUS", "STATUS=SIZE", "BINARY", "CONDSTORE", "QRESYNC", ImapServerConfig.COMPRESS_DEFLATE)) {
      if (config.hostCapabilities().contains(c)) {
        caps.add(c);
      }
    }
    return caps;
  }

  /**
   * Whether IMAP4rev2 is offered: not when non-synchronizing literals are refused, since LITERAL- is part of
   * IMAP4rev2 (RFC 9051 Appendix E), so a client of an IMAP4rev2 server may send {@code {n+}} literals of up to 4096
   * octets (RFC 7888 §5) without asking; such a server is an IMAP4rev1 server (RFC 3501) only.
   *
   * @param config the engine's configuration
   * @return whether IMAP4rev2 is advertised and can be enabled
   */
  static boolean offersRev2(ImapServerConfig config) {
    return config.nonSynchronizingLiterals() != NonSynchronizingLiterals.REFUSED;
  }
}
