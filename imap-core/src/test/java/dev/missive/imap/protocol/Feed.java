package dev.missive.imap.protocol;

import dev.missive.testkit.Feeding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Feeds bytes to a decoder in the pieces a {@link Feeding} chooses, records each unit as text and merges runs of
 * data chunks into one entry, so runs with different splits compare equal.
 *
 * @param <U> the decoder's unit type
 */
final class Feed<U> {

  private final Function<ByteBuffer, U> next;
  private final Class<?> needInput;
  private final Function<U, ByteBuffer> data;
  private final String dataName;
  private final Function<U, String> show;

  /**
   * @param next      the decoder's next(in)
   * @param needInput the unit type that means "all consumed"
   * @param data      the octets of a data unit, or null for other units
   * @param dataName  how merged data is shown
   * @param show      how other units are shown (null to skip one)
   */
  Feed(Function<ByteBuffer, U> next, Class<?> needInput, Function<U, ByteBuffer> data, String dataName,
       Function<U, String> show) {
    this.next = next;
    this.needInput = needInput;
    this.data = data;
    this.dataName = dataName;
    this.show = show;
  }

  List<String> run(byte[] input, Feeding feeding) {
    List<String> out = new ArrayList<>();
    StringBuilder merged = null;
    Feeding.Splitter splitter = feeding.newSplitter();
    int offset = 0;
    while (offset < input.length) {
      int n = splitter.next(offset, input.length - offset);
      ByteBuffer in = ByteBuffer.wrap(input, offset, n).slice();
      offset += n;
      while (true) {
        U u = next.apply(in);
        if (needInput.isInstance(u)) {
          break;
        }
        ByteBuffer d = data.apply(u);
        if (d != null) {
          byte[] b = new byte[d.remaining()];
          d.duplicate().get(b);
          merged = merged == null ? new StringBuilder() : merged;
          merged.append(new String(b, StandardCharsets.ISO_8859_1));
          continue;
        }
        if (merged != null) {
          out.add(dataName + "[" + merged + "]");
          merged = null;
        }
        String s = show.apply(u);
        if (s != null) {
          out.add(s);
        }
      }
    }
    if (merged != null) {
      out.add(dataName + "[" + merged + "]");
    }
    return out;
  }
}
