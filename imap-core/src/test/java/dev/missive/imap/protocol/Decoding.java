package dev.missive.imap.protocol;

import dev.missive.imap.command.AuthenticatedCommand;
import dev.missive.testkit.Feeding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/** Feeds bytes to a {@link CommandDecoder} in the pieces a {@link Feeding} chooses and records what comes out. */
final class Decoding {

  private Decoding() {}

  static List<String> decode(String input) {
    return decode(new CommandDecoder(ImapLimits.DEFAULT, NonSynchronizingLiterals.LITERAL_PLUS), bytes(input),
        Feeding.whole(), a -> true);
  }

  static List<String> decode(CommandDecoder decoder, byte[] input, Feeding feeding,
                             Predicate<CommandInput.AppendMessage> accept) {
    return new Feed<CommandInput>(decoder::next, CommandInput.NeedInput.class,
        u -> u instanceof CommandInput.AppendData d ? d.bytes() : null, "AppendData", u -> {
          if (u instanceof CommandInput.Line l) {
            byte[] b = new byte[l.line().remaining()];
            l.line().duplicate().get(b);
            return "Line[" + new String(b, StandardCharsets.ISO_8859_1) + (l.tooLong() ? ", tooLong" : "") + "]";
          }
          if (u instanceof CommandInput.AppendMessage a) {
            if (accept.test(a)) {
              decoder.acceptAppend();
            } else {
              decoder.rejectAppend();
            }
          }
          if (u instanceof CommandInput.Received r && r.command() instanceof AuthenticatedCommand.Idle) {
            decoder.expectLine();
          }
          return u.toString();
        }).run(input, feeding);
  }

  /** The non-comment lines of a test resource beside this class. */
  static List<String> exampleLines(String resource) {
    try (java.io.InputStream in = Decoding.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
