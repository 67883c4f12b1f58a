package dev.missive.smtp;

import dev.missive.message.header.DateTimes;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code Received:} trace field (RFC 5321 §4.4 {@code Time-stamp-line}) that a receiving SMTP server prepends to
 * a message: {@code from} the client's EHLO name with the TCP information, {@code by} this host, {@code with}
 * the protocol keyword (RFC 3848), an {@code id}, for a single recipient {@code for} and, for a message with a
 * priority, RFC 6710's {@code PRIORITY} clause.
 *
 * <p>{@link #toString()} gives the field folded with CRLF and tab, ending in CRLF, ready to be written before the
 * message; every part is validated so that no part can inject a line ending or break out of its comment.
 *
 * @param fromDomain the name the client gave in HELO/EHLO/LHLO
 * @param tcpInfo    the client's address as the server saw it, such as {@code [192.0.2.1]} (written in parentheses)
 * @param byDomain   this server's host name
 * @param protocol   the {@code WITH} keyword
 * @param id         the {@code ID} clause: a queue or session identifier (an atom)
 * @param forPath    the {@code FOR} clause: the single recipient's path, such as {@code <bob@example.org>}
 * @param priority   the {@code PRIORITY} clause (RFC 6710 §4.1 item 2), for a message with an MT-PRIORITY
 * @param date       the date and time of receipt (written by message-format's {@link DateTimes}, RFC 5322 §3.3)
 */
public record ReceivedField(String fromDomain, Optional<String> tcpInfo, String byDomain, TraceProtocol protocol,
    Optional<String> id, Optional<String> forPath, Optional<Priority> priority, ZonedDateTime date) {

  /**
   * RFC 6710's {@code PRIORITY} clause, one of RFC 5321 §4.4's {@code Additional-Registered-Clauses} (RFC 6710 §7:
   * {@code Pri = CFWS "PRIORITY" FWS priority-value}), which a server that supports MT-PRIORITY SHOULD write
   * (§4.1 item 2). Its value is the priority the server gave the message (§4.1 items 4 and 5, the one a relay passes
   * on, §4.2 item 1); where that is not what the client's {@code MT-PRIORITY=} asked for, a comment before the
   * {@code ;} says what it asked for, as {@code PRIORITY 0 (changed from 3)}, or {@code (changed from none)} when
   * it asked for none, so the value §10 registers the clause for, the one specified in MAIL FROM, is kept too.
   *
   * @param assigned  the message's priority
   * @param requested the client's {@code MT-PRIORITY=}, if it wrote one
   */
  public record Priority(MtPriority assigned, Optional<MtPriority> requested) {

    /**
     * Checks that both are present.
     *
     * @param assigned  the message's priority
     * @param requested the client's {@code MT-PRIORITY=}, if it wrote one
     */
    public Priority {
      Objects.requireNonNull(assigned, "assigned");
      Objects.requireNonNull(requested, "requested");
    }

    /** {@return whether the server gave another priority than the client asked for} */
    public boolean changed() {
      return requested.map(r -> !r.equals(assigned)).orElse(true);
    }

    /** {@return the clause as written in the field, such as {@code PRIORITY 0 (changed from 3)}} */
    @Override
    public String toString() {
      return "PRIORITY " + assigned.value() + (!changed() ? ""
          : " (changed from " + requested.map(r -> Integer.toString(r.value())).orElse("none") + ")");
    }
  }

  /**
   * A field without a {@code PRIORITY} clause.
   *
   * @param fromDomain the name the client gave in HELO/EHLO/LHLO
   * @param tcpInfo    the client's address as the server saw it, such as {@code [192.0.2.1]} (written in parentheses)
   * @param byDomain   this server's host name
   * @param protocol   the {@code WITH} keyword
   * @param id         the {@code ID} clause: a queue or session identifier (an atom)
   * @param forPath    the {@code FOR} clause: the single recipient's path, such as {@code <bob@example.org>}
   * @param date       the date and time of receipt (written by message-format's {@link DateTimes}, RFC 5322 §3.3)
   */
  public ReceivedField(String fromDomain, Optional<String> tcpInfo, String byDomain, TraceProtocol protocol,
      Optional<String> id, Optional<String> forPath, ZonedDateTime date) {
    this(fromDomain, tcpInfo, byDomain, protocol, id, forPath, Optional.empty(), date);
  }

  /**
   * Validates every part.
   *
   * @param fromDomain the name the client gave in HELO/EHLO/LHLO
   * @param tcpInfo    the client's address as the server saw it, such as {@code [192.0.2.1]} (written in parentheses)
   * @param byDomain   this server's host name
   * @param protocol   the {@code WITH} keyword
   * @param id         the {@code ID} clause: a queue or session identifier (an atom)
   * @param forPath    the {@code FOR} clause: the single recipient's path, such as {@code <bob@example.org>}
   * @param priority   the {@code PRIORITY} clause (RFC 6710 §4.1 item 2), for a message with an MT-PRIORITY
   * @param date       the date and time of receipt (written by message-format's {@link DateTimes}, RFC 5322 §3.3)
   */
  public ReceivedField {
    requireToken(fromDomain, "fromDomain", false);
    Objects.requireNonNull(tcpInfo, "tcpInfo").ifPresent(t -> requireToken(t, "tcpInfo", true));
    requireToken(byDomain, "byDomain", false);
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(id, "id").ifPresent(i -> requireToken(i, "id", false));
    Objects.requireNonNull(forPath, "forPath").ifPresent(f -> requireToken(f, "forPath", false));
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(date, "date");
  }

  /** Rejects empty values, controls, and characters that would end a token or a comment. */
  private static void requireToken(String value, String name, boolean spacesAllowed) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F || c == '(' || c == ')' || c == '\\' || c == ';' || (c == ' ' && !spacesAllowed)) {
        throw new IllegalArgumentException(name + " holds a character not allowed in a Received field");
      }
    }
  }

  /** The field name and body, folded, ending in CRLF. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(160);
    sb.append("Received: from ").append(fromDomain);
    tcpInfo.ifPresent(t -> sb.append(" (").append(t).append(')'));
    sb.append("\r\n\tby ").append(byDomain).append(" with ").append(protocol.name());
    id.ifPresent(i -> sb.append(" id ").append(i));
    forPath.ifPresent(f -> sb.append("\r\n\tfor ").append(f));
    priority.ifPresent(p -> sb.append(forPath.isPresent() ? " " : "\r\n\t").append(p));
    sb.append(";\r\n\t").append(DateTimes.format(date)).append("\r\n");
    return sb.toString();
  }

  /** {@return the field as UTF-8 octets (an SMTPUTF8 session may carry UTF-8 names, RFC 6531 §3.7.3)} */
  public byte[] toBytes() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }
}
