package dev.missive.imap.protocol;

import dev.missive.testkit.Feeding;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Feeds server bytes to a {@link ResponseDecoder} in the pieces a {@link Feeding} chooses; section data merged. */
final class ClientDecoding {

  private ClientDecoding() {}

  static List<String> decode(String input, Feeding feeding) {
    return decode(new ResponseDecoder(ImapLimits.DEFAULT), input.getBytes(StandardCharsets.UTF_8), feeding);
  }

  static List<String> decode(ResponseDecoder decoder, byte[] input, Feeding feeding) {
    return new Feed<ResponseInput>(decoder::next, ResponseInput.NeedInput.class,
        u -> u instanceof ResponseInput.SectionData d ? d.bytes() : null, "SectionData", Object::toString)
        .run(input, feeding);
  }
}
