package dev.missive.smtp.client;

import dev.missive.smtp.FutureReleaseOffer;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The service extensions a server announced in its reply to EHLO (RFC 5321 §4.1.1.1 {@code ehlo-line}), by
 * upper-cased keyword with their parameters; empty after HELO.
 *
 * <p>Parsing is total: a line that is not an {@code ehlo-keyword *(SP ehlo-param)} is ignored.
 *
 * @param domain   the first word of the reply's first line (the server's name), possibly empty
 * @param keywords the extension keywords in upper case, in announced order, with their parameters
 */
public record EhloCapabilities(String domain, Map<String, List<String>> keywords) {

  /**
   * Copies the map.
   *
   * @param domain   the first word of the reply's first line (the server's name), possibly empty
   * @param keywords the extension keywords in upper case, in announced order, with their parameters
   */
  public EhloCapabilities {
    domain = domain == null ? "" : domain;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    keywords.forEach((k, v) -> copy.put(k.toUpperCase(Locale.ROOT), List.copyOf(v)));
    keywords = Collections.unmodifiableMap(copy);
  }

  /**
   * What a server that answered HELO offers: nothing (RFC 5321 §4.1.1.1).
   *
   * @param domain the domain the server greeted with
   * @return capabilities with no extension
   */
  public static EhloCapabilities none(String domain) {
    return new EhloCapabilities(domain, Map.of());
  }

  /**
   * Reads the capabilities from a 250 reply to EHLO.
   *
   * @param ehloReply the server's 250 reply to EHLO or LHLO
   * @return the domain and the keywords with their parameters
   */
  public static EhloCapabilities parse(Reply ehloReply) {
    List<String> lines = ehloReply.lines();
    String first = lines.get(0).trim();
    int space = first.indexOf(' ');
    String domain = space < 0 ? first : first.substring(0, space);
    Map<String, List<String>> keywords = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] words = line.trim().split(" +");
      if (isKeyword(words[0])) {
        keywords.putIfAbsent(words[0].toUpperCase(Locale.ROOT),
            new ArrayList<>(Arrays.asList(words).subList(1, words.length)));
      }
    }
    return new EhloCapabilities(domain, keywords);
  }

  private static boolean isKeyword(String word) {
    if (word.isEmpty() || word.charAt(0) == '-') {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the server announced {@code extension}.
   *
   * @param extension the extension
   * @return whether its keyword was announced
   */
  public boolean has(SmtpExtension extension) {
    return keywords.containsKey(extension.keyword());
  }

  /**
   * Whether the server announced the keyword (case-insensitive).
   *
   * @param keyword the EHLO keyword, in any case
   * @return whether it was announced
   */
  public boolean has(String keyword) {
    return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
  }

  /**
   * The parameters announced with the keyword, empty if none or not announced.
   *
   * @param keyword the EHLO keyword, in any case
   * @return its parameters in announced order
   */
  public List<String> parameters(String keyword) {
    return keywords.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
  }

  /**
   * The limits the server announced with {@code LIMITS} (RFC 9422), which the client honours: at most
   * {@code RCPTMAX} recipients per transaction, {@code MAILMAX} transactions per session.
   *
   * @return the limits, or {@link dev.missive.smtp.TransactionLimits#NONE} when none (or unusable ones) were announced
   */
  public dev.missive.smtp.TransactionLimits limits() {
    dev.missive.smtp.TransactionLimits limits = dev.missive.smtp.TransactionLimits.parse(
        String.join(" ", parameters("LIMITS")));
    return limits == null ? dev.missive.smtp.TransactionLimits.NONE : limits;
  }

  /**
   * The priority assignment policy the server names with MT-PRIORITY (RFC 6710 §3, §9).
   *
   * @return the policy; empty when MT-PRIORITY is absent, names none, or names one not registered
   */
  public Optional<MtPriority.Policy> priorityPolicy() {
    List<String> p = parameters(SmtpExtension.MT_PRIORITY.keyword());
    return p.isEmpty() ? Optional.empty() : Optional.ofNullable(MtPriority.Policy.parse(p.get(0)));
  }

  /**
   * The shortest {@code BY=} time with return mode the server accepts: DELIVERBY's {@code min-by-time}, the first
   * of its comma-separated options (RFC 2852 §2).
   *
   * @return the seconds; empty when DELIVERBY is absent, has no option or an unreadable one
   */
  public OptionalLong minDeliverBy() {
    List<String> p = parameters(SmtpExtension.DELIVERBY.keyword());
    String first = p.isEmpty() ? "" : p.get(0).split(",", -1)[0];
    if (first.isEmpty() || first.length() > 9 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(first));
  }

  /**
   * What the server offers with {@code FUTURERELEASE} (RFC 4865 §3): the longest hold and the latest release time.
   *
   * @return the offer; empty when FUTURERELEASE is absent or its parameters are not an interval and a date-time
   */
  public Optional<FutureReleaseOffer> futureRelease() {
    return Optional.ofNullable(has(SmtpExtension.FUTURERELEASE)
        ? FutureReleaseOffer.parse(String.join(" ", parameters("FUTURERELEASE"))) : null);
  }

  /**
   * The fixed maximum message size of {@code SIZE n} (RFC 1870 §4); empty when SIZE is absent, has no number, an
   * unreadable number, or 0 (no fixed maximum).
   *
   * @return the server's fixed maximum message size in octets, or empty
   */
  public OptionalLong maxSize() {
    List<String> p = parameters(SmtpExtension.SIZE.keyword());
    if (p.isEmpty() || p.get(0).isEmpty() || p.get(0).length() > 18
        || !p.get(0).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long n = Long.parseLong(p.get(0));
    return n == 0 ? OptionalLong.empty() : OptionalLong.of(n);
  }

  /** {@return the SASL mechanisms announced with AUTH (RFC 4954 §3), upper-cased} */
  public Set<String> authMechanisms() {
    Set<String> names = new LinkedHashSet<>();
    for (String m : parameters(SmtpExtension.AUTH.keyword())) {
      names.add(m.toUpperCase(Locale.ROOT));
    }
    return names;
  }
}
