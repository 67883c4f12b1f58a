package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.internal.XText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads Postfix's {@code XCLIENT} and {@code XFORWARD} commands (Postfix's XCLIENT_README and XFORWARD_README):
 * {@code XCLIENT 1*( SP attribute-name "=" attribute-value )} with the xtext values of RFC 3461 §4, names case
 * insensitive. Only a client the host configured the extension for may use them (the keyword is in
 * {@link SmtpServerConfig#extensions()}, which the host sets per connection for its trusted proxies); anyone else
 * gets {@code 550 5.7.0}. An unknown attribute, a bad value or bad xtext gets {@code 501 5.5.4}. Each value is
 * checked: ADDR an IPv4 literal or {@code IPV6:} and an IPv6 literal (never a name to look up), PORT 0–65535,
 * NAME a host name, HELO printable ASCII, PROTO {@code SMTP} or {@code ESMTP}, SOURCE {@code LOCAL} or
 * {@code REMOTE}, LOGIN printable ASCII; {@code [UNAVAILABLE]} and {@code [TEMPUNAVAIL]} leave an attribute empty.
 */
final class ForwardingCommand {

  /** XCLIENT's attributes, in the order the EHLO keyword lists them. */
  static final String XCLIENT_ATTRIBUTES = "NAME ADDR PORT PROTO HELO LOGIN";
  /** XFORWARD's attributes, in the order the EHLO keyword lists them. */
  static final String XFORWARD_ATTRIBUTES = "NAME ADDR PORT PROTO HELO IDENT SOURCE";

  private static final Reply NOT_AUTHORIZED = Reply.of(550, "5.7.0", "Error: insufficient authorization");
  private static final int MAX_VALUE = 255;

  private ForwardingCommand() {
  }

  /**
   * Reads the arguments of XCLIENT ({@code xclient} true) or XFORWARD.
   *
   * @param xclient whether the command is XCLIENT
   * @param args    the text after the verb
   * @param config  the configuration whose extensions say whether this client may use the command
   * @return the command to apply, or its refusal
   */
  static CommandResult read(boolean xclient, String args, SmtpServerConfig config) {
    String verb = xclient ? "XCLIENT" : "XFORWARD";
    if (!config.extensions().contains(xclient ? SmtpExtension.XCLIENT : SmtpExtension.XFORWARD)) {
      return new CommandResult.Refuse(NOT_AUTHORIZED, true);
    }
    Set<String> allowed = Set.of((xclient ? XCLIENT_ATTRIBUTES : XFORWARD_ATTRIBUTES).split(" "));
    String[] words = args.trim().split(" +");
    if (args.isBlank()) {
      return syntax(verb + " attribute=value...");
    }
    Map<String, String> values = new HashMap<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      String name = eq < 1 ? word : word.substring(0, eq).toUpperCase(Locale.ROOT);
      if (eq < 1 || !allowed.contains(name)) {
        return syntax("Bad " + verb + " attribute name: " + printable(name));
      }
      String value = XText.decode(word.substring(eq + 1));
      if (value == null || value.length() > MAX_VALUE) {
        return syntax("Bad " + verb + " attribute value for " + name);
      }
      values.put(name, value);
    }
    try {
      ForwardedClient client = new ForwardedClient(address(values.get("ADDR")), port(values.get("PORT")),
          text(values.get("NAME"), "[A-Za-z0-9][A-Za-z0-9.-]*"), text(values.get("HELO"), "[!-~]+"),
          text(values.get("PROTO"), "(?i)E?SMTP").map(p -> p.toUpperCase(Locale.ROOT)),
          text(values.get("LOGIN"), "[!-~]+"),
          text(values.get("SOURCE"), "(?i)LOCAL|REMOTE").map(p -> p.toUpperCase(Locale.ROOT)));
      return new CommandResult.Forward(client, xclient);
    } catch (IllegalArgumentException e) {
      return syntax("Bad " + verb + " attribute value for " + e.getMessage());
    }
  }

  private static CommandResult syntax(String text) {
    return new CommandResult.Refuse(Reply.of(501, "5.5.4", text), true);
  }

  private static boolean unavailable(String value) {
    return value == null || value.equalsIgnoreCase("[UNAVAILABLE]") || value.equalsIgnoreCase("[TEMPUNAVAIL]");
  }

  private static Optional<String> text(String value, String pattern) {
    if (unavailable(value)) {
      return Optional.empty();
    }
    if (!value.matches(pattern)) {
      throw new IllegalArgumentException("a value of the wrong form");
    }
    return Optional.of(value);
  }

  private static OptionalInt port(String value) {
    if (unavailable(value)) {
      return OptionalInt.empty();
    }
    if (!value.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(value) > 65535) {
      throw new IllegalArgumentException("PORT");
    }
    return OptionalInt.of(Integer.parseInt(value));
  }

  /** An IPv4 literal or {@code IPV6:} and an IPv6 literal; the JDK parses literals without a lookup. */
  private static Optional<InetAddress> address(String value) {
    if (unavailable(value)) {
      return Optional.empty();
    }
    String octet = "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";
    boolean ipv6 = value.regionMatches(true, 0, "IPV6:", 0, 5);
    String literal = ipv6 ? value.substring(5) : value;
    boolean form = ipv6 ? literal.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*") : literal.matches(octet + "(\\." + octet
        + "){3}");
    if (form) {
      try {
        return Optional.of(InetAddress.getByName(literal));
      } catch (UnknownHostException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("ADDR");
  }

  private static String printable(String s) {
    String cut = s.length() > 32 ? s.substring(0, 32) : s;
    return cut.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? cut : "?";
  }
}
