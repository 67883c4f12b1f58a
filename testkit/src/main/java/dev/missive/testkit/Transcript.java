package dev.missive.testkit;

import dev.missive.testkit.internal.Escapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A protocol session written in the notation of the RFCs' examples (RFC 5321 Appendix D, RFC 1939 §3), parsed
 * into steps that a {@link TranscriptRunner} plays against an engine.
 *
 * <p><b>Notation</b>, one step per line (leading white space is ignored, so RFC text can be pasted indented):
 * <ul>
 *   <li>{@code C: text} / {@code S: text} — the client / server sends {@code text} (UTF-8) followed by CRLF.
 *       Exactly one space after the colon is part of the notation; {@code C:} alone sends an empty line.</li>
 *   <li>{@code C! text} / {@code S! text} — raw octets, <em>no</em> CRLF appended; {@code \r}, {@code \n},
 *       {@code \t}, {@code \\} and {@code \xHH} are escapes (for smuggling tests such as {@code C! \n.\n}).</li>
 *   <li>{@code S? regex} / {@code C? regex} — one CRLF-terminated line whose whole text matches the
 *       {@link Pattern}; for output that varies (timestamps, challenges). Only for the side under test.</li>
 *   <li>{@code -- tls --} — the engine is waiting for TLS here; the runner establishes it. {@code -- eof --} — the
 *       peer closes its end ({@code receiveEnd()}). {@code -- closed --} — the engine has closed the session.
 *       {@code -- timeout --} — manual time advances to the engine's deadline and {@code onTimeout()} is called.
 *       {@code -- undrained --} — the next turn arrives before the engine's output was drained (a client that talks too
 *       early, docs/architecture.md, "The synchronisation check"); the output lines before and after it are checked
 *       after that turn.</li>
 *   <li>Lines starting with {@code #}, and blank lines, are ignored.</li>
 * </ul>
 * Consecutive lines of one side form one <em>turn</em> (docs/architecture.md, "Chunking independence"): the bytes that
 * side sends before it waits for an answer.
 *
 * <p>Example, the start of RFC 5321 Appendix D.1, kept in a test's resources and read with
 * {@code getClass().getResourceAsStream(...)} so no module's resources are opened across JPMS boundaries:
 * <pre>{@code
 * Transcript t = Transcript.parse("""
 *     S: 220 foo.com Simple Mail Transfer Service Ready
 *     C: EHLO bar.com
 *     S: 250-foo.com greets bar.com
 *     S: 250 HELP
 *     C: QUIT
 *     S: 221 foo.com Service closing transmission channel
 *     -- closed --
 *     """);
 * }</pre>
 */
public final class Transcript {

  private final List<TranscriptStep> steps;

  private Transcript(List<TranscriptStep> steps) {
    this.steps = List.copyOf(steps);
  }

  /**
   * Parses transcript text.
   *
   * @param text the transcript in the RFCs' {@code S:}/{@code C:} notation
   * @return the parsed transcript
   * @throws IllegalArgumentException naming the line number when a line is not in the notation
   */
  public static Transcript parse(String text) {
    List<TranscriptStep> steps = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      try {
        TranscriptStep step = parseLine(line.stripLeading(), i + 1);
        if (step != null) {
          steps.add(step);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("transcript line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
      }
    }
    return new Transcript(steps);
  }

  /**
   * Reads the stream fully as UTF-8 (closing it) and parses it, see {@link #parse(String)}.
   *
   * @param in the transcript text in UTF-8
   * @return the parsed transcript
   */
  public static Transcript parse(InputStream in) {
    try (InputStream s = in) {
      return parse(new String(s.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read transcript", e);
    }
  }

  /**
   * Reads the transcript at {@code /transcripts/<path>} in a module's test resources, the one layout of every
   * module's transcripts: {@code transcripts/<protocol>/<client|server>/<name>.txt}.
   *
   * @param resources the module's own resource lookup, a method reference such as
   *                  {@code MyTest.class::getResourceAsStream} (made in the module's code, so that the resources of
   *                  a named module are readable)
   * @param path      the path under {@code transcripts/}, for example {@code smtp/server/rfc5321-d1.txt}
   * @return the parsed transcript
   * @throws IllegalArgumentException if there is no such resource
   */
  public static Transcript resource(Function<String, InputStream> resources, String path) {
    InputStream in = resources.apply("/transcripts/" + path);
    if (in == null) {
      throw new IllegalArgumentException("no transcript " + path);
    }
    return parse(in);
  }

  /** {@return the steps in order} */
  List<TranscriptStep> steps() {
    return steps;
  }

  /** {@return whether any {@code -- tls --} marker is present (then TLS is only established where a marker says)} */
  public boolean hasTlsMarkers() {
    for (TranscriptStep s : steps) {
      if (s instanceof TranscriptStep.Marker m && m.kind() == TranscriptStep.MarkerKind.TLS) {
        return true;
      }
    }
    return false;
  }

  /**
   * The length in octets of the longest turn {@code side} sends (consecutive octet lines of that
   * side), or 0 when it sends nothing.
   *
   * @param side the sender
   * @return the longest turn's length in octets
   */
  public int longestTurn(Side side) {
    int longest = 0;
    int current = 0;
    for (TranscriptStep s : steps) {
      if (s instanceof TranscriptStep.Octets o && o.side() == side) {
        current += o.octets().length;
        longest = Math.max(longest, current);
      } else {
        current = 0;
      }
    }
    return longest;
  }

  private static TranscriptStep parseLine(String line, int number) {
    if (line.isBlank() || line.startsWith("#")) {
      return null;
    }
    if (line.startsWith("--")) {
      return marker(line.strip(), number);
    }
    if (line.length() < 2 || (line.charAt(0) != 'C' && line.charAt(0) != 'S')) {
      throw new IllegalArgumentException("not transcript notation (C:, S:, C!, S!, C?, S?, -- marker --, #)");
    }
    Side side = Side.ofLetter(line.charAt(0));
    String rest = line.length() > 2 && line.charAt(2) == ' ' ? line.substring(3) : line.substring(2);
    switch (line.charAt(1)) {
      case ':':
        return new TranscriptStep.Octets(side, number, (rest + "\r\n").getBytes(StandardCharsets.UTF_8));
      case '!':
        return new TranscriptStep.Octets(side, number, Escapes.decode(rest));
      case '?':
        try {
          return new TranscriptStep.LinePattern(side, number, Pattern.compile(rest));
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("bad pattern (" + e.getDescription() + ")", e);
        }
      default:
        throw new IllegalArgumentException("expected ':', '!' or '?' after " + side.letter());
    }
  }

  private static TranscriptStep marker(String line, int number) {
    if (!line.endsWith("--") || line.length() < 5) {
      throw new IllegalArgumentException("a marker is written -- name --");
    }
    String name = line.substring(2, line.length() - 2).strip().toUpperCase(Locale.ROOT);
    for (TranscriptStep.MarkerKind k : TranscriptStep.MarkerKind.values()) {
      if (k.name().equals(name)) {
        return new TranscriptStep.Marker(k, number);
      }
    }
    throw new IllegalArgumentException("unknown marker (tls, eof, closed, timeout, undrained)");
  }

  @Override
  public String toString() {
    return "Transcript[" + steps.size() + " steps]";
  }
}
