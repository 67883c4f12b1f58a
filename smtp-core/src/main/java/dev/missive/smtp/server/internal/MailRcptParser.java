package dev.missive.smtp.server.internal;

import dev.missive.message.address.EnvelopeSyntax;
import dev.missive.message.address.ForwardPath;
import dev.missive.message.address.PathError;
import dev.missive.message.address.PathResult;
import dev.missive.message.address.ReversePath;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import java.util.Set;

/**
 * Parses the arguments of MAIL FROM and RCPT TO (RFC 5321 §4.1.1.2–§4.1.1.3): the {@code FROM:}/{@code TO:}
 * keyword, the path through message-format's {@link EnvelopeSyntax} (length limits of RFC 5321 §4.5.3.1), and the
 * parameters through {@link ParameterParser}. A space after the colon is tolerated, as deployed servers do.
 */
public final class MailRcptParser {

  /**
   * A parsed MAIL command.
   *
   * @param reversePath the reverse-path, possibly the null path
   * @param parameters  the ESMTP parameters
   */
  public record MailCommand(ReversePath reversePath, MailParameters parameters) {
  }

  /**
   * A parsed RCPT command.
   *
   * @param forwardPath the forward-path
   * @param parameters  the ESMTP parameters
   */
  public record RcptCommand(ForwardPath forwardPath, RcptParameters parameters) {
  }


  private static final Reply MAIL_SYNTAX = Reply.of(501, "5.5.4", "Syntax: MAIL FROM:<address>");
  private static final Reply RCPT_SYNTAX = Reply.of(501, "5.5.4", "Syntax: RCPT TO:<address>");

  private MailRcptParser() {
  }

  /**
   * Parses {@code FROM:<path> [params]}.
   *
   * @param args          the text after {@code MAIL }
   * @param offered       the extensions in effect
   * @param maxSize       the message size limit
   * @param authenticated whether the client authenticated; if not, {@code AUTH=} is taken as {@code <>}
   *                      (RFC 4954 §5)
   * @return the command, or the reply refusing it
   */
  public static Parsed<MailCommand> mail(String args, Set<SmtpExtension> offered, long maxSize,
      boolean authenticated) {
    int start = pathStart(args, "FROM:");
    if (start < 0) {
      return Parsed.fail(MAIL_SYNTAX);
    }
    PathResult<ReversePath> r =
        EnvelopeSyntax.of(offered.contains(SmtpExtension.SMTPUTF8)).parseReversePath(args, start);
    if (r instanceof PathResult.Invalid) {
      return Parsed.fail(pathError(((PathResult.Invalid<ReversePath>) r).error(), true));
    }
    PathResult.Parsed<ReversePath> path = (PathResult.Parsed<ReversePath>) r;
    Parsed<MailParameters> params = ParameterParser.mail(args.substring(path.end()), offered, maxSize);
    if (params.failed()) {
      return Parsed.fail(params.error());
    }
    MailParameters p = params.value();
    if (path.path().requiresUtf8() && !p.smtpUtf8()) {
      return Parsed.fail(Reply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8"));
    }
    if (p.auth().isPresent() && !authenticated) {
      p = p.withAuth("<>");
    }
    return Parsed.ok(new MailCommand(path.path(), p));
  }

  /**
   * Parses {@code TO:<path> [params]}.
   *
   * @param args     the text after {@code RCPT }
   * @param offered  the extensions in effect
   * @param smtpUtf8 whether the transaction's MAIL FROM carried SMTPUTF8
   * @return the command, or the reply refusing it
   */
  public static Parsed<RcptCommand> rcpt(String args, Set<SmtpExtension> offered, boolean smtpUtf8) {
    int start = pathStart(args, "TO:");
    if (start < 0) {
      return Parsed.fail(RCPT_SYNTAX);
    }
    PathResult<ForwardPath> r = EnvelopeSyntax.of(smtpUtf8).parseForwardPath(args, start);
    if (r instanceof PathResult.Invalid) {
      return Parsed.fail(pathError(((PathResult.Invalid<ForwardPath>) r).error(), false));
    }
    PathResult.Parsed<ForwardPath> path = (PathResult.Parsed<ForwardPath>) r;
    Parsed<RcptParameters> params = ParameterParser.rcpt(args.substring(path.end()), offered);
    if (params.failed()) {
      return Parsed.fail(params.error());
    }
    return Parsed.ok(new RcptCommand(path.path(), params.value()));
  }

  /** Index of the path after the keyword and optional spaces, or -1. */
  private static int pathStart(String args, String keyword) {
    if (!args.regionMatches(true, 0, keyword, 0, keyword.length())) {
      return -1;
    }
    int i = keyword.length();
    while (i < args.length() && args.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static Reply pathError(PathError error, boolean reversePath) {
    String who = reversePath ? "sender" : "recipient";
    String text;
    switch (error) {
      case LOCAL_PART_TOO_LONG:
        text = "Local part of " + who + " address longer than 64 octets";
        break;
      case DOMAIN_TOO_LONG:
        text = "Domain of " + who + " address longer than 255 octets";
        break;
      case PATH_TOO_LONG:
        text = "Path of " + who + " longer than 256 octets";
        break;
      case NON_ASCII:
        text = "Non-ASCII " + who + " address requires SMTPUTF8";
        break;
      default:
        text = "Bad " + who + " address syntax";
    }
    return Reply.of(error.replyCode(), error.enhancedStatus(reversePath), text);
  }
}
