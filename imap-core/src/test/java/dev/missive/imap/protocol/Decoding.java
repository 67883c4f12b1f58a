package dev.missive.imap.protocol;

import dev.missive.testkit.Feeding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    List<String> out = new ArrayList<>();
    StringBuilder data = null;
    Feeding.Splitter splitter = feeding.newSplitter();
    int offset = 0;
    while (offset < input.length) {
      int n = splitter.next(offset, input.length - offset);
      ByteBuffer in = ByteBuffer.wrap(input, offset, n).slice();
      offset += n;
      while (true) {
        CommandInput r = decoder.next(in);
        if (r instanceof CommandInput.NeedInput) {
          break;
        }
        if (r instanceof CommandInput.AppendData d) {
          byte[] b = new byte[d.bytes().remaining()];
          d.bytes().duplicate().get(b);
          if (data == null) {
            data = new StringBuilder();
          }
          data.append(new String(b, StandardCharsets.ISO_8859_1));
          continue;
        }
        if (data != null) {
          out.add("AppendData[" + data + "]");
          data = null;
        }
        if (r instanceof CommandInput.Line l) {
          byte[] b = new byte[l.line().remaining()];
          l.line().duplicate().get(b);
          out.add("Line[" + new String(b, StandardCharsets.ISO_8859_1) + (l.tooLong() ? ", tooLong" : "") + "]");
          continue;
        }
        out.add(r.toString());
        if (r instanceof CommandInput.AppendMessage a) {
          if (accept.test(a)) {
            decoder.acceptAppend();
          } else {
            decoder.rejectAppend();
          }
        }
        if (r instanceof CommandInput.Received rc && rc.command() instanceof dev.missive.imap.command.AuthenticatedCommand.Idle) {
          decoder.expectLine();
        }
      }
    }
    if (data != null) {
      out.add("AppendData[" + data + "]");
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
