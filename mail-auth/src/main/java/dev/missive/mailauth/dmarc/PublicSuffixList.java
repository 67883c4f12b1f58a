package dev.missive.mailauth.dmarc;

import dev.missive.dns.DnsNames;
import dev.missive.mailauth.internal.TagList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Public Suffix List (https://publicsuffix.org/list/), which DMARC uses to find a domain's Organizational
 * Domain (RFC 7489 §3.2): the rules of the list's file format (one rule a line, {@code //} comments, {@code *}
 * wildcard labels, {@code !} exceptions) and its matching algorithm (an exception rule prevails, else the
 * matching rule with most labels, else the implicit rule {@code *}).
 *
 * <p>A copy of the list ships with this module ({@link #bundled()}; {@link #BUNDLED_VERSION} says which), under
 * the Mozilla Public License 2.0, whose text is beside it in the jar. The list changes every week: a host that
 * wants a newer one downloads {@code https://publicsuffix.org/list/public_suffix_list.dat} itself (for example
 * daily) and loads it with {@link #load(Path)}; the module's README shows how. Both the ICANN and the private
 * sections are used, as common DMARC implementations do. Rules in Unicode are kept in A-label form
 * (RFC 5890 §2.3.2.1). Immutable and thread-safe.
 */
public final class PublicSuffixList {

  /** Where and when the bundled copy was taken: the publicsuffix/list repository's commit and its date. */
  public static final String BUNDLED_VERSION = "publicsuffix/list e8c9a2b2b2856b6449999dd0ec0d118f364ed0cd"
      + " (2026-08-19)";

  /** The most octets a list file may have (the real list has about 330 000). */
  public static final long MAX_FILE_OCTETS = 16L << 20;

  /** The most characters a line may have. */
  public static final int MAX_LINE_LENGTH = 1024;

  private static final String RESOURCE = "public_suffix_list.dat";
  private static volatile PublicSuffixList bundled;

  private final Set<String> rules;
  private final Set<String> exceptions;

  private PublicSuffixList(Set<String> rules, Set<String> exceptions) {
    this.rules = Set.copyOf(rules);
    this.exceptions = Set.copyOf(exceptions);
  }

  /**
   * The copy of the list that ships with this module ({@link #BUNDLED_VERSION}), read once.
   *
   * @return the list
   * @throws UncheckedIOException if the module's resource cannot be read (a broken jar)
   */
  public static PublicSuffixList bundled() {
    PublicSuffixList list = bundled;
    if (list == null) {
      try (InputStream in = PublicSuffixList.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException("resource " + RESOURCE + " missing from the jar");
        }
        list = parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      bundled = list;
    }
    return list;
  }

  /**
   * Reads a list file, for example a newer copy of {@code public_suffix_list.dat}.
   *
   * @param file the file (UTF-8)
   * @return the list
   * @throws IOException if it cannot be read, is larger than {@link #MAX_FILE_OCTETS}, has a line longer than
   *                     {@link #MAX_LINE_LENGTH} or no rule at all
   */
  public static PublicSuffixList load(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_OCTETS) {
      throw new IOException("a public suffix list of more than " + MAX_FILE_OCTETS + " octets: " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    }
  }

  /**
   * Reads a list in the file format of https://publicsuffix.org/list/.
   *
   * @param in the list (UTF-8), read to its end, not closed
   * @return the list
   * @throws IOException if it cannot be read, is larger than {@link #MAX_FILE_OCTETS}, has a line longer than
   *                     {@link #MAX_LINE_LENGTH} or no rule at all
   */
  public static PublicSuffixList parse(InputStream in) throws IOException {
    Set<String> rules = new HashSet<>();
    Set<String> exceptions = new HashSet<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    long chars = 0;
    char[] line = new char[MAX_LINE_LENGTH];
    int length = 0;
    for (int c; (c = reader.read()) != -1; ) {
      if (++chars > MAX_FILE_OCTETS) {
        throw new IOException("a public suffix list of more than " + MAX_FILE_OCTETS + " characters");
      }
      if (c == '\n') {
        rule(new String(line, 0, length), rules, exceptions);
        length = 0;
      } else if (length == MAX_LINE_LENGTH) {
        throw new IOException("a public suffix list line longer than " + MAX_LINE_LENGTH + " characters");
      } else {
        line[length++] = (char) c;
      }
    }
    rule(new String(line, 0, length), rules, exceptions);
    if (rules.isEmpty()) {
      throw new IOException("no rule in the public suffix list");
    }
    return new PublicSuffixList(rules, exceptions);
  }

  /** One line: the rule is everything up to the first white space; comments and unreadable rules are skipped. */
  private static void rule(String line, Set<String> rules, Set<String> exceptions) {
    String s = line.strip();
    int space = indexOfWhitespace(s);
    if (space >= 0) {
      s = s.substring(0, space);
    }
    if (s.isEmpty() || s.startsWith("//")) {
      return;
    }
    boolean exception = s.startsWith("!");
    Optional<String> ascii = toAscii(exception ? s.substring(1) : s, true);
    if (ascii.isEmpty()) {
      return;
    }
    (exception ? exceptions : rules).add(ascii.get());
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** A name in lower-case A-label form, or empty when it is not a domain name ({@code *} labels if allowed). */
  private static Optional<String> toAscii(String name, boolean wildcards) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    StringBuilder out = new StringBuilder(n.length());
    for (String label : n.split("\\.", -1)) {
      String a;
      if (wildcards && label.equals("*")) {
        a = label;
      } else {
        try {
          a = IDN.toASCII(label, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
      if (a.isEmpty()) {
        return Optional.empty();
      }
      out.append(out.length() == 0 ? "" : ".").append(a.toLowerCase(Locale.ROOT));
    }
    return DnsNames.isQueryable(out.toString()) ? Optional.of(out.toString()) : Optional.empty();
  }

  /**
   * The public suffix of a domain: the labels the prevailing rule covers.
   *
   * @param domain a domain name, A-labels or U-labels, any case, with or without the trailing dot
   * @return the public suffix in lower-case A-label form
   * @throws IllegalArgumentException if {@code domain} is not a domain name
   */
  public String publicSuffix(String domain) {
    String[] labels = labels(domain);
    return join(labels, labels.length - suffixLabels(labels));
  }

  /**
   * The registrable domain: the public suffix and one more label, or empty when the domain is itself a public
   * suffix.
   *
   * @param domain a domain name
   * @return the registrable domain in lower-case A-label form, if any
   * @throws IllegalArgumentException if {@code domain} is not a domain name
   */
  public Optional<String> registrableDomain(String domain) {
    String[] labels = labels(domain);
    int n = suffixLabels(labels);
    return n >= labels.length ? Optional.empty() : Optional.of(join(labels, labels.length - n - 1));
  }

  /**
   * The Organizational Domain of RFC 7489 §3.2: the public suffix and one more label; a domain that is itself a
   * public suffix is its own Organizational Domain (so a policy published there is still found).
   *
   * @param domain a domain name
   * @return the Organizational Domain in lower-case A-label form
   * @throws IllegalArgumentException if {@code domain} is not a domain name
   */
  public String organizationalDomain(String domain) {
    String[] labels = labels(domain);
    int n = suffixLabels(labels);
    return join(labels, Math.max(0, labels.length - n - 1));
  }

  /** {@return how many rules the list has, exceptions included} */
  public int size() {
    return rules.size() + exceptions.size();
  }

  private static String[] labels(String domain) {
    if (domain == null || domain.isEmpty() || domain.startsWith(".")) {
      throw new IllegalArgumentException("not a domain name: " + (domain == null ? "null" : TagList.excerpt(domain)));
    }
    return toAscii(domain, false)
        .orElseThrow(() -> new IllegalArgumentException("not a domain name: " + TagList.excerpt(domain)))
        .split("\\.");
  }

  /** How many of the rightmost labels the prevailing rule makes the public suffix. */
  private int suffixLabels(String[] labels) {
    int best = 1; // the implicit rule "*"
    for (int k = labels.length; k >= 1; k--) {
      String suffix = join(labels, labels.length - k);
      if (exceptions.contains(suffix)) {
        return k - 1; // an exception rule prevails; its leftmost label is not part of the suffix
      }
      if (k > best && (rules.contains(suffix)
          || rules.contains(k == 1 ? "*" : "*." + join(labels, labels.length - k + 1)))) {
        best = k;
      }
    }
    return best;
  }

  private static String join(String[] labels, int from) {
    return String.join(".", Arrays.copyOfRange(labels, from, labels.length));
  }

}
