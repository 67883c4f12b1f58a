package dev.missive.smtp.server;

import dev.missive.smtp.FutureReleaseOffer;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.TransactionLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a server session advertises in its EHLO/LHLO reply (RFC 5321 §4.1.1.1) given its TLS state, and the command
 * line limit those extensions imply (RFC 5321 §4.5.3.1.4; docs/architecture.md, "Limits").
 *
 * <p>STARTTLS only before TLS (RFC 3207 §4.2); REQUIRETLS only under TLS (RFC 8689 §4); AUTH only when some
 * mechanism may run on this connection (RFC 4954 §4); BINARYMIME only with CHUNKING (RFC 3030 §3);
 * ENHANCEDSTATUSCODES exactly when the configuration switch is on (RFC 2034).
 */
final class Capabilities {

  private Capabilities() {
  }

  /** The extensions offered on a connection whose TLS state is {@code tls}, in the configured order. */
  static Set<SmtpExtension> offered(SmtpServerConfig config, boolean tls) {
    Set<SmtpExtension> out = EnumSet.noneOf(SmtpExtension.class);
    for (SmtpExtension e : config.extensions()) {
      if (isOffered(config, tls, e)) {
        out.add(e);
      }
    }
    if (config.enhancedStatusCodes()) {
      out.add(SmtpExtension.ENHANCED_STATUS_CODES);
    }
    return out;
  }

  private static boolean isOffered(SmtpServerConfig config, boolean tls, SmtpExtension e) {
    switch (e) {
      case STARTTLS:
        return config.tlsAvailable() && !tls;
      case REQUIRETLS:
        return tls;
      case AUTH:
        return !authMechanisms(config, tls).isEmpty();
      case BINARY_MIME:
        return config.extensions().contains(SmtpExtension.CHUNKING);
      case ENHANCED_STATUS_CODES:
        return config.enhancedStatusCodes();
      default:
        return true;
    }
  }

  /** The AUTH mechanism names that may run on this connection. */
  static List<String> authMechanisms(SmtpServerConfig config, boolean tls) {
    if (!config.extensions().contains(SmtpExtension.AUTH) || config.authMechanisms().isEmpty()
        || (config.authRequiresTls() && !tls)) {
      return List.of();
    }
    return config.authMechanisms().get().names(tls || config.plaintextAuthAllowed());
  }

  /**
   * The EHLO/LHLO reply: its configured first line ({@code <hostname> greets <client>} by default) then one keyword per line, in the configured order
   * (ENHANCEDSTATUSCODES appended when switched on but not listed); FUTURERELEASE with the configured longest hold
   * and the latest release time it gives at {@code now} (RFC 4865 §3).
   */
  static Reply ehloReply(SmtpServerConfig config, Set<SmtpExtension> offered, boolean tls, String clientName,
      Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add(config.texts().expand(ReplyText.EHLO_GREETING, config.hostname(), clientName));
    List<SmtpExtension> order = new ArrayList<>(config.extensions());
    if (!order.contains(SmtpExtension.ENHANCED_STATUS_CODES)) {
      order.add(SmtpExtension.ENHANCED_STATUS_CODES);
    }
    for (SmtpExtension e : order) {
      if (!offered.contains(e)) {
        continue;
      }
      if (e == SmtpExtension.SIZE) {
        long max = config.limits().maxMessageSize();
        lines.add(max == Long.MAX_VALUE ? "SIZE" : "SIZE " + max);
      } else if (e == SmtpExtension.XCLIENT || e == SmtpExtension.XFORWARD) {
        lines.add(e.keyword() + " " + (e == SmtpExtension.XCLIENT ? ForwardingCommand.XCLIENT_ATTRIBUTES
            : ForwardingCommand.XFORWARD_ATTRIBUTES));
      } else if (e == SmtpExtension.LIMITS) { // RFC 9422: what MAIL and RCPT enforce; no keyword without a value
        String announced = limits(config.limits()).toParameters();
        if (!announced.isEmpty()) {
          lines.add("LIMITS " + announced);
        }
      } else if (e == SmtpExtension.MT_PRIORITY && config.priorityPolicy().isPresent()) {
        lines.add("MT-PRIORITY " + config.priorityPolicy().get().name()); // RFC 6710 §3: the policy's name
      } else if (e == SmtpExtension.DELIVERBY && !config.limits().minDeliverBy().isZero()) {
        lines.add("DELIVERBY " + config.limits().minDeliverBy().getSeconds()); // RFC 2852 §2: min-by-time
      } else if (e == SmtpExtension.FUTURERELEASE) {
        lines.add("FUTURERELEASE " + FutureReleaseOffer.of(now, config.limits().maxFutureRelease()).toParameters());
      } else if (e == SmtpExtension.AUTH) {
        lines.add("AUTH " + String.join(" ", authMechanisms(config, tls)));
      } else {
        lines.add(e.keyword());
      }
    }
    return new Reply(250, Optional.empty(), lines);
  }

  /**
   * The limits LIMITS announces (RFC 9422), as the engine enforces them: RCPTMAX, and MAILMAX and RCPTDOMAINMAX when
   * configured; a value past the six digits of §4's value syntax is not announced (a client would ignore it, §3.7).
   */
  static TransactionLimits limits(SmtpLimits limits) {
    return new TransactionLimits(announced(limits.maxTransactions()), announced(limits.maxRecipients()),
        announced(limits.maxRecipientDomains()));
  }

  private static OptionalInt announced(int limit) {
    return limit <= 999_999 ? OptionalInt.of(limit) : OptionalInt.empty();
  }

  /**
   * The longest command line accepted (without CRLF): the configured base (RFC 5321 §4.5.3.1.4) plus the larger of
   * what the offered extensions may add to a MAIL and to a RCPT command, since one line is one command.
   *
   * <p>MAIL: SIZE 26 (RFC 1870 §3), {@code AUTH=} 500 (RFC 4954 §5), {@code BODY=} 20 (RFC 6152, RFC 3030),
   * SMTPUTF8 10 (RFC 6531 §3.4), REQUIRETLS 11 (RFC 8689), and for DSN {@code ENVID=} with its value of at most
   * 100 characters (RFC 3461 §4.4) and {@code RET=HDRS} (§4.3): 116. RCPT: for DSN {@code ORCPT=} with its value
   * of at most 500 characters (RFC 3461 §4.2) and the longest {@code NOTIFY=SUCCESS,FAILURE,DELAY} (§4.1): 536.
   * DELIVERBY {@code BY=} with nine digits, sign, mode and trace (RFC 2852 §4), MT-PRIORITY 15 (RFC 6710),
   * FUTURERELEASE {@code HOLDUNTIL=} with an RFC 3339 date-time of at most 35 characters (RFC 4865 §3); RCPT: RRVS
   * with its date-time and {@code ;C} (RFC 7293 §3). The extensions' growth is not summed over both commands: a
   * line carries either a MAIL or a RCPT.
   */
  static int commandLineLength(SmtpServerConfig config, Set<SmtpExtension> offered) {
    return config.limits().commandLineLength() + Math.max(mailGrowth(offered), rcptGrowth(offered));
  }

  /** What the offered extensions may add to a MAIL command line. */
  static int mailGrowth(Set<SmtpExtension> offered) {
    int grow = offered.contains(SmtpExtension.SIZE) ? 26 : 0;
    grow += offered.contains(SmtpExtension.AUTH) ? 500 : 0;
    grow += offered.contains(SmtpExtension.DSN)
        ? " ENVID=".length() + MailParameters.MAX_ENVID_LENGTH + " RET=HDRS".length() : 0;
    grow += offered.contains(SmtpExtension.EIGHT_BIT_MIME) || offered.contains(SmtpExtension.BINARY_MIME) ? 20 : 0;
    grow += offered.contains(SmtpExtension.SMTPUTF8) ? 10 : 0;
    grow += offered.contains(SmtpExtension.REQUIRETLS) ? 11 : 0;
    grow += offered.contains(SmtpExtension.DELIVERBY) ? " BY=-999999999;RT".length() : 0;
    grow += offered.contains(SmtpExtension.MT_PRIORITY) ? " MT-PRIORITY=-9".length() : 0;
    grow += offered.contains(SmtpExtension.FUTURERELEASE) ? " HOLDUNTIL=".length() + 35 : 0;
    return grow;
  }

  /** What the offered extensions may add to a RCPT command line. */
  static int rcptGrowth(Set<SmtpExtension> offered) {
    int rrvs = offered.contains(SmtpExtension.RRVS) ? " RRVS=".length() + 35 + ";C".length() : 0;
    return rrvs + (offered.contains(SmtpExtension.DSN)
        ? " NOTIFY=SUCCESS,FAILURE,DELAY".length() + " ORCPT=".length() + OriginalRecipient.MAX_LENGTH : 0);
  }

  /**
   * The reply to HELP (RFC 5321 §4.1.1.8): the commands this connection accepts now, built from what is offered:
   * LHLO under LMTP (RFC 2033 §4.1) or HELO and EHLO; BDAT only with CHUNKING (RFC 3030 §2); VRFY and EXPN only
   * when enabled; STARTTLS only before TLS and when available (RFC 3207 §4.2); AUTH only when a mechanism may run
   * on this connection (RFC 4954 §4); ETRN and ATRN when configured (RFC 1985 §2, RFC 2645 §5.1.1).
   */
  static Reply help(SmtpServerConfig config, boolean tls) {
    Set<SmtpExtension> offered = offered(config, tls);
    StringBuilder commands = new StringBuilder(config.lmtp() ? "Commands: LHLO" : "Commands: HELO EHLO");
    commands.append(" MAIL RCPT DATA").append(offered.contains(SmtpExtension.CHUNKING) ? " BDAT" : "");
    commands.append(" RSET NOOP QUIT");
    commands.append(config.extensions().contains(SmtpExtension.VRFY) ? " VRFY" : "");
    commands.append(config.extensions().contains(SmtpExtension.EXPN) ? " EXPN" : "");
    commands.append(" HELP");
    commands.append(offered.contains(SmtpExtension.STARTTLS) ? " STARTTLS" : "");
    commands.append(offered.contains(SmtpExtension.AUTH) ? " AUTH" : "");
    commands.append(offered.contains(SmtpExtension.ETRN) ? " ETRN" : "");
    commands.append(offered.contains(SmtpExtension.ATRN) ? " ATRN" : "");
    return Reply.of(214, "2.0.0", commands.toString(), "See RFC 5321");
  }
}
