package dev.missive.message.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.missive.message.FuzzInputs;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fuzz target for {@link MessageStreamParser} (RFC 5322, RFC 2045–2046) under default and tight limits, raw and
 * decoded: no unchecked exception; the parser always makes progress and ends with the top-level
 * {@code EndMessage}; the events (defects included, in the order {@link EventRecorder} fixes) are the same fed
 * whole, in random chunks and, for short inputs, octet by octet; the octets the events carry never exceed the
 * input. Seeded with the shared Mime4j corpus by {@code fuzz/run.sh}; replayed from
 * {@code MessageStreamParserFuzzTestInputs/}.
 */
class MessageStreamParserFuzzTest {

  @FuzzTest
  void sameEventsInEveryChunking(FuzzedDataProvider data) {
    ParserOptions options = FuzzInputs.options(data);
    long seed = data.consumeLong();
    byte[] input = data.consumeRemainingAsBytes();

    List<String> whole = EventRecorder.whole(input, options);
    assertThat(whole.get(whole.size() - 1)).startsWith("EndMessage[depth=0");
    assertThat(carried(whole)).isLessThanOrEqualTo(input.length);
    SplittableRandom random = new SplittableRandom(seed);
    assertThat(EventRecorder.record(input, options, i -> 1 + random.nextInt(1 + random.nextInt(200))))
        .as("random chunks").isEqualTo(whole);
    if (input.length <= 2048) {
      assertThat(EventRecorder.record(input, options, i -> 1)).as("octet by octet").isEqualTo(whole);
    }
  }

  /** Octets carried by body, preamble, epilogue and field events, as the recorder lists them. */
  private static long carried(List<String> events) {
    long n = 0;
    for (String e : events) {
      int open = e.indexOf('[');
      String kind = e.substring(0, Math.max(0, open));
      if (kind.equals("Body") || kind.equals("Decoded") || kind.equals("Preamble") || kind.equals("Epilogue")) {
        n += e.length() - open - 2;
      } else if (kind.equals("Field")) {
        n += e.lastIndexOf('@') - open - 1;
      }
    }
    return n;
  }
}
