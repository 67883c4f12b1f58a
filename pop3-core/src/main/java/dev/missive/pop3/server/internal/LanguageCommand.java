package dev.missive.pop3.server.internal;

import dev.missive.pop3.Pop3Response;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The LANG command of RFC 6856 §3 for a server whose response texts exist in English only: {@code LANG} lists
 * {@code en English}; {@code LANG range} takes a language range (RFC 4647 §2.1) and answers {@code +OK en …} when
 * the range's lookup (RFC 4647 §3.4: the range, then its prefixes) reaches {@code en}, or for {@code *}; any other
 * language gets {@code -ERR} and the current language stays.
 */
public final class LanguageCommand {

  /** RFC 4647 §2.1 language-range: {@code *} or 1*8ALPHA *("-" 1*8alphanum). */
  private static final Pattern RANGE = Pattern.compile("\\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");

  /** The outcome: a response, and for a listing the lines that follow it. */
  public record Result(Pop3Response response, List<String> listing, boolean syntaxError) {
  }

  private LanguageCommand() {
  }

  /**
   * Answers LANG with these arguments.
   *
   * @param args the command's arguments, split at spaces
   * @return the response to send
   */
  public static Result handle(String[] args) {
    if (args.length == 0) {
      return new Result(Pop3Response.ok("Language listing follows"), List.of("en English"), false);
    }
    if (args.length > 1 || !RANGE.matcher(args[0]).matches()) {
      return new Result(Pop3Response.err("invalid language range"), null, true);
    }
    String range = args[0].toLowerCase(Locale.ROOT);
    if (range.equals("*") || lookupReaches(range, "en")) {
      return new Result(Pop3Response.ok("en Language is English"), null, false);
    }
    return new Result(Pop3Response.err("en Language not supported"), null, false);
  }

  /** RFC 4647 §3.4 lookup: the range or one of its prefixes (cut at a hyphen) equals {@code tag}. */
  private static boolean lookupReaches(String range, String tag) {
    String r = range;
    while (true) {
      if (r.equals(tag)) {
        return true;
      }
      int cut = r.lastIndexOf('-');
      if (cut < 0) {
        return false;
      }
      r = r.substring(0, cut);
      if (r.length() > 1 && r.charAt(r.length() - 2) == '-') {
        r = r.substring(0, r.lastIndexOf('-')); // §3.4: a single-letter subtag is removed with what it introduces
      }
    }
  }
}
